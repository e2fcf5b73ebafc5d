"""``python -m geo geoparse FILE``: the places a report mentions, located."""

from __future__ import annotations

import argparse

from geo.errors import InvalidInput
from geo.reports import read_report

NAME = "geoparse"
HELP = "find and locate the places a report mentions"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a report (.txt, .md, .html, .json); a date line is optional")
    p.add_argument("--country", action="append", default=[], metavar="CC",
                   help="ISO alpha-2 code of a country the text is about (repeatable; a preference)")
    p.add_argument("--no-demonyms", action="store_true", help="leave out demonyms such as 'Japanese'")


def run(args: argparse.Namespace) -> list[dict]:
    from geo.geoparse import geoparse

    for cc in args.country:
        if len(cc) != 2 or not cc.isalpha():
            raise InvalidInput(f"--country {cc!r} is not an ISO 3166 alpha-2 code such as KP")
    # A geoparse needs no date: a dummy one lets files without a date line through.
    report = read_report(args.file, date="1970-01-01")
    return [t.to_dict() for t in geoparse(report.text, context_countries=args.country,
                                          demonyms=not args.no_demonyms)]
