"""``python -m geo evaluate-extract --corrections FILE [--db FILE]``: the extractor against users' corrections.

For each corrected event whose report is in the store, the report is extracted again with
the current extractor and the field compared with the value the user set; prints, per
field, how often the extractor now agrees (docs/review.md).
"""

from __future__ import annotations

import argparse

from geo.commands.ingest import add_db_argument

NAME = "evaluate-extract"
HELP = "score the current extractor against users' corrections (from export --format corrections)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corrections", required=True, metavar="FILE",
                   help="corrections written by `export --format corrections` (JSON lines or JSON)")
    add_db_argument(p)


def run(args: argparse.Namespace) -> dict:
    from geo.review import evaluate, read_corrections
    from geo.store import open_store

    corrections = read_corrections(args.corrections)
    with open_store(args.db, read_only=True) as store:
        return evaluate(store, corrections)
