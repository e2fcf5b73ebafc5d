"""The actor and place lists of the dashboard's frame (:func:`geo.store.querying.view_frame`),
read set-based from the relational ``actors`` and ``places`` tables.

An event that is its one record, uncorrected (``events.json IS NULL``), has exactly its
record's actors and places in those tables, in order (``actors`` by rowid, ``places`` by
``idx``: :func:`geo.store.writing.insert_events` writes both from the same Event as the
JSON). Reading them in two ordered scans replaces a ``json_each`` per event and field,
which re-parses the record's JSON (geometry included) for every value: at 100,000 events
that was most of the frame's cost. Merged or corrected events keep reading their JSON
(:func:`json_lists`), which holds the corrected form.

The ``actors`` table has no ``kind``: the main query reads the kinds from the JSON with one
multi-path ``json_extract`` per event (one parse), :data:`KIND_SLOTS` of them; an event with
more actors, a kind that is not text, or tables that disagree with its JSON on the number
of actors or places is read from its JSON instead, so the lists are always the JSON's.
"""

from __future__ import annotations

import json
import sqlite3
from itertools import repeat
from typing import Iterable, Sequence

import numpy as np

from geo.store.grouping import ids_param

KIND_SLOTS = 8  # actors per event whose kinds one json_extract reads (events rarely name more)
# One multi-path json_extract (one parse of the record) for the record fields the tables lack:
# see parse_fields. ``$.actors[8]`` is there only to tell an event with more actors.
FIELD_PATHS = ", ".join(["'$.report_date'", "'$.origin'", "'$.date_text'", "'$.certainty'",
                         f"'$.actors[{KIND_SLOTS}]'"] + [f"'$.actors[{i}].kind'" for i in range(KIND_SLOTS)])

_US, _RS = "\x1f", "\x1e"  # unit and record separators: never in names (control characters)


def _tuples(text: str | None, width: int) -> tuple:
    if not text:
        return ()
    return tuple(tuple(part.split(_US, width - 1)) for part in text.split(_RS))


def json_lists(con: sqlite3.Connection, rids: Iterable[int]) -> dict[int, tuple[tuple, tuple]]:
    """``rowid -> (actor_list, place_list)`` of the shown events ``rids``, from their JSON
    (the corrected form for merged or corrected events)."""
    rids = list(rids)
    if not rids:
        return {}
    us, rs = "char(31)", "char(30)"
    rows = con.execute(
        "SELECT e.rowid, "
        f"(SELECT group_concat(coalesce(json_extract(a.value, '$.code'), '') || {us} || "
        f"coalesce(json_extract(a.value, '$.name'), '') || {us} || coalesce(json_extract(a.value, '$.kind'), '') "
        f"|| {us} || coalesce(json_extract(a.value, '$.role'), ''), {rs}) FROM json_each(j, '$.actors') a), "
        f"(SELECT group_concat(coalesce(json_extract(p.value, '$.name'), '') || {us} || "
        f"coalesce(json_extract(p.value, '$.role'), 'mention') || {us} || "
        f"coalesce(json_extract(p.value, '$.country_code'), '') || {us} || "
        "(coalesce(json_extract(p.value, '$.lat') BETWEEN -90 AND 90, 0) AND "
        f"coalesce(json_extract(p.value, '$.lon') BETWEEN -180 AND 180, 0)) || {us} || "
        f"coalesce(json_extract(p.value, '$.feature'), ''), {rs}) FROM json_each(j, '$.places') p) "
        "FROM (SELECT e.rowid, coalesce(e.json, r.json) AS j FROM events e JOIN records r ON r.rid = e.rowid "
        "WHERE e.rowid IN (SELECT value FROM json_each(?))) e", (ids_param(rids),)).fetchall()
    return {rid: (_tuples(a, 4), _tuples(p, 5)) for rid, a, p in rows}


def parse_fields(texts: Sequence[str]) -> list[tuple]:
    """Each event's :data:`FIELD_PATHS` as one multi-path ``json_extract`` gave them (a JSON
    array text): ``(report_date, origin, date_text, certainty, kinds)``. ``kinds`` holds its
    actors' kinds in order (``""`` for a missing kind, as the JSON path gives), first
    :data:`KIND_SLOTS` only; it is None when the event has more actors or a kind that is
    not text (then its lists are read from its JSON)."""
    memo: dict[str, tuple] = {}  # the texts repeat (dates, origins, kinds): parse each once
    out = []
    for t in texts:
        fields = memo.get(t)
        if fields is None:
            report_date, origin, date_text, certainty, more, *kinds = json.loads(t)
            ok = more is None and all(k is None or isinstance(k, str) for k in kinds)
            fields = memo[t] = (report_date, origin, date_text, "reported" if certainty is None else certainty,
                                tuple("" if k is None else k for k in kinds) if ok else None)
        out.append(fields)
    return out


def table_lists(con: sqlite3.Connection, rids: list[int], kinds: list[tuple], n_actors: list[int],
                n_places: list[int], scope: tuple[str, list] | None = None,
                ) -> tuple[dict[int, tuple], dict[int, tuple], list[int]]:
    """The actor and place lists of the lone, uncorrected events ``rids`` from the tables.

    Parameters
    ----------
    rids : list of int
        ``events.rowid`` of events with ``json IS NULL`` (= their record's ``rid``).
    kinds : list of tuple
        Per event, its actors' kinds in order (:func:`parse_fields`).
    n_actors, n_places : list of int
        Per event, the lengths of its JSON's ``actors`` and ``places`` arrays.
    scope : tuple, optional
        ``(condition on events e, parameters)`` that selected ``rids`` (without a limit):
        the tables are then read joined to ``events`` (or whole when the condition is
        ``"1"``: rows of records that are no lone event are skipped) instead of by the
        list of ``rids``, which SQLite reads more slowly.

    Returns
    -------
    tuple
        ``(actor lists, place lists, rids to read from the JSON instead)``, the lists as
        ``rid -> tuple`` (no entry: none); an event whose table rows do not match its
        JSON's counts is in the third, whatever the first two hold for it.
    """
    if not rids:
        return {}, {}, []
    if scope is None:
        where, params = "t.rid IN (SELECT value FROM json_each(?))", [ids_param(rids)]
        join = ""
    elif scope[0] == "1":
        where, params, join = "1", [], ""
    else:
        where, params = f"e.json IS NULL AND {scope[0]}", list(scope[1])
        join = "JOIN events e ON e.rowid = t.rid "
    kind_of = dict(zip(rids, kinds))
    actor_lists: dict[int, tuple] = {}
    short: set[int] = set()  # events with an actor beyond the kinds read: read from the JSON
    cur, buf, k, nk = None, None, (), 0
    for rid, code, name, role in con.execute(
            f"SELECT t.rid, coalesce(t.code, ''), t.name, coalesce(t.role, '') FROM actors t {join}"
            f"WHERE {where} ORDER BY t.rid, t.rowid", params):
        if rid != cur:
            if buf is not None:
                actor_lists[cur] = tuple(buf)
            cur, buf = rid, []
            k = kind_of.get(rid) or ()
            nk = len(k)
        j = len(buf)
        if j < nk:
            buf.append((code, name, k[j], role))
        else:
            buf.append((code, name, None, role))
            short.add(rid)
    if buf is not None:
        actor_lists[cur] = tuple(buf)
    place_lists: dict[int, tuple] = {}
    cur, buf = None, None
    for place in con.execute(
            "SELECT t.rid, t.name, t.role, coalesce(t.country_code, ''), "
            "CASE WHEN coalesce(t.lat BETWEEN -90 AND 90, 0) AND coalesce(t.lon BETWEEN -180 AND 180, 0) "
            f"THEN '1' ELSE '0' END, coalesce(t.feature, '') FROM places t {join}"
            f"WHERE {where} ORDER BY t.rid, t.idx", params):
        rid = place[0]
        if rid != cur:
            if buf is not None:
                place_lists[cur] = tuple(buf)
            cur, buf = rid, []
        buf.append(place[1:])
    if buf is not None:
        place_lists[cur] = tuple(buf)
    # map() over dict.get runs the 100,000 lookups in C.
    have_a = np.fromiter(map(len, map(actor_lists.get, rids, repeat(()))), dtype=np.int64, count=len(rids))
    have_p = np.fromiter(map(len, map(place_lists.get, rids, repeat(()))), dtype=np.int64, count=len(rids))
    wrong = (have_a != np.asarray(n_actors, dtype=np.int64)) | (have_p != np.asarray(n_places, dtype=np.int64))
    odd = sorted({rids[i] for i in np.flatnonzero(wrong).tolist()} | short)
    return actor_lists, place_lists, odd
