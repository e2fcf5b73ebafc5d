"""``python -m geo evaluate-theatres [PATH] [--misses]``: per-field accuracy on a development set of reports.

PATH is a ``.jsonl`` file of short reports with their expected events, or a folder of them
(default: ``tests/fixtures/theatres`` beside the package, the set written for issue 18). Prints
per field (type, subtype, actors, roles, date interval, place roles, coordinates within each
place's stated km) ``{right, total, share}``, overall and per theatre (docs/extract.md,
*Theatres*; the rules in :mod:`geo.extract.scoring`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "evaluate-theatres"
HELP = "per-field accuracy of the extractor on a development set of reports with expected events"
DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "theatres"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=str(DEFAULT_SET), metavar="PATH",
                   help="a .jsonl development set or a folder of them (default: tests/fixtures/theatres)")
    p.add_argument("--misses", action="store_true", help="also list each expected event with a wrong field")


def run(args: argparse.Namespace) -> dict:
    from geo.extract.scoring import evaluate, read_devset

    return evaluate(read_devset(args.path), misses=args.misses)
