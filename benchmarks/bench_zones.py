"""Impact zones and time intervals on the CNS narratives and the seed (issue 12).

Run: ``.venv/bin/python benchmarks/bench_zones.py [--csv PATH] [--no-prior] [--show-misses]``
(or ``make bench BENCH=zones``).

Every narrative ("Additional Information") of the CNS North Korea Missile Test Database
is read as a report dated on its row's Date and taken through the pipeline
(:func:`geo.pipeline.events_of_report`: extraction, typing, enrichment). The *launch* of a
row is its main launch event (``main_launch`` of ``bench_extract.py``: the launch-type
event with the most fields filled).

Figures printed:

- **zone share**: of the launches with a range (``range_km`` or ``range_band_km``), the
  share with an impact zone; also split by whether the launch site is located (a launch
  whose site is not located gets its zone from the country's launch area);
- **in landing area**: of those with a zone whose CNS row names a sea as "Landing Location"
  (Sea of Japan or East Sea / Yellow Sea or West Sea / Pacific Ocean), the share whose
  estimated impact point (the best-ranked zone's) lies in that sea's Natural Earth marine
  polygons or within :data:`TOLERANCE_KM` of them (the polygons stop at a simplified
  coast);
- **median zone area**, km^2, of the zone drawn (the best-ranked candidate when a
  ranking is made) for those launches;
- **zones by basis**: what the best zone was drawn from (``site`` or ``origins``, plus
  ``eez``, ``offset``, ``near`` when those statements narrowed it, ``failed``);
- **kinds and certainty** (issue 12 item 3): events by kind (aggregate, background,
  condemnation, concern) and by ``certainty``; the median time per narrative;
- **time intervals**: the share of the seed's events and of the narratives' events that
  have a time interval (a first day ``date``; the last is ``date_end`` or the same day), by
  ``date_precision``.

``--no-prior`` ranks candidate zones without the landing-area prior (that prior is derived
from the same CNS table: see docs/extract.md), to report the figures both ways.
``--prior-before YEAR`` builds the prior from the rows dated before YEAR only and measures
on the rows from YEAR on: the prior then knows nothing of the launches it is judged on.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import tempfile
import statistics
import sys
import time
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
    ap.add_argument("--prior-before", type=int, metavar="YEAR",
                    help="build the landing prior from the rows before YEAR only and measure on the rows from YEAR on")
    args = ap.parse_args()
    if args.no_prior:
        os.environ["GEO_NO_LANDING_PRIOR"] = "1"
    if args.prior_before:
        sys.path.insert(0, str(ROOT / "scripts"))
        from build_landing_prior import build

        def before(row: dict) -> bool:
            day, _ = _row_date(row.get("Date") or "")
            return day is not None and day.year < args.prior_before

        prior = build(args.csv, keep=before)
        tmp = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
        json.dump(prior, tmp)
        tmp.close()
        os.environ["GEO_LANDING_PRIOR"] = tmp.name
        print(f"landing prior from rows before {args.prior_before}: {sum(prior['overall'].values())} landings; "
              f"measured on rows from {args.prior_before} on")
    if not args.csv.is_file():
        sys.exit(f"{args.csv} not found (the CNS table lives in ../shared/data/cns-missile-tests)")
    rows = load_rows(args.csv)
    # per group ("all", "site located", "site not located"): launches with a range, with a zone,
    # with a landing sea named by the CNS row, with the zone's point in it, zone areas
    stats = {g: {"range": 0, "zone": 0, "known": 0, "inside": 0, "areas": []} for g in ("all", "site", "no site")}
    bases: collections.Counter = collections.Counter()
    n_events = n_dated = 0
    precisions: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    certainty: collections.Counter = collections.Counter()
    seconds: list[float] = []
    for row in rows:
        text = (row.get("Additional Information") or "").strip()
        day, _ = _row_date(row["Date"])
        if not text or day is None or (args.prior_before and day.year < args.prior_before):
            continue
        t0 = time.perf_counter()
        events = events_of_report(Report(source=f"cns-{row['F1']}", date=day, text=text))
        seconds.append(time.perf_counter() - t0)
        for e in events:
            if e.subtype in ("aggregate", "background", "condemnation", "concern"):
                kinds[e.subtype] += 1
            certainty[e.certainty] += 1
            n_events += 1
            n_dated += e.date is not None  # the interval is [date, date_end or date]
            precisions[e.date_precision] += 1
        launch = _main_launch(events)
        if launch is None or (launch.range_km is None and launch.range_band_km is None):
            continue
        g = launch.geometry
        groups = ("all", "site" if launch.launch_site is not None else "no site")
        for k in groups:
            stats[k]["range"] += 1
        if g.impact_zone is None:
            if args.show_misses:
                print(f"--- no zone row {row['F1']} {row['Date']}: {g.note}\n    {text[:300]}")
            continue
        if g.zone_candidates:
            bases[g.zone_candidates[0].get("basis") or "?"] += 1
        sea = _LANDING.get((row.get("Landing Location") or "").strip())
        ok = sea is not None and g.impact_point is not None and _in_sea(g.impact_point[0], g.impact_point[1], sea)
        for k in groups:
            stats[k]["zone"] += 1
            if g.zone_area_km2:
                stats[k]["areas"].append(g.zone_area_km2)
            if sea and g.impact_point:
                stats[k]["known"] += 1
                stats[k]["inside"] += ok
        if args.show_misses and sea and not ok:
            print(f"--- outside {sea} row {row['F1']} {row['Date']}: point {g.impact_point} hint {launch.impact_hint}\n"
                  f"    {g.note}\n    {text[:300]}")
    seed = events_of_report(read_report(SEED))
    seed_dated = sum(e.date is not None for e in seed)
    print(f"landing prior: {'off (--no-prior)' if args.no_prior else 'on'}")
    labels = {"all": "all launches with a range", "site": "  of which site located", "no site": "  of which site not located"}
    for k, st in stats.items():
        med = f"{statistics.median(st['areas']):>10,.0f} km2" if st["areas"] else " " * 14
        print(f"{labels[k]:<30} zone {st['zone']:>3} / {st['range']:<3} {st['zone'] / max(st['range'], 1):6.1%}   "
              f"in CNS landing area {st['inside']:>3} / {st['known']:<3} {st['inside'] / max(st['known'], 1):6.1%}   "
              f"median zone area {med}")
    print(f"  (landing area: rows naming a sea; the zone's point within {TOLERANCE_KM:g} km of its polygons)")
    print("  zones by basis: " + ", ".join(f"{k}: {v}" for k, v in bases.most_common()))
    print(f"time intervals: seed {seed_dated} / {len(seed)} events {seed_dated / max(len(seed), 1):.1%}; "
          f"narratives {n_dated} / {n_events} {n_dated / max(n_events, 1):.1%}")
    print("  narratives' events by date_precision: " + ", ".join(f"{k}: {v}" for k, v in precisions.most_common()))
    seed_kinds = collections.Counter(e.subtype for e in seed if e.subtype in ("aggregate", "background", "condemnation", "concern"))
    print("events by kind: seed " + ", ".join(f"{k}: {v}" for k, v in sorted(seed_kinds.items()))
          + "; narratives " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))
    print("events by certainty: seed " + ", ".join(f"{k}: {v}" for k, v in collections.Counter(e.certainty for e in seed).most_common())
          + "; narratives " + ", ".join(f"{k}: {v}" for k, v in certainty.most_common()))
    print(f"time per narrative (extract + enrich): median {statistics.median(seconds) * 1000:.0f} ms over {len(seconds)} "
          "(a loaded shared machine)")


if __name__ == "__main__":
    main()
