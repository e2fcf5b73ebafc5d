"""``python -m geo ingest PATH... [--db FILE]``: reports into the event store.

Each report is extracted (:func:`geo.pipeline.events_of_report`) and stored in one
transaction; a report stored already adds nothing. Progress goes to stderr (tqdm), the
counts to stdout as JSON and to stderr as one line.

``--engine dask --dataset DIR [--scheduler ADDRESS]``: the files are cut into tasks that Dask
workers extract into a Hive-partitioned GeoParquet dataset, which the store then queries
in place (docs/scale.md).
"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from geo.errors import ReportError
from geo.importers import BadRow
from geo.pipeline import events_of_report
from geo.reports import parse_date, read_reports, report_files
from geo.scale.options import add_engine_arguments, check_engine_arguments, run_on_dask
from geo.store import IngestSummary, open_store

NAME = "ingest"
HELP = "extract report files (and folders of them, recursively) into the event store"


def add_db_argument(p: argparse.ArgumentParser) -> None:
    """Declare ``--db FILE`` (default ``$GEO_EVENTS_DB`` or the per-user data directory)."""
    p.add_argument("--db", metavar="FILE",
                   help="the event store (default: $GEO_EVENTS_DB, else the per-user data directory)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files (.txt, .md, .html, .json) or folders of them")
    add_db_argument(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="publication date for files without a date header")
    add_engine_arguments(p)
    p.add_argument("--files-per-task", type=int, default=64, metavar="N",
                   help="with --engine dask: report files per task (default 64)")


def run(args: argparse.Namespace) -> dict:
    date = parse_date(args.date, "--date") if args.date else None
    if check_engine_arguments(args):
        from geo.scale.run import plan_ingest

        return run_on_dask(args, plan_ingest(args.paths, date, args.files_per_task))
    files = report_files(args.paths)
    total = IngestSummary()
    reports = 0
    with open_store(args.db) as store:
        for n, path in enumerate(tqdm(files, desc="ingest", unit="file", file=sys.stderr,
                                      disable=len(files) < 2 or None), 1):
            try:
                found = read_reports(path, date)
            except ReportError as exc:
                # One unreadable file is a bad row of this ingest, not the end of it.
                total.bad_rows.append(BadRow(row=n, reason=f"{path}: {exc}"))
                continue
            for report in found:
                total += store.ingest_report(report, events_of_report(report))
                reports += 1
    print(f"{reports} report(s): {total.line()}", file=sys.stderr)
    return {"db": str(store.path), "files": len(files), "reports": reports, **total.to_dict()}
