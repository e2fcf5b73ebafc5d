"""``python -m geo extract FILE...``: the events that reports describe, as JSON."""

from __future__ import annotations

import argparse

from geo.pipeline import events_of_report
from geo.reports import parse_date, read_reports, report_files

NAME = "extract"
HELP = "events (type, actors, date, places, range) with their source sentences, from report files"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="report files (.txt/.md with a 'date YYYY-MM-DD' header, .html, .json) or folders of them")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="publication date for files without a date header")


def run(args: argparse.Namespace) -> dict:
    date = parse_date(args.date, "--date") if args.date else None
    reports = []
    for path in report_files(args.files):
        reports.extend(read_reports(path, date))
    # the enriched records (geo.pipeline): impact zones, rings and paths are made by geodesy at
    # enrichment, so the command prints Event.to_dict(), which repeats impact_zone at the top level
    return {"reports": [{"source": r.source, "date": r.date.isoformat(), "title": r.title, "url": r.url,
                         "events": [e.to_dict() for e in events_of_report(r)]} for r in reports]}
