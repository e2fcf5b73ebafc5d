"""Benchmark the dashboard's frame rebuild after a store change (issue #11: cold first paint).

``streamlit_app.stored_frame`` runs ``geo.view.frame.view_frame(store.view_frame())`` once per
store change; at 100,000 events that rebuild is what the first visitor after a server start
or an ingest waits for. This times, in-process, medians of ``--runs``:

- ``Store.view_frame()``: the raw columns (SQL, the actors/places tables, the record fields);
- ``frame.view_frame(raw)``: the derived columns;
- the naive way: every event as an Event (``store.query``), ``raw_frame``, ``view_frame``.

The store is the dashboard benchmark's synthetic one (``bench_dashboard.store_of``: seed,
demo data and ``n`` events from ``bench_store.synthetic_events``), opened read-only.
``--root DIR`` imports ``geo`` from another source tree (e.g. ``git archive`` of an earlier
commit) to time its code on the same store.

Run: ``make bench BENCH=view_frame`` or ``.venv/bin/python benchmarks/bench_view_frame.py
--events 100000 --runs 5 [--db FILE] [--root DIR] [--no-naive]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _median(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        out = None  # free the previous result first: its deallocation is not the next run's cost
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        out = result
        del result
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000, help="synthetic events in the store (default 10,000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, help="time this store instead (opened read-only)")
    ap.add_argument("--root", type=Path, help="import geo from this source tree instead of this checkout")
    ap.add_argument("--no-naive", action="store_true", help="skip the Event-object way (slow at 100,000)")
    args = ap.parse_args()
    root = (args.root or HERE.parent).resolve()
    sys.path.insert(0, str(root))
    if args.db is None:
        sys.path.insert(1, str(HERE))
        from bench_dashboard import store_of  # builds the store once, in $TMPDIR/geo-bench-dashboard

        args.db = store_of(args.events)
    import geo
    from geo.store import EventFilter, open_store
    from geo.view.frame import raw_frame, view_frame

    print(f"geo from {Path(geo.__file__).parent.parent}; store {args.db}; medians of {args.runs} (wall time)")
    with open_store(args.db, read_only=True) as store:
        t_raw, raw = _median(store.view_frame, args.runs)
        t_derive, frame = _median(lambda: view_frame(raw), args.runs)
        print(f"  Store.view_frame()            {t_raw:7.3f} s  ({len(raw):,} rows)")
        print(f"  frame.view_frame(raw)         {t_derive:7.3f} s  ({frame.shape[1]} columns)")
        print(f"  rebuild (both)                {t_raw + t_derive:7.3f} s")
        if not args.no_naive:
            t_naive, _ = _median(lambda: view_frame(raw_frame(store.query(EventFilter()))), max(1, args.runs // 2))
            print(f"  naive: query -> raw_frame -> view_frame {t_naive:7.3f} s  "
                  f"(rebuild is {t_naive / (t_raw + t_derive):.1f}x faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
