"""``python -m geo attach [DIR] [--detach] [--db FILE]``: query a GeoParquet dataset in place.

A dataset written by ``ingest``/``import --engine dask`` is attached by those commands
already; this verb attaches one made elsewhere (another machine, a cluster run with
``--no-attach``), forgets one (``--detach``; its files stay) or, with no DIR, lists them.
Prints ``{"db", "attached": [DIR, ...], "events": N}`` (N: the events the store now shows,
stored and attached). See docs/scale.md.
"""

from __future__ import annotations

import argparse

from geo.errors import InvalidInput

NAME = "attach"
HELP = "query a partitioned GeoParquet dataset (from --engine dask) in place with the event store"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dataset", nargs="?", metavar="DIR", help="the dataset folder (none: list the attached ones)")
    p.add_argument("--detach", action="store_true", help="stop querying DIR (its files stay)")
    p.add_argument("--db", metavar="FILE", help="the events store (default: $GEO_EVENTS_DB or the user data folder)")


def run(args: argparse.Namespace) -> dict:
    from geo.store import open_store

    if args.detach and not args.dataset:
        raise InvalidInput("--detach needs the dataset folder DIR")
    with open_store(args.db) as store:
        if args.dataset and args.detach:
            if not store.detach(args.dataset):
                raise InvalidInput(f"{args.dataset!r} is not attached to {store.path}")
        elif args.dataset:
            store.attach(args.dataset)
        return {"db": str(store.path), "attached": store.attached_datasets(), "events": store.count()}
