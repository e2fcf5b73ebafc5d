"""The event store: :class:`Store` over one SQLite file, and :func:`open_store`.

One writer and any number of readers, in as many processes, work at once (SQLite's WAL
journal): a reader sees the store as of its query's start and never half a batch; a
writer waits for another writer's batch (each is one short transaction). See
docs/store.md.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from geo.errors import StoreFileError
from geo.events import Event
from geo.reports import Report
from geo.store import attached, corrections, querying
from geo.store.filters import EventFilter
from geo.store.paths import default_db_path
from geo.store.schema import connect, errors_named, migrate, version
from geo.store.summary import IngestSummary
from geo.store.writing import content_hash, insert_events, insert_report, remove_records

log = logging.getLogger(__name__)


class Store:
    """An open event store. Use :func:`open_store`; close it, or use it as a context manager.

    Every write is one transaction: it is stored whole or not at all, also when the
    process is killed. Reads see only committed batches.
    """

    def __init__(self, con: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()  # one connection, shared by the dashboard's threads
        self._attached = attached.Attached()  # DuckDB over attached Parquet datasets, opened on first use

    # -- plumbing -------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (idempotent)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
            self._attached.close()

    @property
    def con(self) -> sqlite3.Connection:
        """The open connection (for SQL users; prefer the methods)."""
        if self._con is None:
            raise StoreFileError(f"the events store {self.path} is closed")
        return self._con

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, errors_named(self.path):
            con = self.con
            # One read transaction: several statements see the same committed state.
            con.execute("BEGIN")
            try:
                yield con
            finally:
                con.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreFileError(f"the events store {self.path} was opened read-only")
        with self._lock, errors_named(self.path):
            con = self.con
            # IMMEDIATE takes the write lock now, so two writers queue instead of failing later.
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise

    # -- writing --------------------------------------------------------------
    def ingest_report(self, report: Report, events: list[Event]) -> IngestSummary:
        """Store a report and its events (from :func:`geo.pipeline.events_of_report`), in one
        transaction.

        A report whose normalised text is stored already adds nothing (all its events
        ``unchanged``). A report with the same ``source`` and other text replaces the earlier
        version: its records go, the new ones come; corrections naming the same event ids
        apply again.
        """
        digest = content_hash(report.text)
        with self._write() as con:
            if con.execute("SELECT 1 FROM reports WHERE content_hash = ?", (digest,)).fetchone():
                return IngestSummary(unchanged=len(events))
            removed = 0
            for (old_id,) in con.execute("SELECT id FROM reports WHERE source = ?", (report.source,)).fetchall():
                rids = [r for (r,) in con.execute("SELECT rid FROM records WHERE report_id = ?", (old_id,))]
                remove_records(con, rids)
                con.execute("DELETE FROM reports WHERE id = ?", (old_id,))
                removed += len(rids)
            report_id = insert_report(con, report, digest)
            summary = insert_events(con, events, report_id=report_id, source=report.source)
            summary.removed = removed
            return summary

    def add_events(self, events: Iterable[Event], *, source: str, batch_size: int = 10_000,
                   progress: Callable[[int], None] | None = None) -> IngestSummary:
        """Store imported events, one transaction per ``batch_size`` events.

        Parameters
        ----------
        events : iterable of Event
            Typed and enriched (the store never computes geometry). An id already stored
            counts as ``unchanged``.
        source : str
            The import's name, recorded for events with an empty ``source``.
        batch_size : int
            Events per transaction: a killed import keeps its whole batches only.
        progress : callable, optional
            Called with the number of events handled so far (every 1,000 and after each batch).
        """
        if batch_size < 1:
            raise StoreFileError(f"batch_size {batch_size} must be at least 1")
        total = IngestSummary()
        batch: list[Event] = []
        done = 0

        def flush() -> None:
            nonlocal done
            with self._write() as con:
                step = None if progress is None else (lambda n: progress(done + n))
                total.__iadd__(insert_events(con, batch, report_id=None, source=source, progress=step))
            done += len(batch)
            if progress is not None:
                progress(done)
            batch.clear()

        for event in events:
            batch.append(event)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return total

    # -- reading --------------------------------------------------------------
    def query(self, flt: EventFilter = EventFilter()) -> list[Event]:
        """The shown events matching ``flt``, newest first (undated last), as full records:
        a merged event carries all its claims, and its sources in ``attributes["sources"]``."""
        with self._read() as con:
            return attached.merge_events(querying.query(con, flt), self._attached.events(con, flt), flt.limit)

    def event(self, event_id: str) -> Event | None:
        """The shown event ``event_id`` (or the event a record of that id is merged into)."""
        with self._read() as con:
            found = querying.event(con, event_id)
            if found is None:
                more = self._attached.events(con, ids=[event_id])
                found = more[0] if more else None
            return found

    def map_frame(self, flt: EventFilter = EventFilter()) -> pd.DataFrame:
        """The map's columns for the events matching ``flt``; see :func:`geo.store.querying.map_frame`."""
        with self._read() as con:
            return self._attached.map_frame(con, flt, querying.map_frame(con, flt))

    def view_frame(self, flt: EventFilter = EventFilter()) -> pd.DataFrame:
        """The dashboard's columns (map columns, dates, text, actors, places) for the events
        matching ``flt``, without Event objects; see :func:`geo.store.querying.view_frame`."""
        with self._read() as con:
            return self._attached.view_frame(con, flt, querying.view_frame(con, flt))

    def events(self, ids: Iterable[str]) -> list[Event]:
        """The shown events with these ids (stored ids only; unknown ids are skipped), in the
        order given."""
        ids = list(ids)
        with self._read() as con:
            found = querying.events_by_id(con, ids)
            missing = set(ids) - {e.id for e in found}
            if missing:
                more = {e.id: e for e in self._attached.events(con, ids=sorted(missing))}
                if more:
                    known = {e.id: e for e in found}
                    found = [known.get(i) or more[i] for i in dict.fromkeys(ids) if i in known or i in more]
            return found

    def count(self, flt: EventFilter = EventFilter()) -> int:
        """How many shown events match ``flt``."""
        with self._read() as con:
            return querying.count(con, flt) + self._attached.count(con, flt)

    def facets(self, flt: EventFilter = EventFilter()) -> dict:
        """Actors, types and sources among the matching events, with counts (for filter widgets)."""
        with self._read() as con:
            return self._attached.facets(con, flt, querying.facets(con, flt))

    # -- attached datasets (docs/scale.md) --------------------------------------
    def attach(self, path: str | Path) -> str:
        """Query the partitioned GeoParquet dataset at ``path`` (written by ``--engine dask``) in
        place with the stored events, from now on and in every process that opens this store;
        return its absolute path. See :mod:`geo.store.attached`."""
        with self._write() as con:
            return attached.attach(con, path)

    def detach(self, path: str | Path) -> bool:
        """Stop querying the dataset at ``path`` (its files stay); return whether it was attached."""
        with self._write() as con:
            return attached.detach(con, path)

    def attached_datasets(self) -> list[str]:
        """The attached datasets' folders."""
        with self._read() as con:
            return attached.listing(con)

    def reports(self) -> list[dict]:
        """The stored reports, oldest first: source, date, title, url, n_events, content_hash, added_at."""
        with self._read() as con:
            rows = con.execute("SELECT p.source, p.date, p.title, p.url, "
                               "(SELECT count(*) FROM records r WHERE r.report_id = p.id), p.content_hash, p.added_at "
                               "FROM reports p ORDER BY p.id").fetchall()
        keys = ("source", "date", "title", "url", "n_events", "content_hash", "added_at")
        return [dict(zip(keys, row)) for row in rows]

    def report(self, source: str) -> Report | None:
        """The stored report named ``source`` (its latest version), or None."""
        with self._read() as con:
            row = con.execute("SELECT source, date, text, title, url FROM reports WHERE source = ? "
                              "ORDER BY id DESC LIMIT 1", (source,)).fetchone()
        if row is None:
            with self._read() as con:
                return self._attached.report(con, source)
        import datetime as dt
        return Report(source=row[0], date=dt.date.fromisoformat(row[1]), text=row[2], title=row[3], url=row[4])

    def stats(self) -> dict:
        """Counts and facts about the store: path, schema version, events, records, reports,
        corrections, events by type, first and last day, size on disk (bytes)."""
        with self._read() as con:
            one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
            first, last = con.execute("SELECT (SELECT min(day) FROM events), max(last_day) FROM events").fetchone()
            from geo.store.filters import day_date
            out = {
                "path": str(self.path), "schema_version": version(con),
                "events": one("SELECT count(*) FROM events"), "records": one("SELECT count(*) FROM records"),
                "merged_events": one("SELECT count(*) FROM events WHERE n_sources > 1"),
                "reports": one("SELECT count(*) FROM reports"),
                "corrections": one("SELECT count(*) FROM corrections WHERE undone = 0"),
                "types": dict(con.execute("SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1")),
                "first_date": str(day_date(first)) if first is not None else None,
                "last_date": str(day_date(last)) if last is not None else None,
            }
        out["size_bytes"] = sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())
        return out

    # -- corrections ----------------------------------------------------------
    def correct(self, event_id: str, field: str, value: object, user: str) -> int:
        """Set ``field`` of a shown event to ``value`` (its JSON form); return the correction id."""
        with self._write() as con:
            return corrections.correct(con, event_id, field, value, user)

    def merge_events(self, ids: list[str], user: str) -> int:
        """Show the events ``ids`` as one; return the correction id."""
        with self._write() as con:
            return corrections.merge(con, list(ids), user)

    def split_event(self, event_id: str, user: str) -> int:
        """Show each source of a merged event as an event of its own; return the correction id."""
        with self._write() as con:
            return corrections.split(con, event_id, user)

    def undo(self, correction_id: int) -> None:
        """Stop applying a correction."""
        with self._write() as con:
            corrections.undo(con, correction_id)

    def corrections(self, event_id: str | None = None) -> list[dict]:
        """Corrections made (all, or naming ``event_id``), oldest first."""
        with self._read() as con:
            return corrections.listing(con, event_id)

    def bootstrap(self) -> IngestSummary:
        """Add the bundled seed reports and demo data that are missing (idempotent)."""
        from geo.store.bootstrap import bootstrap
        return bootstrap(self)


def open_store(path: str | Path | None = None, *, read_only: bool = False, bootstrap: bool = True) -> Store:
    """Open (or create) the event store.

    Parameters
    ----------
    path : str or Path, optional
        The SQLite file; default :func:`geo.store.paths.default_db_path`.
    read_only : bool
        Open for reading only (the file must exist and be up to date).
    bootstrap : bool
        When the file is created here, fill it with the bundled seed reports and demo data.

    Raises
    ------
    StoreFileError
        The file is not an events store, or cannot be created or written.
    StoreError
        The store is locked too long, or newer than this program.
    """
    path = Path(path).expanduser() if path is not None else default_db_path()
    con = connect(path, read_only=read_only)
    try:
        created = version(con) == 0
        if read_only:
            if created:
                raise StoreFileError(f"{path} is an empty file, not an events store")
            from geo.store.schema import latest_version
            if version(con) < latest_version():
                raise StoreFileError(f"{path} has schema version {version(con)}; open it once for writing to "
                                     f"upgrade it to {latest_version()}")
        else:
            migrate(con, path)
    except BaseException:
        con.close()
        raise
    store = Store(con, path, read_only)
    if created and bootstrap and not read_only:
        summary = store.bootstrap()
        log.info("new events store %s: %s", path, summary.line())
    return store
