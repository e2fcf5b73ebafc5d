"""DuckDB over attached GeoParquet datasets: the reader, and the store's filter as DuckDB SQL.

Used by :mod:`geo.store.attached`; see there and docs/scale.md.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from geo.errors import StoreError
from geo.store.filters import EventFilter


# -- DuckDB over the files -------------------------------------------------------
@dataclass(frozen=True)
class _View:
    signature: tuple
    files: int
    max_span_days: int
    reports: bool


class AttachedReader:
    """One DuckDB connection (in memory) over the finished files of the attached datasets.

    The file list is read from the datasets' task markers and cached until a marker
    folder changes (a run added tasks), so a query sees whole tasks only.
    """

    VIEW = "attached_events"
    REPORTS = "attached_reports"

    def __init__(self) -> None:
        self._duck: Any = None
        self._view: _View | None = None
        self._names: dict[tuple, set[str]] = {}

    def close(self) -> None:
        """Close the DuckDB connection (idempotent)."""
        if self._duck is not None:
            self._duck.close()
            self._duck = None
            self._view = None

    def _connect(self) -> Any:
        if self._duck is None:
            try:
                import duckdb
            except ImportError as exc:
                raise StoreError(f"reading an attached dataset needs duckdb ({exc}); install the pinned "
                                 f"requirements: pip install -r requirements.txt") from None
            # No progress bar: DuckDB draws it on stdout, where the command line writes its JSON.
            self._duck = duckdb.connect(":memory:")
            self._duck.execute("SET enable_progress_bar = false")
        return self._duck

    def prepare(self, roots: Sequence[str]) -> _View | None:
        """Point the view at the finished files of ``roots``; None when there are none."""
        from geo.scale.dataset import TASKS_DIR, finished_files, read_markers, report_files

        signature = []
        for root in roots:
            tasks = Path(root) / TASKS_DIR
            try:
                # The count too: a file system with coarse times can give two runs' markers one mtime.
                signature.append((root, tasks.stat().st_mtime_ns, len(os.listdir(tasks))))
            except OSError:
                raise StoreError(f"the attached dataset {root} is missing (moved or deleted?): detach it with "
                                 f"'python -m geo attach --detach {root}' or restore it") from None
        signature_t = tuple(signature)
        if self._view is not None and self._view.signature == signature_t:
            return self._view if self._view.files else None
        files: list[str] = []
        texts: list[str] = []
        span = 0
        for root in roots:
            markers = read_markers(Path(root))
            files += [str(p) for p in finished_files(Path(root), markers)]
            texts += [str(p) for p in report_files(Path(root), markers)]
            span = max([span] + [m.max_span_days for m in markers.values()])
        duck = self._connect()
        if files:
            duck.execute(f"CREATE OR REPLACE VIEW {self.VIEW} AS SELECT * FROM read_parquet([{_listed(files)}], "
                         "hive_partitioning = true, hive_types = {'year': INTEGER, 'month': INTEGER})")
        if texts:
            duck.execute(f"CREATE OR REPLACE VIEW {self.REPORTS} AS SELECT * FROM read_parquet([{_listed(texts)}])")
        self._view = _View(signature_t, len(files), span, bool(texts))
        return self._view if files else None

    def codes_named(self, names: Sequence[str]) -> set[str]:
        """The actor codes that the dataset's events give any of ``names`` (any case), as the
        store resolves names through its ``actor_names``; cached until the dataset changes."""
        key = (self._view.signature if self._view else None, tuple(sorted(n.strip().lower() for n in names)))
        if key not in self._names:
            frame = self.fetch(
                f"SELECT DISTINCT code FROM (SELECT unnest(string_split(actor_codes, '; ')) AS code, "
                f"unnest(string_split(lower(actors), '; ')) AS name FROM {self.VIEW} "
                f"WHERE len(string_split(actor_codes, '; ')) = len(string_split(actors, '; '))) "
                f"WHERE list_contains(?::VARCHAR[], name)", [list(key[1])])
            self._names = {k: v for k, v in self._names.items() if k[0] == key[0]}
            self._names[key] = set(frame["code"])
        return self._names[key]

    def fetch(self, sql: str, params: list) -> pd.DataFrame:
        """Run ``sql`` (on :attr:`VIEW`) and return a DataFrame."""
        try:
            return self._connect().execute(sql, params).df()
        except Exception as exc:  # duckdb's errors share no base we can import lazily
            raise StoreError(f"reading the attached datasets failed: {exc}") from None

    def fetch_arrow(self, sql: str, params: list) -> Any:
        """Run ``sql`` and return a :class:`pyarrow.Table` (columns reach pandas without a
        Python object per cell: a million rows in tens of milliseconds, not seconds)."""
        try:
            return self._connect().sql(sql, params=params).to_arrow_table()
        except Exception as exc:
            raise StoreError(f"reading the attached datasets failed: {exc}") from None


def _listed(paths: Sequence[str]) -> str:
    return ", ".join("'" + p.replace("'", "''") + "'" for p in paths)


def _month_key(d: dt.date) -> tuple[int, int]:
    return d.year, d.month


def duck_where(flt: EventFilter, actor_codes: tuple[str, ...], max_span_days: int,
               reports: bool = False) -> tuple[str, list]:
    """The DuckDB condition (on the GeoParquet columns and the ``year``/``month`` keys) that
    selects what :func:`geo.store.filters.where` selects in SQLite.

    Date bounds also bound the partition keys: ``until`` keeps months up to its own, and
    ``since`` keeps months from ``since - max_span_days`` (the longest event starts that
    early and still reaches ``since``), so DuckDB skips the other months' files. With
    ``reports`` (the datasets hold report texts), free text also matches an event whose
    report's text holds it, as in the store.
    """
    clauses: list[str] = []
    params: list = []
    if flt.since is not None or flt.until is not None:
        clauses.append("year > 0")  # undated events (year=0) meet no date bound
    if flt.until is not None:
        y, m = _month_key(flt.until)
        clauses.append("(year < ? OR (year = ? AND month <= ?))")
        params += [y, y, m]
        clauses.append("date <= ?")
        params.append(flt.until)
    if flt.since is not None:
        earliest = flt.since - dt.timedelta(days=max_span_days)
        y, m = _month_key(earliest)
        clauses.append("(year > ? OR (year = ? AND month >= ?))")
        params += [y, y, m]
        clauses.append("coalesce(date_end, date) >= ? AND date >= ?")
        params += [flt.since, earliest]
    if flt.types:
        clauses.append(f"type IN ({','.join('?' * len(flt.types))})")
        params += list(flt.types)
    if flt.sources:
        clauses.append(f"source IN ({','.join('?' * len(flt.sources))})")
        params += list(flt.sources)
    if flt.bbox is not None:
        s, w, n, e = flt.bbox
        clauses.append("lat BETWEEN ? AND ?")
        params += [s, n]
        if w <= e:
            clauses.append("lon BETWEEN ? AND ?")
            params += [w, e]
        else:
            clauses.append("(lon >= ? OR lon <= ?)")
            params += [w, e]
    if flt.actors:
        if not actor_codes:
            clauses.append("false")
        else:
            # Codes as the store resolves them; names (any case, as the store matches them) for
            # actors known by name only and for names the store has no code for.
            clauses.append("(list_has_any(string_split(coalesce(actor_codes, ''), '; '), ?::VARCHAR[]) "
                           "OR list_has_any(string_split(lower(coalesce(actors, '')), '; '), ?::VARCHAR[]))")
            params += [list(actor_codes), sorted({c.lower() for c in actor_codes})]
    if flt.text:
        if reports:
            clauses.append(f"(contains(lower(coalesce(sentence, '')), lower(?)) OR source IN (SELECT source FROM "
                           f"{AttachedReader.REPORTS} WHERE contains(lower(text), lower(?))))")
            params += [flt.text, flt.text]
        else:
            clauses.append("contains(lower(coalesce(sentence, '')), lower(?))")
            params.append(flt.text)
    return (" AND ".join(clauses) or "true"), params


_ORDER = " ORDER BY date IS NULL, date DESC, id"


def order_and_limit(flt: EventFilter) -> tuple[str, list]:
    """The store's order (newest first, undated last; ids break ties) and the filter's limit."""
    if flt.limit is not None:
        return _ORDER + " LIMIT ?", [flt.limit]
    return _ORDER, []
