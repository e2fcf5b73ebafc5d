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
The DuckDB side (the reader, the filter as DuckDB SQL) is :mod:`geo.store.attached_duck`.

Differences from stored events, by design: attached events are read-only (corrections,
merges and splits apply to stored events only), and are not merged with stored events
nor with each other (attach a dataset whose events are not also in the store). The
free-text filter searches the event's sentence and, for ingested reports, the report's
text (kept in the dataset's ``_reports/`` table), as the store does.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from geo.events import Event
from geo.store.attached_duck import AttachedReader, order_and_limit, duck_where
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


# -- the store's reads, extended -----------------------------------------------
# The map frame's columns, as the store's map frame has them; the view frame adds to them.
_MAP_COLUMNS = ("id, type, date, coalesce(date_end, date) AS date_end, date_precision, lat, lon, range_km, "
                "coalesce(replace(actor_codes, '; ', ';'), replace(actors, '; ', ';'), '') AS actors, source, "
                "1::BIGINT AS n_sources")

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
        tail, more = order_and_limit(flt)
        table = self.reader.fetch_arrow(
            f"SELECT {_MAP_COLUMNS} FROM {AttachedReader.VIEW} WHERE {cond[0]}{tail}", cond[1] + more)
        return _merge(stored, _typed(table, {}, stored.columns), flt.limit)

    def view_frame(self, con: sqlite3.Connection, flt: EventFilter, stored: pd.DataFrame) -> pd.DataFrame:
        """``stored`` (the store's view frame) with the attached events that match."""
        cond = self._where(con, flt)
        if cond is None:
            return stored
        tail, more = order_and_limit(flt)
        # DuckDB cuts the actors and places out of each record's JSON (in C++); Python parses
        # only those small arrays, not whole records (claims, geometry, attributes...).
        table = self.reader.fetch_arrow(
            f"SELECT {_MAP_COLUMNS}, report_date, confidence, origin, sentence, "
            f"json_extract_string(json, '$.date_text') AS date_text, "
            f"coalesce(json_extract_string(json, '$.certainty'), 'reported') AS certainty, "
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
            tail, more = order_and_limit(flt)
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


__all__ = ["Attached", "AttachedReader", "attach", "detach", "duck_where", "listing", "merge_events"]
