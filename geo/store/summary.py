"""What an ingest did, counted: :class:`IngestSummary`."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.importers import BadRow


@dataclass
class IngestSummary:
    """Counts of one ingest or import.

    ``added``: new events stored on their own; ``merged``: new records that joined an event
    already stored (by the merge rule); ``unchanged``: events (or a whole report) already
    stored; ``removed``: records of an earlier version of a re-ingested report; ``bad_rows``:
    rows an importer could not read.
    """

    added: int = 0
    merged: int = 0
    unchanged: int = 0
    removed: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)

    def __iadd__(self, other: "IngestSummary") -> "IngestSummary":
        self.added += other.added
        self.merged += other.merged
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.bad_rows.extend(other.bad_rows)
        return self

    def line(self) -> str:
        """One line for people: ``added 17, merged 1, unchanged 0, bad rows 0``."""
        text = f"added {self.added}, merged {self.merged}, unchanged {self.unchanged}, bad rows {len(self.bad_rows)}"
        return text + (f", removed {self.removed} (earlier version of a report)" if self.removed else "")

    def to_dict(self) -> dict:
        """The JSON form the command line prints."""
        return {"added": self.added, "merged": self.merged, "unchanged": self.unchanged, "removed": self.removed,
                "bad_rows": [{"row": b.row, "reason": b.reason} for b in self.bad_rows]}
