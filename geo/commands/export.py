"""``python -m geo export --format FMT [filters] -o FILE``: a selection of stored events as a file.

Formats: ``geojson``, ``kml``, ``csv``, ``parquet`` (GeoParquet), ``html`` (one
self-contained map); see docs/export.md. ``corrections`` writes the users' corrections
instead of events (docs/review.md): JSON lines, or one JSON list when ``-o`` ends in ``.json``. The events come from the event store
(``--db``), filtered by date range, actors, types and bounding box. The file is written
atomically; stdout gets a JSON summary ``{"format", "path", "events", "written", "bytes"}``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.commands.ingest import add_db_argument
from geo.errors import InvalidInput
from geo.export import FORMATS, get_format
from geo.reports import parse_date

NAME = "export"
HELP = ("write stored events (filtered by date, actor, type, box) as GeoJSON, KML, CSV, GeoParquet or an HTML map; "
        "or the users' corrections (--format corrections)")
CORRECTIONS = "corrections"
CORRECTION_KEYS = ("id", "event_id", "field", "old", "new", "user", "at", "undone")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=tuple(FORMATS) + (CORRECTIONS,),
                   help="file format (default: from the suffix of -o: .geojson/.json, .kml, .csv, .parquet, .html)")
    add_db_argument(p)
    p.add_argument("--since", metavar="YYYY-MM-DD", help="events on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="events on or before this day")
    p.add_argument("--actor", action="append", default=[], metavar="A",
                   help="actor code (PRK) or name; repeat for several (any matches)")
    p.add_argument("--type", action="append", default=[], metavar="T", dest="types",
                   help="event type (missile_launch); repeat for several (any matches)")
    p.add_argument("--bbox", metavar="S,W,N,E",
                   help="bounding box in degrees: south,west,north,east (west > east crosses the antimeridian)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``"S,W,N,E"`` as four floats; the store checks their ranges.

    Raises
    ------
    InvalidInput
        Not four comma-separated numbers.
    """
    parts = [p.strip() for p in text.split(",")]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 4 or any(v != v for v in values):
        raise InvalidInput(f"--bbox {text!r} is not four numbers south,west,north,east")
    return values  # type: ignore[return-value]


def _format_name(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lower()
    by_suffix = {f.suffix: name for name, f in FORMATS.items()} | {".json": "geojson", ".htm": "html", ".pq": "parquet"}
    if suffix not in by_suffix:
        raise InvalidInput(f"cannot tell the format of {args.output!r} from its suffix: give --format "
                           f"({', '.join(FORMATS)})")
    return by_suffix[suffix]


def write_corrections(args: argparse.Namespace) -> dict:
    """The users' corrections (derived geometry rows left out) as JSON lines, or a JSON list
    for a ``.json`` file; oldest first."""
    import json

    from geo.commands._args import write_output
    from geo.review import DERIVED
    from geo.store import open_store

    if args.since or args.until or args.actor or args.types or args.bbox:
        raise InvalidInput("--since, --until, --actor, --type and --bbox select events; "
                           "--format corrections writes every correction")
    with open_store(args.db, read_only=True) as store:
        rows = [{k: c[k] for k in CORRECTION_KEYS} for c in store.corrections() if c["field"] not in DERIVED]
    path = args.output
    if Path(path).suffix.lower() == ".json":
        data = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    else:
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    write_output(data, path)  # atomic
    args.output = None
    return {"format": CORRECTIONS, "path": str(path), "corrections": len(rows),
            "undone": sum(1 for r in rows if r["undone"]), "bytes": Path(path).stat().st_size}


def run(args: argparse.Namespace) -> dict:
    if args.output == "-":
        raise InvalidInput("-o - (stdout) is not supported by export: give a file name")
    if args.format == CORRECTIONS:
        return write_corrections(args)
    fmt = get_format(_format_name(args))
    from geo.store import EventFilter, open_store  # the store pulls in pandas: only when exporting

    flt = EventFilter(
        since=parse_date(args.since, "--since") if args.since else None,
        until=parse_date(args.until, "--until") if args.until else None,
        actors=tuple(args.actor), types=tuple(args.types),
        bbox=parse_bbox(args.bbox) if args.bbox else None,
    )
    with open_store(args.db, read_only=True) as store:
        events = store.query(flt)
    written = fmt.writer(events, args.output)
    path = args.output
    # The writer wrote the file itself (atomically, binary for Parquet); the command line
    # would otherwise write this summary over it, so it goes to stdout instead.
    args.output = None
    return {"format": fmt.name, "path": str(path), "events": len(events), "written": written,
            "bytes": Path(path).stat().st_size}
