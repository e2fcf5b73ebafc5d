"""``python -m geo stats [--db FILE]``: what the event store holds."""

from __future__ import annotations

import argparse

from geo.commands.ingest import add_db_argument
from geo.store import open_store

NAME = "stats"
HELP = "counts of the event store: events, reports, corrections, events by type, date range, size"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_db_argument(p)


def run(args: argparse.Namespace) -> dict:
    with open_store(args.db) as store:
        return store.stats()
