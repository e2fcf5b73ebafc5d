"""Bulk work on Dask and queries on an attached GeoParquet dataset (docs/scale.md).

Run: ``.venv/bin/python benchmarks/bench_scale.py [--rows N] [--store-rows N] [--runs N]
[--skip-reports] [--skip-rows] [--work DIR]`` (``make bench BENCH=scale`` runs the defaults).

1. Reports per second, extraction and geoparsing of news articles (LGL and GeoVirus from
   ../shared/data/geoparse, 817 articles, each written as a report file; without that
   folder the seed and fixture reports, copied 40 times): in one process with no Dask
   (the naive way), then ``ingest --engine dask``'s code on a LocalCluster of 1 and of 2
   worker processes, then on a scheduler and 2 workers started as processes of their own
   (``--scheduler``). Cluster start-up and the per-worker warm-up are not timed; each
   run writes a fresh dataset. Medians of ``--runs``.
2. GDELT-shaped rows (geo.scale.synthetic; 10 years from 2015, in date order as GDELT's
   files are): ``--rows`` written as a file, imported on 2 local workers (timed once), then
   the dashboard's queries on the store with the dataset attached: the view frame of one
   month (the table, map and timeline's input), the same for one actor, the map frame of
   a year, the facets of a month and the count of everything. Medians of ``--runs``.
   The same queries on a single-file (SQLite) store holding ``--store-rows`` rows over
   the same 10 years, and on a dataset of those same rows, for the like-for-like ratio.

Timings on this 2-core machine are shared with other work: quote medians and the load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.store import EventFilter, open_store  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "geoparse"
START, DAYS = dt.date(2015, 1, 1), 3652


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def corpus_files(folder: Path) -> list[str]:
    """News articles as report files (``date`` header + text); the fallback corpus otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    if (SHARED / "lgl.xml").is_file():
        from geo.geoparse.corpus import read_corpus

        n = 0
        for name in ("lgl.xml", "GeoVirus.xml"):
            if not (SHARED / name).is_file():
                continue
            for doc in read_corpus(SHARED / name).documents:
                n += 1
                (folder / f"{name[:3]}_{n:05d}.txt").write_text(f"date 2020-01-15\n{doc.text}\n", encoding="utf-8")
        print(f"corpus: {n} news articles from {SHARED} (LGL, GeoVirus)")
    else:
        from geo.reports import report_files

        base = report_files([str(ROOT / "seeds"), str(ROOT / "tests" / "fixtures" / "reports")])
        for k in range(40):
            for p in base:
                shutil.copy(p, folder / f"{k:02d}_{p.name}")
        print(f"corpus: {SHARED} absent; the seed and fixture reports x 40 ({40 * len(base)} files)")
    return sorted(str(p) for p in folder.iterdir())


def bench_reports(work: Path, runs: int) -> None:
    from geo.pipeline import events_of_report
    from geo.reports import read_reports
    from geo.scale.engine import dask_client
    from geo.scale.processes import scheduler_processes
    from geo.scale.run import plan_ingest, run_tasks
    from geo.scale.tasks import warm_up

    files = corpus_files(work / "corpus")
    n_reports = len(files)
    warm_up()

    def single() -> int:
        return sum(len(events_of_report(r)) for f in files for r in read_reports(f))

    base_s, n_events = median_time(single, runs)
    print(f"reports: {n_reports} files, {n_events} events")
    print(f"  one process, no Dask           {n_reports / base_s:8.1f} reports/s  (median {base_s:.2f} s)  {load()}")
    results = {}

    def on(client, label: str) -> float:
        counter = iter(range(10**6))

        def once() -> dict:
            out = work / f"ds-{label}-{next(counter)}"
            summary = run_tasks(client, out, plan_ingest(files, files_per_task=8), progress=False)
            shutil.rmtree(out)
            return summary

        secs, summary = median_time(once, runs)
        assert summary["reports"] == n_reports and not summary["tasks_failed"], summary
        print(f"  {label:<30} {n_reports / secs:8.1f} reports/s  (median {secs:.2f} s, {summary['tasks']} tasks, "
              f"x{base_s / secs:.2f} vs one process; tasks' CPU {summary['cpu_seconds']:.1f} s = "
              f"{summary['cpu_seconds'] / summary['seconds']:.2f} cores)  {load()}")
        return secs

    for workers in (1, 2):
        with dask_client(workers=workers) as client:
            results[workers] = on(client, f"LocalCluster, {workers} worker(s)")
    print(f"  2 workers vs 1: x{results[1] / results[2]:.2f} (ideal x2.00 on 2 idle cores)")
    with scheduler_processes(workers=2) as address, dask_client(scheduler=address) as client:
        on(client, "scheduler process, 2 workers")


def import_rows(work: Path, rows: int, name: str, workers: int = 2) -> tuple[Path, dict, float]:
    from geo.scale.engine import dask_client
    from geo.scale.run import plan_import, run_tasks
    from geo.scale.synthetic import write_gdelt

    t = time.perf_counter()
    table = write_gdelt(work / f"{name}.CSV", rows, start=START, days=DAYS)
    gen_s = time.perf_counter() - t
    out = work / f"{name}-dataset"
    with dask_client(workers=workers) as client:
        summary = run_tasks(client, out, plan_import("gdelt", [str(table)]), progress=False)
    assert summary["rows"] == rows and not summary["tasks_failed"], summary
    size = sum(p.stat().st_size for p in out.rglob("*.parquet"))
    print(f"  {rows:,} rows: file written in {gen_s:.1f} s ({table.stat().st_size / 1e9:.2f} GB); imported on "
          f"{workers} workers in {summary['seconds']:.1f} s = {rows / summary['seconds']:,.0f} rows/s "
          f"({summary['tasks']} tasks); dataset {size / 1e9:.2f} GB  {load()}")
    return table, summary, size


QUERIES = {
    "view frame, one month": lambda s: len(s.view_frame(EventFilter(since=dt.date(2020, 6, 1),
                                                                    until=dt.date(2020, 6, 30)))),
    "view frame, month + actor PRK": lambda s: len(s.view_frame(EventFilter(
        since=dt.date(2020, 6, 1), until=dt.date(2020, 6, 30), actors=("PRK",)))),
    "map frame, one year": lambda s: len(s.map_frame(EventFilter(since=dt.date(2020, 1, 1),
                                                                 until=dt.date(2020, 12, 31)))),
    "facets, one month": lambda s: len(s.facets(EventFilter(since=dt.date(2020, 6, 1),
                                                            until=dt.date(2020, 6, 30)))["actors"]),
    "count, everything": lambda s: s.count(),
}


def run_queries(store, label: str, runs: int) -> dict[str, float]:
    out = {}
    for name, q in QUERIES.items():
        q(store)  # first call opens files and fills caches; the median is of the calls after it
        secs, n = median_time(lambda: q(store), runs)
        out[name] = secs
        print(f"    {label:<34} {name:<30} {secs * 1000:9.1f} ms  ({n:,})")
    return out


def replicate(source: Path, target: Path, copies: int) -> tuple[int, float]:
    """A dataset of ``copies`` x the rows of ``source`` (the pipeline's output), each copy with
    new ids (in the ``id`` column and the JSON record), written partition by partition with
    Arrow in the same layout and markers; returns (rows, seconds)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from geo.scale.dataset import TaskMarker, check_root, read_markers, write_marker

    t = time.perf_counter()
    check_root(target, create=True)
    total = 0
    for marker in read_markers(source).values():
        files = []
        for rel in marker.files:
            table = pq.read_table(source / rel)
            meta = table.schema.metadata
            parts = []
            for k in range(copies):
                prefix = f"{k}~"
                ids = pc.utf8_replace_slice(table["id"], 0, 0, prefix)
                # The record's own id comes first in its JSON (Event's first field).
                js = pc.replace_substring(table["json"], '{"id":"', '{"id":"' + prefix, max_replacements=1)
                parts.append(table.set_column(table.schema.get_field_index("id"), "id", ids)
                             .set_column(table.schema.get_field_index("json"), "json", js))
            out = pa.concat_tables(parts).replace_schema_metadata(meta)
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(out, dest, compression="zstd")
            files.append(rel)
            total += out.num_rows
        write_marker(target, TaskMarker(task=marker.task, files=tuple(files), rows=marker.rows * copies,
                                        max_span_days=marker.max_span_days))
    return total, time.perf_counter() - t


def bench_rows(work: Path, rows: int, store_rows: int, runs: int, copies: int, reuse: bool) -> None:
    from geo.geodesy.enrich import enrich
    from geo.importers import BadRow
    from geo.importers.gdelt import iter_gdelt

    print(f"GDELT-shaped rows over {DAYS} days from {START}:")
    if reuse and (work / "single.sqlite").is_file() and (work / "big-dataset").is_dir():
        print(f"  reusing the datasets and the store in {work}")
        return query_all(work, rows, store_rows, runs)
    if copies > 1:
        small, summary, _ = import_rows(work, store_rows, "small")
        rows, secs = replicate(work / "small-dataset", work / "big-dataset", copies)
        size = sum(p.stat().st_size for p in (work / "big-dataset").rglob("*.parquet"))
        print(f"  {rows:,} rows: the pipeline's {store_rows:,} x {copies} with new ids, written by Arrow in "
              f"{secs:.1f} s, {size / 1e9:.2f} GB; through the pipeline at the rate above that is "
              f"{rows / (store_rows / summary['seconds']):,.0f} s on 2 workers (projected)")
    else:
        big, _, _ = import_rows(work, rows, "big")
        big.unlink()  # the dataset is what is queried; the CSV only takes room
        small, _, _ = import_rows(work, store_rows, "small")
    t = time.perf_counter()
    with open_store(work / "single.sqlite", bootstrap=False) as store:
        store.add_events((enrich(e) for e in iter_gdelt(small) if not isinstance(e, BadRow)), source=small.name)
    db_size = sum(p.stat().st_size for p in work.glob("single.sqlite*"))
    print(f"  single-file store: {store_rows:,} rows loaded in {time.perf_counter() - t:.1f} s, "
          f"{db_size / 1e9:.2f} GB")
    query_all(work, rows, store_rows, runs)


def query_all(work: Path, rows: int, store_rows: int, runs: int) -> None:
    print("  queries (median of %d):" % runs)
    with open_store(work / "single.sqlite", read_only=True) as store:
        sqlite_t = run_queries(store, f"SQLite store, {store_rows:,} rows", runs)
    for name, dataset, n in (("small", work / "small-dataset", store_rows), ("big", work / "big-dataset", rows)):
        with open_store(work / f"attached-{name}.sqlite", bootstrap=False) as store:
            if not store.attached_datasets():
                store.attach(dataset)
            got = run_queries(store, f"attached dataset, {n:,} rows", runs)
        ratios = ", ".join(f"{k.split(',')[0]} x{got[k] / sqlite_t[k]:.2f}" for k in QUERIES)
        print(f"    attached {n:,} rows / SQLite {store_rows:,} rows: {ratios}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="GDELT-shaped rows to write and query (10M measured)")
    p.add_argument("--store-rows", type=int, default=200_000, help="rows in the single-file store compared with")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--replicate", type=int, default=1, metavar="K",
                   help="make the --rows dataset as K copies of the --store-rows one (new ids) instead of "
                        "importing --rows rows (when the machine cannot spare the hour)")
    p.add_argument("--skip-reports", action="store_true")
    p.add_argument("--skip-rows", action="store_true")
    p.add_argument("--work", help="a folder for the files (default: a temporary folder, removed after)")
    p.add_argument("--reuse", action="store_true", help="query the datasets and store already in --work")
    args = p.parse_args(argv)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench_scale_"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; {load()}; work folder {work}")
    try:
        if not args.skip_reports:
            bench_reports(work, args.runs)
        if not args.skip_rows:
            bench_rows(work, args.rows, min(args.store_rows, args.rows), args.runs, args.replicate, args.reuse)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
