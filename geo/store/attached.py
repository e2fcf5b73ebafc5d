"""Partitioned GeoParquet datasets attached to the store and queried in place through DuckDB.

A dataset written by ``python -m geo ingest|import --engine dask`` (:mod:`geo.scale`) is too
big to copy into the SQLite file (GDELT's history is hundreds of millions of rows). The
store records it (a row ``attached_dataset:PATH`` in its ``meta`` table, no schema change),
and every read of the store (:meth:`~geo.store.Store.query`, ``map_frame``, ``view_frame``,
``count``, ``facets``, ``events``, ``event``) adds the dataset's matching events to its own:
DuckDB reads the Parquet files where they are, with the same :class:`EventFilter`
semantics turned into DuckDB SQL, and the date bounds also become conditions on the
``year``/``month`` partition keys so DuckDB opens only the months that can match.

The dashboard and ``export`` read the store, so they see attached datasets with no change.

Differences from stored events, by design: attached events are read-only (corrections,
merges and splits apply to stored events only), and are not merged with stored events
nor with each other (attach a dataset whose events are not also in the store). The
free-text filter searches the event's sentence and, for ingested reports, the report's
text (kept in the dataset's ``_reports/`` table), as the store does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from geo.errors import StoreError
from geo.events import Event
from geo.store.filters import EventFilter

META_PREFIX = "attached_dataset:"


# -- what the store records -----------------------------------------------------
def attach(con: sqlite3.Connection, path: str | Path) -> str:
    """Record the dataset at ``path`` in the store (idempotent); return its absolute path.

    Raises
    ------
    InvalidInput
        ``path`` is not a dataset (no ``_tasks/`` folder).
    """
    from geo.scale.dataset import check_root

    root = str(check_root(path, create=False).resolve())
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                (META_PREFIX + root, json.dumps({"added_at": dt.datetime.now(dt.timezone.utc).isoformat()})))
    return root


def detach(con: sqlite3.Connection, path: str | Path) -> bool:
    """Forget the dataset at ``path`` (its files stay); return whether it was attached."""
    root = str(Path(path).expanduser().resolve())
    return con.execute("DELETE FROM meta WHERE key = ?", (META_PREFIX + root,)).rowcount > 0


def listing(con: sqlite3.Connection) -> list[str]:
    """The attached datasets' folders (absolute paths, sorted)."""
    rows = con.execute("SELECT key FROM meta WHERE key >= ? AND key < ? ORDER BY key",
                       (META_PREFIX, META_PREFIX[:-1] + chr(ord(":") + 1))).fetchall()
    return [k[len(META_PREFIX):] for (k,) in rows]


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


def _tail(flt: EventFilter) -> tuple[str, list]:
    if flt.limit is not None:
        return _ORDER + " LIMIT ?", [flt.limit]
    return _ORDER, []


# -- the store's reads, extended -----------------------------------------------
class Attached:
    """The store's hook: given its SQLite connection, add the attached datasets' answers."""

    def __init__(self) -> None:
        self.reader = AttachedReader()

    def close(self) -> None:
        self.reader.close()

    def _where(self, con: sqlite3.Connection, flt: EventFilter) -> tuple[str, list] | None:
        roots = listing(con)
        if not roots:
            return None
        view = self.reader.prepare(roots)
        if view is None:
            return None
        from geo.store.querying import actor_codes_of

        codes = actor_codes_of(con, flt.actors)
        if flt.actors:
            codes = tuple(sorted(set(codes) | self.reader.codes_named(flt.actors)))
        return duck_where(flt, codes, view.max_span_days, view.reports)

    def report(self, con: sqlite3.Connection, source: str) -> Any:
        """The report named ``source`` in the attached datasets (the last one), or None."""
        roots = listing(con)
        view = self.reader.prepare(roots) if roots else None
        if view is None or not view.reports:
            return None
        frame = self.reader.fetch(f"SELECT source, date, text, title, url FROM {AttachedReader.REPORTS} "
                                  f"WHERE source = ? LIMIT 1", [source])
        if frame.empty:
            return None
        from geo.reports import Report

        row = frame.iloc[0]
        clean = {k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
        return Report(source=clean["source"], date=pd.Timestamp(clean["date"]).date(), text=clean["text"],
                      title=clean["title"], url=clean["url"])

    def count(self, con: sqlite3.Connection, flt: EventFilter) -> int:
        """How many attached events match (``limit`` ignored)."""
        cond = self._where(con, flt)
        if cond is None:
            return 0
        frame = self.reader.fetch(f"SELECT count(*) AS n FROM {AttachedReader.VIEW} WHERE {cond[0]}", cond[1])
        return int(frame["n"].iloc[0])

    def map_frame(self, con: sqlite3.Connection, flt: EventFilter, stored: pd.DataFrame) -> pd.DataFrame:
        """``stored`` (the store's map frame) with the attached events that match, in the store's order."""
        cond = self._where(con, flt)
        if cond is None:
            return stored
        tail, more = _tail(flt)
        table = self.reader.fetch_arrow(
            f"SELECT id, type, date, coalesce(date_end, date) AS date_end, date_precision, lat, lon, range_km, "
            f"coalesce(replace(actor_codes, '; ', ';'), replace(actors, '; ', ';'), '') AS actors, source, "
            f"1::BIGINT AS n_sources FROM {AttachedReader.VIEW} WHERE {cond[0]}{tail}", cond[1] + more)
        return _merge(stored, _typed(table, {}, stored.columns), flt.limit)

    def view_frame(self, con: sqlite3.Connection, flt: EventFilter, stored: pd.DataFrame) -> pd.DataFrame:
        """``stored`` (the store's view frame) with the attached events that match."""
        cond = self._where(con, flt)
        if cond is None:
            return stored
        tail, more = _tail(flt)
        # DuckDB cuts the actors and places out of each record's JSON (in C++); Python parses
        # only those small arrays, not whole records (claims, geometry, attributes...).
        table = self.reader.fetch_arrow(
            f"SELECT id, type, date, coalesce(date_end, date) AS date_end, date_precision, lat, lon, range_km, "
            f"coalesce(replace(actor_codes, '; ', ';'), replace(actors, '; ', ';'), '') AS actors, source, "
            f"1::BIGINT AS n_sources, report_date, confidence, origin, sentence, "
            f"json_extract_string(json, '$.date_text') AS date_text, "
            f"(ring IS NOT NULL OR impact_zone IS NOT NULL OR path IS NOT NULL) AS has_geometry, "
            f"json_extract(json, '$.actors')::VARCHAR AS actor_json, json_extract(json, '$.places')::VARCHAR "
            f"AS place_json FROM {AttachedReader.VIEW} WHERE {cond[0]}{tail}", cond[1] + more)
        actors = [json.loads(t) if t else () for t in table["actor_json"].to_pylist()]
        places = [json.loads(t) if t else () for t in table["place_json"].to_pylist()]
        lists = {
            "actor_list": [tuple((a.get("code") or "", a.get("name") or "", a.get("kind") or "", a.get("role") or "")
                                 for a in row) for row in actors],
            "place_list": [tuple((p.get("name") or "", p.get("role") or "mention", p.get("country_code") or "",
                                  "1" if _located(p) else "0", p.get("feature") or "") for p in row)
                           for row in places],
        }
        return _merge(stored, _typed(table, lists, stored.columns), flt.limit)

    def events(self, con: sqlite3.Connection, flt: EventFilter | None = None,
               ids: Sequence[str] | None = None) -> list[tuple[Event, Any]]:
        """``(event, date)`` for the attached events matching ``flt`` (or with these ``ids``)."""
        from geo.export._common import event_of

        cond = self._where(con, flt or EventFilter())
        if cond is None:
            return []
        if ids is not None:
            sql, params = f"SELECT json FROM {AttachedReader.VIEW} WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        else:
            tail, more = _tail(flt)
            sql, params = f"SELECT json FROM {AttachedReader.VIEW} WHERE {cond[0]}{tail}", cond[1] + more
        texts = self.reader.fetch(sql, params)["json"]
        return [event_of(json.loads(t), "attached dataset") for t in texts]

    def facets(self, con: sqlite3.Connection, flt: EventFilter, stored: dict) -> dict:
        """``stored`` (the store's facets) with the attached events' counts added."""
        cond = self._where(con, flt)
        if cond is None:
            return stored
        where, params = cond
        view = AttachedReader.VIEW
        actors = self.reader.fetch(
            f"SELECT code, count(*) AS c FROM (SELECT unnest(list_distinct(string_split(coalesce(actor_codes, "
            f"actors), '; '))) AS code FROM {view} WHERE {where} AND coalesce(actor_codes, actors) IS NOT NULL) "
            f"GROUP BY code", params)
        types = self.reader.fetch(f"SELECT type, count(*) AS c FROM {view} WHERE {where} GROUP BY type", params)
        sources = self.reader.fetch(f"SELECT source, count(*) AS c FROM {view} WHERE {where} GROUP BY source",
                                    params)
        names = dict(con.execute("SELECT code, name FROM actor_names"))
        missing = [c for c in actors["code"] if c not in names]
        if missing:  # codes the store has no name for: the dataset's own (first) name for each
            pairs = self.reader.fetch(
                f"SELECT code, min(name) AS name FROM (SELECT unnest(string_split(actor_codes, '; ')) AS code, "
                f"unnest(string_split(actors, '; ')) AS name FROM {view} WHERE {where} AND "
                f"len(string_split(actor_codes, '; ')) = len(string_split(actors, '; '))) "
                f"WHERE list_contains(?::VARCHAR[], code) GROUP BY code", params + [missing])
            names.update(zip(pairs["code"], pairs["name"]))
        out_actors = {a["code"]: dict(a) for a in stored["actors"]}
        for code, c in zip(actors["code"], actors["c"]):
            entry = out_actors.setdefault(code, {"code": code, "name": names.get(code, code), "count": 0})
            entry["count"] += int(c)
        out_types = {t["type"]: t["count"] for t in stored["types"]}
        for t, c in zip(types["type"], types["c"]):
            out_types[t] = out_types.get(t, 0) + int(c)
        out_sources = {s["source"]: s["count"] for s in stored["sources"]}
        for s, c in zip(sources["source"], sources["c"]):
            out_sources[s] = out_sources.get(s, 0) + int(c)
        return {
            "actors": sorted(out_actors.values(), key=lambda a: (-a["count"], a["code"])),
            "types": [{"type": t, "count": c} for t, c in sorted(out_types.items(), key=lambda x: (-x[1], x[0]))],
            "sources": [{"source": s, "count": c}
                        for s, c in sorted(out_sources.items(), key=lambda x: (-x[1], str(x[0])))],
        }


def _located(p: dict) -> bool:
    lat, lon = p.get("lat"), p.get("lon")
    return (isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and -90 <= lat <= 90
            and -180 <= lon <= 180)


def _typed(table: Any, lists: dict[str, list], columns: Sequence[str]) -> pd.DataFrame:
    """The attached rows (an Arrow table, plus columns already made as Python lists) with the
    store frame's columns and dtypes: days as ``datetime64[s]`` (NaT when none), figures as
    float (NaN), text as pandas' string type as :mod:`geo.store.querying` gets it by inference
    (and ``object`` when a column holds no text at all, as inference gives there too)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pd.StringDtype("pyarrow", na_value=np.nan)
    data: dict[str, Any] = {}
    for c in columns:
        if c in lists:
            data[c] = lists[c]
            continue
        col = table[c]
        if c in ("date", "date_end", "report_date"):
            data[c] = pc.cast(col, pa.timestamp("s")).to_numpy(zero_copy_only=False).astype("datetime64[s]")
        elif c in ("lat", "lon", "range_km", "confidence"):
            data[c] = pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
        elif c == "n_sources":
            data[c] = col.to_numpy().astype("int64")
        elif c == "has_geometry":
            data[c] = col.to_numpy(zero_copy_only=False).astype(bool)
        elif len(col) and col.null_count == len(col):
            data[c] = np.full(len(col), None, dtype=object)
        else:
            data[c] = pd.array(pc.cast(col, pa.large_string()), dtype=text)
    return pd.DataFrame(data)


def _merge(stored: pd.DataFrame, extra: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    """Both frames in the store's order (newest first, undated last), cut to ``limit``."""
    if extra.empty:
        return stored
    if stored.empty:
        out = extra
    else:
        out = pd.concat([stored, extra], ignore_index=True)
        undated = out["date"].isna().to_numpy()
        days = out["date"].to_numpy().astype("datetime64[s]").astype("int64")
        order = np.lexsort((np.arange(len(out)), -np.where(undated, 0, days), undated))
        out = out.iloc[order]
    if limit is not None:
        out = out.iloc[:limit]
    return out.reset_index(drop=True)


def merge_events(stored: list[Event], extra: list[Event], limit: int | None) -> list[Event]:
    """Stored and attached events in the store's order (newest first, undated last)."""
    if not extra:
        return stored
    both = stored + extra
    both.sort(key=lambda e: (e.date is None, -(e.date.toordinal() if e.date else 0)))
    return both[:limit] if limit is not None else both


__all__ = ["Attached", "AttachedReader", "attach", "detach", "listing", "duck_where", "merge_events"]
