"""Event tables into events: the CNS missile test database, GDELT, ACLED and any CSV.

Each importer reads a file and returns an :class:`ImportResult`: the events of the
good rows and, for each bad row, its number and the reason, so one bad row never
stops the rest. Importers only read; ``python -m geo import`` enriches the events
and stores them.

Each also streams: ``iter_cns``, ``iter_gdelt``, ``iter_acled`` and ``iter_csv`` yield an
:class:`~geo.events.Event` or a :class:`BadRow` per row as the file is read, so a file of
millions of rows never sits in memory (an event takes about 4 KB; ``read_*`` keeps them
all, which suits files of up to a few hundred thousand rows). :func:`iter_rows` picks
the importer by format name. See docs/import.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from geo.errors import InvalidInput
from geo.events import Event

FORMATS = ("cns", "gdelt", "acled", "csv")


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read: its 1-based number in the file (the header is row 1
    when there is one) and why, in words that name the bad value."""

    row: int
    reason: str


@dataclass
class ImportResult:
    """What an importer made of a file: ``events`` from the good rows, ``bad_rows``, and
    ``source`` (the file's name, recorded as every event's source)."""

    source: str
    events: list[Event] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)


def collect(source: str, rows: Iterable[Event | BadRow]) -> ImportResult:
    """An :class:`ImportResult` from what an ``iter_*`` importer yields."""
    result = ImportResult(source=source)
    for item in rows:
        (result.bad_rows if isinstance(item, BadRow) else result.events).append(item)
    return result


def iter_rows(fmt: str, path: str | Path, mapping: Mapping[str, str] | None = None) -> Iterator[Event | BadRow]:
    """Stream the rows of a file with the importer of format ``fmt`` (one of :data:`FORMATS`).

    Parameters
    ----------
    fmt : str
        ``cns``, ``gdelt``, ``acled`` or ``csv``.
    path : str or Path
        The file.
    mapping : dict, optional
        Our field -> the file's column, for ``csv`` only (required there).

    Raises
    ------
    InvalidInput
        For an unknown format, a mapping given to another format or missing for ``csv``;
        the importers raise it too, when the file cannot be read at all.
    """
    if fmt not in FORMATS:
        raise InvalidInput(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if mapping and fmt != "csv":
        raise InvalidInput(f"--map is for --format csv; the {fmt} importer knows its columns")
    if fmt == "cns":
        from geo.importers.cns import iter_cns
        return iter_cns(path)
    if fmt == "gdelt":
        from geo.importers.gdelt import iter_gdelt
        return iter_gdelt(path)
    if fmt == "acled":
        from geo.importers.acled import iter_acled
        return iter_acled(path)
    if not mapping:
        raise InvalidInput("--format csv needs --map saying which column holds what, e.g. --map date=Date,lat=Y,lon=X")
    from geo.importers.csvmap import iter_csv
    return iter_csv(path, mapping)
