"""Build ``data/zones/landing_prior.json``: where launches came down, by launch facility.

Source: the CNS North Korea Missile Test Database
(``../shared/data/cns-missile-tests/north_korea_missile_test_database.csv``, or the CSV given
as the first argument), "Landing Location" and "Facility Name"/coordinates of each row.
Counted: rows whose Landing Location names a sea ("Sea of Japan or East Sea" -> ``Sea of
Japan``, "Yellow Sea or West Sea" -> ``Yellow Sea``, "... Pacific Ocean" -> ``Pacific
Ocean``); rows with "Unknown", "N/A" or nothing are left out.

The counts are a *prior* for ranking candidate impact zones (:mod:`geo.geodesy.enrich`):
what a launch site has fired into before. They are derived from the same table whose
narratives are the evaluation set of ``benchmarks/bench_zones.py``; that benchmark
reports its figures with and without the prior (``--no-prior``).

Run: ``.venv/bin/python scripts/build_landing_prior.py [CSV]`` (``make data`` runs it).
"""

from __future__ import annotations

import collections
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT.parent / "shared" / "data" / "cns-missile-tests" / "north_korea_missile_test_database.csv"
OUT = ROOT / "geo" / "data" / "zones" / "landing_prior.json"


def landing_sea(cell: str) -> str | None:
    """The sea a Landing Location names, in the categories of the prior, or None."""
    low = (cell or "").lower()
    if "sea of japan" in low or "east sea" in low:
        return "Sea of Japan"
    if "yellow sea" in low or "west sea" in low:
        return "Yellow Sea"
    if "pacific" in low:
        return "Pacific Ocean"
    return None


def build(src: Path, keep=None) -> dict:
    """The prior from the table at ``src``; ``keep(row)`` selects rows (all by default)."""
    with open(src, encoding="cp1252", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if keep is None or keep(r)]
    overall: collections.Counter = collections.Counter()
    sites: dict[str, dict] = {}
    for row in rows:
        sea = landing_sea(row.get("Landing Location", ""))
        if sea is None:
            continue
        overall[sea] += 1
        name = (row.get("Facility Name") or "").strip()
        try:
            lat, lon = float(row["Facility Latitude"]), float(row["Facility Longitude"])
        except (KeyError, ValueError):
            continue
        if not name or name.lower() == "unknown":
            continue
        s = sites.setdefault(name, {"lat": lat, "lon": lon, "counts": collections.Counter()})
        s["counts"][sea] += 1
    return {
        "source": "CNS North Korea Missile Test Database, James Martin Center for Nonproliferation Studies / NTI",
        "built_by": "scripts/build_landing_prior.py",
        "note": "counts of CNS rows by Landing Location sea; the same table's narratives are the evaluation set",
        # the table is North Korea's launches: the table-wide shares are a prior for its launches only
        "country": "KP",
        "overall": dict(overall.most_common()),
        "sites": [{"name": n, "lat": v["lat"], "lon": v["lon"], "counts": dict(v["counts"].most_common())}
                  for n, v in sorted(sites.items())],
    }


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else DEFAULT_SRC
    data = build(src)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {sum(data['overall'].values())} landings, {len(data['sites'])} sites, overall {data['overall']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
