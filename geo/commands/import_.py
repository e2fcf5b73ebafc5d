"""``python -m geo import --format cns|gdelt|acled|csv FILE``: a table of events into the store.

(The module is ``import_`` because ``import`` is a Python keyword; the verb is ``import``.)

The file is streamed: each good row becomes an event, is enriched once with its
geometry (:func:`geo.geodesy.enrich.enrich`: CNS launches get their range rings and
impact zones) and is stored in batches, so a file of millions of rows never sits in
memory. Bad rows are listed by row number and reason; the good rows load all the same.
Prints the counts as JSON on stdout and one line on stderr; exits 2 when the file cannot
be read at all or not one row of it could.

``--engine dask --dataset DIR [--scheduler ADDRESS] FILE...``: the files are cut into tasks
(GDELT text files into byte ranges at line starts, other tables one task per file) that
Dask workers import into a Hive-partitioned GeoParquet dataset, which the store then
queries in place (docs/scale.md).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Iterator

from geo.commands._args import write_output
from geo.errors import InvalidInput
from geo.events import Event
from geo.importers import FORMATS, BadRow, iter_rows
from geo.scale.options import add_engine_arguments, check_engine_arguments, run_on_dask

NAME = "import"
HELP = "import an event table (CNS missile tests, GDELT, ACLED, any CSV) into the events store"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", required=True, choices=FORMATS, dest="fmt",
                   help="cns: CNS North Korea missile test CSV; gdelt: GDELT 1.0/2.0 export (.CSV or .zip); "
                        "acled: ACLED CSV export; csv: any CSV, columns given by --map")
    p.add_argument("file", metavar="FILE", nargs="+",
                   help="the table to import (with --engine dask, one or more)")
    p.add_argument("--map", metavar="FIELD=COLUMN,...", dest="mapping",
                   help="for --format csv: which column holds what, e.g. date=Date,lat=Y,lon=X or date=When,place=Town "
                        "(fields: date, date_end, lat, lon, place, country, type, subtype, actor, actor1, actor2, "
                        "text, url, range_km, apogee_km, id)")
    p.add_argument("--db", metavar="FILE", help="the events store (default: $GEO_EVENTS_DB or the user data folder)")
    add_engine_arguments(p)
    p.add_argument("--chunk-mb", type=float, default=16.0, metavar="MB",
                   help="with --engine dask: size of the byte ranges GDELT files are cut into (default 16)")


def _events(rows: Iterator[Event | BadRow], bad: list[BadRow], counter: list[int]) -> Iterator[Event]:
    from geo.geodesy.enrich import enrich

    for item in rows:
        if isinstance(item, BadRow):
            bad.append(item)
            continue
        counter[0] += 1
        yield enrich(item)


def run(args: argparse.Namespace) -> dict:
    from geo.importers.csvmap import parse_mapping

    mapping = parse_mapping(args.mapping) if args.mapping else None
    files = args.file if isinstance(args.file, list) else [args.file]
    if check_engine_arguments(args):
        from geo.scale.run import plan_import

        if mapping and args.fmt != "csv":
            iter_rows(args.fmt, files[0], mapping)  # the importers' own message for a misplaced --map
        if not args.chunk_mb > 0:
            raise InvalidInput(f"--chunk-mb {args.chunk_mb} must be positive")
        summary = run_on_dask(args, plan_import(args.fmt, files, mapping, int(args.chunk_mb * 2**20)))
        return {"format": args.fmt, **summary}
    if len(files) > 1:
        raise InvalidInput(f"import takes one FILE (got {len(files)}); several files need --engine dask")
    args.file = files[0]
    rows = iter_rows(args.fmt, args.file, mapping)
    # Read the first row before the store is opened: a file that cannot be read at all
    # (missing, not this format, a mapped column absent) fails here, creating nothing.
    first = list(itertools.islice(rows, 1))
    bad: list[BadRow] = []
    read = [0]
    source = Path(args.file).name
    from geo.store import open_store

    with open_store(args.db) as store:
        summary = store.add_events(_events(itertools.chain(first, rows), bad, read), source=source)
    summary.bad_rows.extend(bad)
    result = {"format": args.fmt, "source": source, "rows_read": read[0], **summary.to_dict()}
    if read[0] == 0:  # the counts still go to stdout; stderr gets the one error line
        write_output(result, getattr(args, "output", None))
        first_bad = f" (row {bad[0].row}: {bad[0].reason})" if bad else ""
        raise InvalidInput(f"no row of {source} could be imported: {len(bad)} bad row(s){first_bad}")
    print(f"import {source} ({args.fmt}): {summary.line()}", file=sys.stderr)
    return result
