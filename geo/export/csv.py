"""Events as CSV: the flat columns of :mod:`geo.export.columns`, one row per event.

UTF-8 with a header row, comma-separated, RFC 4180 quoting. The ``json`` column holds
the whole record (geometry included), and :func:`read_csv` rebuilds events from it
alone: the flat columns are for people and spreadsheets, and edits to them are not read.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
return as a formula (CSV injection); report text is untrusted, so such a cell in a text
column gets a leading apostrophe, as OWASP recommends. The ``json`` column starts with
``{`` and keeps the exact text.
"""

from __future__ import annotations

import csv
import os
from typing import Sequence

from geo.errors import InvalidInput
from geo.events import Event
from geo.export._common import atomic_path, event_of, parse_json, record_json
from geo.export.columns import COLUMNS, TEXT_COLUMNS, flat_row

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The json column of an event with a big impact zone exceeds csv's default 128 KiB field.
FIELD_LIMIT = 64 * 1024 * 1024


def _cell(column: str, value: object) -> object:
    if value is None:
        return ""
    if column in TEXT_COLUMNS and isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(events: Sequence[Event], path: str | os.PathLike) -> int:
    """Write one CSV row per event, atomically.

    Parameters
    ----------
    events : sequence of Event
        The events.
    path : str or path-like
        The file to write (``.csv``); its folder must exist.

    Returns
    -------
    int
        The number of rows written (not counting the header).
    """
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for event in events:
            row = {**flat_row(event), "json": record_json(event)}
            writer.writerow([_cell(c, row[c]) for c in COLUMNS])
    return len(events)


def read_csv(path: str | os.PathLike) -> list[Event]:
    """The events of a CSV file with a ``json`` column (as :func:`write_csv` writes it).

    Raises
    ------
    InvalidInput
        The file is missing, has no ``json`` column, or a row's record is not an event.
    """
    where = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or "json" not in reader.fieldnames:
                raise InvalidInput(f"{where}: no 'json' column (the header is {reader.fieldnames!r})")
            return [event_of(parse_json(row["json"], f"{where} row {i}"), f"{where} row {i}")
                    for i, row in enumerate(reader, start=2)]
    except FileNotFoundError:
        raise InvalidInput(f"CSV file {where!r} does not exist") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise InvalidInput(f"{where}: not readable as CSV ({exc})") from None
