"""Reading the shown events: full records, the map's frame, counts and facets."""

from __future__ import annotations

import json
import sqlite3
from itertools import repeat
from operator import itemgetter

import numpy as np
import pandas as pd

from geo.events import Event
from geo.gcpause import gc_paused
from geo.store import viewlists
from geo.store.filters import RTREE_MAX_SHARE, EventFilter, box_share, where
from geo.store.rows import event_of_json

MAP_COLUMNS = ["id", "type", "date", "date_end", "date_precision", "lat", "lon", "range_km", "actors", "source",
               "n_sources"]


def actor_codes_of(con: sqlite3.Connection, names: tuple[str, ...]) -> tuple[str, ...]:
    """The codes the filter's actors stand for: codes as given, names (any case) through
    ``actor_names``. Unknown names are dropped, so they match nothing."""
    if not names:
        return ()
    codes = set()
    for name in names:
        rows = con.execute("SELECT code FROM actor_names WHERE code = ?1 OR name = ?1 COLLATE NOCASE "
                           "OR code = upper(?1)", (name.strip(),)).fetchall()
        codes.update(c for (c,) in rows)
        codes.add(name.strip())  # a code with no name stored (an actor known by name only)
    return tuple(sorted(codes))


def _where(con: sqlite3.Connection, flt: EventFilter) -> tuple[str, list]:
    span = con.execute("SELECT value FROM meta WHERE key = 'max_span_days'").fetchone()
    use_rtree = False
    if flt.bbox is not None:
        # Two subqueries: SQLite reads a lone min() or max() from the index's end, not both at once.
        first, last = con.execute("SELECT (SELECT min(day) FROM events), (SELECT max(day) FROM events)").fetchone()
        use_rtree = box_share(flt, first, last) <= RTREE_MAX_SHARE
    return where(flt, actor_codes_of(con, flt.actors), int(span[0]) if span else 0, use_rtree=use_rtree)


def _tail(flt: EventFilter) -> tuple[str, list]:
    # Newest first, undated last; the rowid makes the order total and stable.
    order = " ORDER BY e.day IS NULL, e.day DESC, e.rowid"
    if flt.limit is not None:
        return order + " LIMIT ?", [flt.limit]
    return order, []


def query(con: sqlite3.Connection, flt: EventFilter) -> list[Event]:
    """The shown events matching ``flt``, as full :class:`Event` records."""
    cond, params = _where(con, flt)
    tail, more = _tail(flt)
    rows = con.execute(f"SELECT coalesce(e.json, r.json) FROM events e JOIN records r ON r.rid = e.rowid "
                       f"WHERE {cond}{tail}", params + more).fetchall()
    return [event_of_json(t) for (t,) in rows]


def event(con: sqlite3.Connection, event_id: str) -> Event | None:
    """The shown event with this id, or the one a record of this id was merged into."""
    row = con.execute("SELECT coalesce(e.json, r.json) FROM records x JOIN events e ON e.rowid = x.group_rid "
                      "JOIN records r ON r.rid = e.rowid WHERE x.id = ?", (event_id,)).fetchone()
    return event_of_json(row[0]) if row else None


def events_by_id(con: sqlite3.Connection, ids: list[str]) -> list[Event]:
    """The shown events with these ids, in the order given (unknown ids skipped)."""
    if not ids:
        return []
    rows = con.execute("SELECT e.id, coalesce(e.json, r.json) FROM events e JOIN records r ON r.rid = e.rowid "
                       "WHERE e.id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)).fetchall()
    found = {i: t for i, t in rows}
    return [event_of_json(found[i]) for i in dict.fromkeys(ids) if i in found]


def _days(values: np.ndarray) -> np.ndarray:
    # Day numbers (NaN when undated) to datetime64[D] with NaT: no per-row Python.
    out = np.full(values.shape, np.datetime64("NaT"), dtype="datetime64[D]")
    ok = ~np.isnan(values)
    out[ok] = values[ok].astype("int64").astype("datetime64[D]")
    return out


def map_frame(con: sqlite3.Connection, flt: EventFilter) -> pd.DataFrame:
    """What the map draws, one row per shown event: see :data:`MAP_COLUMNS`.

    ``date`` and ``date_end`` are ``datetime64`` (``date_end`` is the last day, equal to
    ``date`` for one-day events; NaT when undated); ``actors`` the codes joined by ';';
    ``lat``/``lon`` in degrees (NaN when not located); ``range_km`` in km.
    """
    cond, params = _where(con, flt)
    tail, more = _tail(flt)
    rows = con.execute(f"SELECT e.id, e.type, e.day, e.last_day, e.date_precision, e.lat, e.lon, e.range_km, "
                       f"e.actors, e.source, e.n_sources FROM events e WHERE {cond}{tail}", params + more).fetchall()
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(MAP_COLUMNS, [
            object, object, "datetime64[s]", "datetime64[s]", object, float, float, float, object, object, int])})
    ids, types, day, last, prec, lat, lon, rng, actors, source, n = zip(*rows)
    return pd.DataFrame({
        "id": ids, "type": types,
        "date": _days(np.array(day, dtype=float)), "date_end": _days(np.array(last, dtype=float)),
        "date_precision": prec, "lat": np.array(lat, dtype=float), "lon": np.array(lon, dtype=float),
        "range_km": np.array(rng, dtype=float), "actors": actors, "source": source,
        "n_sources": np.array(n, dtype="int64"),
    })


def count(con: sqlite3.Connection, flt: EventFilter) -> int:
    """How many shown events match ``flt`` (``limit`` ignored)."""
    cond, params = _where(con, flt)
    return con.execute(f"SELECT count(*) FROM events e WHERE {cond}", params).fetchone()[0]


def facets(con: sqlite3.Connection, flt: EventFilter) -> dict:
    """The distinct actors, types and sources among the events matching ``flt``, with counts.

    Returns
    -------
    dict
        ``{"actors": [{"code", "name", "count"}], "types": [{"type", "count"}],
        "sources": [{"source", "count"}]}``, each by count, largest first.
    """
    cond, params = _where(con, flt)
    actors = con.execute(f"SELECT a.code, coalesce(n.name, a.code), count(*) AS c FROM event_actors a "
                         f"JOIN events e ON e.rowid = a.event LEFT JOIN actor_names n ON n.code = a.code "
                         f"WHERE {cond} GROUP BY a.code ORDER BY c DESC, a.code", params).fetchall()
    types = con.execute(f"SELECT e.type, count(*) AS c FROM events e WHERE {cond} GROUP BY e.type "
                        f"ORDER BY c DESC, e.type", params).fetchall()
    sources = con.execute(f"SELECT e.source, count(*) AS c FROM events e WHERE {cond} GROUP BY e.source "
                          f"ORDER BY c DESC, e.source", params).fetchall()
    return {"actors": [{"code": c, "name": n, "count": k} for c, n, k in actors],
            "types": [{"type": t, "count": k} for t, k in types],
            "sources": [{"source": s, "count": k} for s, k in sources]}


VIEW_COLUMNS = MAP_COLUMNS + ["report_date", "confidence", "origin", "date_text", "sentence", "actor_list",
                              "place_list", "has_geometry", "certainty"]


def _report_days(values: tuple) -> np.ndarray:
    # ISO dates (or None) to datetime64[D]; dates repeat, so each distinct one is converted once.
    days = {d: np.datetime64(d, "D") if d else np.datetime64("NaT") for d in set(values)}
    return np.array([days[d] for d in values], dtype="datetime64[D]")


def _has(path: str) -> str:
    # What ``json_extract(j, path) IS NOT NULL`` tests (a value there, not JSON null), without
    # turning a ring's or footprint's coordinates back into text.
    return f"coalesce(json_type(j, '{path}'), 'null') <> 'null'"


def view_frame(con: sqlite3.Connection, flt: EventFilter) -> pd.DataFrame:
    """What the dashboard's filters, table, timeline and map read, one row per shown event,
    without Event objects: see :data:`VIEW_COLUMNS`.

    The :data:`MAP_COLUMNS` as :func:`map_frame` gives them, and ``report_date``
    (``datetime64``, NaT when none), ``confidence`` (float, NaN when none), ``origin``,
    ``date_text``, ``sentence`` (str or None); ``actor_list``: a tuple of ``(code, name,
    kind, role)`` per actor in order (``""`` for a missing code, kind or role);
    ``place_list``: a tuple of ``(name, role, country_code, located, feature)`` per place
    (``located`` is ``"1"``/``"0"``: valid coordinates); ``has_geometry``: a ring, an
    impact zone or a path to draw; ``certainty`` (``reported`` when the record has none).

    One statement reads the events and the record fields the lists lack (dates, text,
    kinds) from the JSON; the actor and place lists come from the relational tables for
    events that are their one record, uncorrected, and from the JSON for the others
    (:mod:`geo.store.viewlists`). Rows are put in the store's order in numpy.
    """
    with gc_paused():  # a million small acyclic objects: see geo.gcpause
        return _view_frame(con, flt)


def _view_frame(con: sqlite3.Connection, flt: EventFilter) -> pd.DataFrame:
    cond, params = _where(con, flt)
    # With a limit the statement must pick the first rows itself; otherwise numpy orders them
    # (SQLite would sort whole rows, sentences and all).
    tail, more = _tail(flt) if flt.limit is not None else ("", [])
    # A record's JSON is parsed once per json function call: the fields the tables lack come
    # in one multi-path call, the confidence in its own (typed as before), the geometry only
    # when the text names one.
    sql = (
        "WITH x AS (SELECT e.rowid AS rid, e.id, e.type, e.day, e.last_day, e.date_precision, e.lat, e.lon, "
        "e.range_km, e.actors, e.source, e.n_sources, e.text, e.json AS own "
        f"FROM events e WHERE {cond}{tail}) "
        "SELECT rid, id, type, day, last_day, date_precision, lat, lon, range_km, actors, source, n_sources, text, "
        f"json_extract(j, '$.confidence'), json_extract(j, {viewlists.FIELD_PATHS}), "
        f"CASE WHEN instr(j, '\"geometry\"') THEN {_has('$.geometry.ring')} OR {_has('$.geometry.impact_zone')} "
        f"OR {_has('$.geometry.path')} ELSE 0 END, own IS NULL, "
        "coalesce(json_array_length(j, '$.actors'), 0), coalesce(json_array_length(j, '$.places'), 0) "
        "FROM (SELECT x.*, coalesce(x.own, r.json) AS j FROM x JOIN records r ON r.rid = x.rid)"
    )
    rows = con.execute(sql, params + more).fetchall()
    empty = pd.Series([], dtype=object)
    if not rows:
        base = map_frame(con, EventFilter(types=("\x00none",)))
        return base.assign(report_date=pd.Series([], dtype="datetime64[s]"), confidence=pd.Series([], dtype=float),
                           origin=empty, date_text=empty, sentence=empty, actor_list=empty, place_list=empty,
                           has_geometry=pd.Series([], dtype=bool), certainty=empty)[VIEW_COLUMNS]
    day_col = np.array([r[3] for r in rows], dtype=float)
    rid_col = np.array([r[0] for r in rows], dtype="int64")
    undated = np.isnan(day_col)
    # Newest first, undated last, then by rowid: the order of _tail.
    order = np.lexsort((rid_col, -np.where(undated, 0, day_col), undated))
    # Columns in fetch order (the tuples as they lie in memory), then each put in order by one
    # C-level gather of pointers: cheaper than reordering the rows first.
    pick = itemgetter(*order.tolist()) if len(rows) > 1 else (lambda col: tuple(col))
    (rids, ids, types, day, last, prec, lat, lon, rng, actors, source, n, sentence, confidence, field_text,
     geometry, lone, n_actors, n_places) = (pick(list(map(itemgetter(i), rows))) for i in range(19))
    fields = viewlists.parse_fields(field_text)
    report_date, origin, date_text, certainty, kinds = (list(map(itemgetter(i), fields)) for i in range(5))

    plain = [i for i, x in enumerate(lone) if x]
    actor_lists, place_lists, odd = viewlists.table_lists(
        con, [rids[i] for i in plain], [kinds[i] for i in plain], [n_actors[i] for i in plain],
        [n_places[i] for i in plain], scope=(cond, params) if flt.limit is None else None)
    from_json = viewlists.json_lists(con, [r for r, x in zip(rids, lone) if not x] + odd)
    for rid, (a, p) in from_json.items():
        actor_lists[rid] = a
        place_lists[rid] = p
    return pd.DataFrame({
        "id": ids, "type": types,
        "date": _days(np.array(day, dtype=float)), "date_end": _days(np.array(last, dtype=float)),
        "date_precision": prec, "lat": np.array(lat, dtype=float), "lon": np.array(lon, dtype=float),
        "range_km": np.array(rng, dtype=float), "actors": actors, "source": source,
        "n_sources": np.array(n, dtype="int64"),
        "report_date": _report_days(report_date),
        "confidence": np.array([c if isinstance(c, (int, float)) else np.nan for c in confidence], dtype=float),
        "origin": origin, "date_text": date_text, "sentence": sentence,
        "actor_list": list(map(actor_lists.get, rids, repeat(()))),
        "place_list": list(map(place_lists.get, rids, repeat(()))),
        "has_geometry": np.array(geometry, dtype=bool),
        "certainty": certainty,
    })
