"""Extraction time against report size, 100 KB to 10 MB: is it linear in the text's length?

Run: ``make bench BENCH=extract_scale`` or
``.venv/bin/python benchmarks/bench_extract_scale.py [--sizes 100K,300K,1M,3M,10M] [--runs N] [--code PATH]``

The text: the seed report (``seeds/*.txt``) and the fixture reports
(``tests/fixtures/reports/*``), real-style news text about launches, talks and drills,
each read as the app reads it and joined with blank lines, over and over until the size is
reached (cut at the size). Repetition keeps the mix of sentences the same at every size, so
time per KB should not change with size if extraction is linear; the report date is the
seed's, 2023-12-18.

For each size: the median wall time of ``extract_report`` over ``--runs`` runs (5 at
100 KB, 3 at 300 KB and 1 MB, 1 above: 10 MB takes minutes), throughput in KB/s, and
time/size relative to the smallest size (1.0 everywhere means linear; the code before
issue 16 gave 1.0, 1.5, 2.6 at 100 KB, 300 KB, 1 MB). Data loading (gazetteer, geoparser)
is done once before timing.

``--code PATH`` measures the ``geo`` package found in PATH instead of this checkout's, e.g.
the code before a change: ``git archive COMMIT geo data | tar -x -C /tmp/before`` then
``--code /tmp/before`` (the text is still read from this checkout). docs/reliability.md
quotes both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SIZES = "100K,300K,1M,3M,10M"


def parse_size(s: str) -> int:
    s = s.strip().upper()
    factor = {"K": 1_000, "M": 1_000_000}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "KM" else s) * factor)


def pieces() -> list[str]:
    """The seed and fixture reports' texts, as the app reads them."""
    from geo.reports import read_report

    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "reports").iterdir())
    return [read_report(p).text for p in files]


def build_text(size: int, parts: list[str]) -> str:
    """``parts`` repeated in order, joined by blank lines, cut at ``size`` characters."""
    out, n, i = [], 0, 0
    while n < size:
        out.append(parts[i % len(parts)])
        n += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)[:size]


def runs_for(size: int, runs: int | None) -> int:
    if runs is not None:
        return runs
    return 5 if size <= 100_000 else 3 if size <= 1_000_000 else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=SIZES, help=f"comma-separated sizes in characters, K/M suffixes (default {SIZES})")
    ap.add_argument("--runs", type=int, help="runs per size (default: 5 at 100 KB, 3 up to 1 MB, 1 above)")
    ap.add_argument("--code", type=Path, help="measure the geo package in this directory (e.g. an older commit's)")
    args = ap.parse_args()
    code = (args.code or ROOT).resolve()
    sys.path.insert(0, str(code))
    import geo
    from geo.extract import extract_report
    from geo.reports import Report

    if not Path(geo.__file__).resolve().is_relative_to(code):
        sys.exit(f"geo was imported from {geo.__file__}, not from {code}")
    parts = pieces()
    day = dt.date(2023, 12, 18)
    t0 = time.perf_counter()
    extract_report(Report("warm-up", day, parts[0]))
    print(f"code: {code} (geo from {Path(geo.__file__).parent}); data loaded in {time.perf_counter() - t0:.1f} s")
    print("text: seeds/*.txt + tests/fixtures/reports/* repeated, blank lines between; one process, one core")
    print(f"{'size':>8}{'chars':>12}{'events':>8}{'runs':>6}{'median s':>10}{'KB/s':>8}{'time/size':>11}")
    base = None
    for size in (parse_size(s) for s in args.sizes.split(",")):
        report = Report(f"bench-{size}.txt", day, build_text(size, parts))
        times = []
        for _ in range(runs_for(size, args.runs)):
            gc.collect()
            t = time.perf_counter()
            events = extract_report(report)
            times.append(time.perf_counter() - t)
        med = statistics.median(times)
        per_char = med / size
        base = base or per_char
        label = f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size / 1_000:g} KB"
        print(f"{label:>8}{size:>12,}{len(events):>8}{len(times):>6}{med:>10.2f}{size / 1000 / med:>8.1f}{per_char / base:>11.2f}",
              flush=True)
        del events


if __name__ == "__main__":
    main()
