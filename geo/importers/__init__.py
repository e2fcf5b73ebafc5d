"""Event tables into events: the CNS missile test database, GDELT, ACLED and any CSV.

Each importer reads a file and returns an :class:`ImportResult`: the events of the
good rows and, for each bad row, its number and the reason, so one bad row never
stops the rest. Importers only read; ``python -m geo import`` enriches the events
and stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.events import Event


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
