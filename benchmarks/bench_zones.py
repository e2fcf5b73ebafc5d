"""Impact zones and time intervals on the CNS narratives and the seed (issue 12).

Run: ``.venv/bin/python benchmarks/bench_zones.py [--csv PATH] [--no-prior] [--show-misses]``
(or ``make bench BENCH=zones``).

Every narrative ("Additional Information") of the CNS North Korea Missile Test Database
is read as a report dated on its row's Date and taken through the pipeline
(:func:`geo.pipeline.events_of_report`: extraction, typing, enrichment). The *launch* of a
row is its main launch event (``main_launch`` of ``bench_extract.py``: the launch-type
event with the most fields filled).

Figures printed:

- **zone share**: of the launches with a range (``range_km`` or ``range_band_km``) and a
  located launch site, the share with an impact zone;
- **in landing area**: of those with a zone whose CNS row names a sea as "Landing Location"
  (Sea of Japan or East Sea / Yellow Sea or West Sea / Pacific Ocean), the share whose
  estimated impact point (the best-ranked zone's) lies in that sea's Natural Earth marine
  polygons or within :data:`TOLERANCE_KM` of them (the polygons stop at a simplified
  coast);
- **median zone area**, km^2, of the zone drawn (the best-ranked candidate when a
  ranking is made) for those launches;
- **time intervals**: the share of the seed's events and of the narratives' events that
  have a ``date`` (a first day), by ``date_precision``.

``--no-prior`` ranks candidate zones without the landing-area prior (that prior is derived
from the same CNS table: see docs/extract.md), to report the figures both ways.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_extract import DEFAULT_CSV, _row_date, load_rows  # noqa: E402
from shapely.geometry import Point  # noqa: E402
from shapely.ops import unary_union  # noqa: E402

from geo.events import LAUNCH_TYPES  # noqa: E402
from geo.geodesy.seas import find_seas  # noqa: E402
from geo.pipeline import events_of_report  # noqa: E402
from geo.reports import Report, read_report  # noqa: E402

TOLERANCE_KM = 25.0
SEED = ROOT / "seeds" / "2023-12-18_north-korea-srbm-launch.txt"
_LANDING = {"Sea of Japan or East Sea": "Sea of Japan", "Yellow Sea or West Sea": "Yellow Sea",
            "Pacific Ocean": "Pacific Ocean"}


def _main_launch(events):
    launches = [e for e in events if e.type in LAUNCH_TYPES]
    if not launches:
        return None
    def filled(e):
        return sum(bool(x) for x in (e.date_precision in ("day", "range"), e.range_km, e.apogee_km, e.launch_site))
    return max(launches, key=lambda e: (filled(e), -launches.index(e)))


_SEA_SHAPES: dict[str, object] = {}


def _in_sea(lat: float, lon: float, sea: str) -> bool:
    if sea not in _SEA_SHAPES:
        _SEA_SHAPES[sea] = unary_union([s.geometry for s in find_seas(sea)])
    shape = _SEA_SHAPES[sea]
    pt = Point(lon, lat)
    # degrees to km near 40 N: 1 deg lat ~ 111 km; the tolerance is a small margin, not a buffer
    return shape.covers(pt) or shape.distance(pt) * 111.0 <= TOLERANCE_KM


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--no-prior", action="store_true", help="rank candidate zones without the CNS landing prior")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    if args.no_prior:
        os.environ["GEO_NO_LANDING_PRIOR"] = "1"
    if not args.csv.is_file():
        sys.exit(f"{args.csv} not found (the CNS table lives in ../shared/data/cns-missile-tests)")
    rows = load_rows(args.csv)
    any_range = any_zone = 0
    with_range = with_zone = landing_known = in_landing = 0
    areas: list[float] = []
    n_events = n_dated = 0
    precisions: collections.Counter = collections.Counter()
    for row in rows:
        text = (row.get("Additional Information") or "").strip()
        day, _ = _row_date(row["Date"])
        if not text or day is None:
            continue
        events = events_of_report(Report(source=f"cns-{row['F1']}", date=day, text=text))
        for e in events:
            n_events += 1
            n_dated += e.date is not None
            precisions[e.date_precision] += 1
        launch = _main_launch(events)
        if launch is None or (launch.range_km is None and launch.range_band_km is None):
            continue
        any_range += 1
        any_zone += launch.geometry.impact_zone is not None
        if launch.launch_site is None:
            continue
        with_range += 1
        g = launch.geometry
        if g.impact_zone is None:
            if args.show_misses:
                print(f"--- no zone row {row['F1']} {row['Date']}: {g.note}\n    {text[:300]}")
            continue
        with_zone += 1
        if g.zone_area_km2:
            areas.append(g.zone_area_km2)
        sea = _LANDING.get((row.get("Landing Location") or "").strip())
        if sea and g.impact_point:
            landing_known += 1
            ok = _in_sea(g.impact_point[0], g.impact_point[1], sea)
            in_landing += ok
            if args.show_misses and not ok:
                print(f"--- outside {sea} row {row['F1']} {row['Date']}: point {g.impact_point} hint {launch.impact_hint}\n"
                      f"    {g.note}\n    {text[:300]}")
    seed = events_of_report(read_report(SEED))
    seed_dated = sum(e.date is not None for e in seed)
    print(f"CNS narratives, launches with a range: {any_range}, with an impact zone {any_zone} "
          f"({any_zone / max(any_range, 1):.1%}); without a located launch site there is no zone")
    print(f"CNS narratives, launches with a range and a located site: {with_range}")
    print(f"  with an impact zone:           {with_zone:>4} / {with_range:<4} {with_zone / max(with_range, 1):6.1%}")
    print(f"  zone's point in landing area:  {in_landing:>4} / {landing_known:<4} {in_landing / max(landing_known, 1):6.1%}"
          f"   (rows naming a sea; within {TOLERANCE_KM:g} km of its polygons)")
    if areas:
        print(f"  median zone area:              {statistics.median(areas):,.0f} km2 over {len(areas)} zones")
    print(f"  landing prior: {'off (--no-prior)' if args.no_prior else 'on'}")
    print(f"time intervals: seed {seed_dated} / {len(seed)} events {seed_dated / max(len(seed), 1):.1%}; "
          f"narratives {n_dated} / {n_events} {n_dated / max(n_events, 1):.1%}")
    print("  narratives' events by date_precision: " + ", ".join(f"{k}: {v}" for k, v in precisions.most_common()))


if __name__ == "__main__":
    main()
