"""User corrections: kept apart in ``corrections`` and applied last, so they survive
re-ingest and re-extraction (they name record ids, which extraction derives from the
report's source, the trigger's offset and the type).

Geometry is made once, by geodesy, and stored: when a correction changes what a launch's
geometry is drawn from (:data:`GEOMETRY_FIELDS`: the launch site among the places, the
range, the type...), :func:`correct` enriches the corrected event once
(:func:`geo.geodesy.enrich.enrich`) and stores the new geometry as a ``geometry`` row
beside the correction (``old`` = ``{"correction": id}``), applied right after it and
undone with it. A ``deleted`` correction hides the event (undo shows it again)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields

from geo.errors import InvalidInput
from geo.events import Event
from geo.store.grouping import ids_param, regroup
from geo.store.merging import corrected
from geo.store.querying import event as shown_event
from geo.store.writing import now

# Fields a user may not change: the identity, and what is derived from the rest.
FIXED_FIELDS = {"id", "geometry"}
DELETED = "deleted"  # a correction that hides the event: new = true
EDITABLE_FIELDS = tuple(f.name for f in fields(Event) if f.name not in FIXED_FIELDS) + (DELETED,)
# Fields the geometry (ring, impact zone, path) is computed from.
GEOMETRY_FIELDS = frozenset({"type", "places", "range_km", "range_band_km", "impact_hint", "claims"})
GEOMETRY = "geometry"  # a derived row: the geometry of the event after the correction it names


def _members(con: sqlite3.Connection, event_id: str) -> list[tuple[int, str]]:
    row = con.execute("SELECT group_rid FROM records WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise InvalidInput(f"no event {event_id!r} in the store")
    return con.execute("SELECT rid, id FROM records WHERE group_rid = ? ORDER BY rid", (row[0],)).fetchall()


def _insert(con: sqlite3.Connection, event_id: str, field: str, old: object, new: object, user: str) -> int:
    if not user or not str(user).strip():
        raise InvalidInput("a correction needs the name of the user who made it")
    cur = con.execute("INSERT INTO corrections (event_id, field, old, new, user, at) VALUES (?,?,?,?,?,?)",
                      (event_id, field, json.dumps(old), json.dumps(new), str(user), now()))
    return cur.lastrowid


def correct(con: sqlite3.Connection, event_id: str, field: str, value: object, user: str) -> int:
    """Set one field of a shown event (its JSON form: ISO dates, lists of dicts); return the
    correction's id. The value is validated as input would be."""
    if field not in EDITABLE_FIELDS:
        raise InvalidInput(f"field {field!r} cannot be corrected; choose one of {', '.join(EDITABLE_FIELDS)}")
    current = shown_event(con, event_id)
    if current is None:
        raise InvalidInput(f"no event {event_id!r} in the store")
    if field == DELETED:
        if not isinstance(value, bool):
            raise InvalidInput(f"'deleted' takes true or false, got {value!r}")
        cid = _insert(con, current.id, field, False, value, user)
        regroup(con, [rid for rid, _ in _members(con, current.id)])
        return cid
    after = corrected(current, field, value)  # raises InvalidInput naming the bad value
    before = current.to_dict()
    old = before[field]
    cid = _insert(con, current.id, field, old, value, user)
    if field in GEOMETRY_FIELDS:
        from geo.geodesy.enrich import enrich  # once, here: the store keeps what geodesy made

        geometry = _geometry_dict(enrich(after))
        if geometry != before["geometry"]:
            _insert(con, current.id, GEOMETRY, {"correction": cid}, geometry, user)
    regroup(con, [rid for rid, _ in _members(con, current.id)])
    return cid


def _geometry_dict(event: Event) -> dict:
    return event.to_dict()["geometry"]


def merge(con: sqlite3.Connection, ids: list[str], user: str) -> int:
    """Make the shown events ``ids`` one event; return the correction's id."""
    groups: dict[int, list[tuple[int, str]]] = {}
    for event_id in ids:
        members = _members(con, event_id)
        groups[members[0][0]] = members
    if len(groups) < 2:
        raise InvalidInput(f"merging needs at least two different events, got {list(ids)!r}")
    record_ids = [id_ for g in sorted(groups) for _, id_ in groups[g]]
    cid = _insert(con, record_ids[0], "merge", None, record_ids, user)
    regroup(con, [rid for g in groups.values() for rid, _ in g])
    return cid


def split(con: sqlite3.Connection, event_id: str, user: str) -> int:
    """Show each record of the merged event ``event_id`` as an event of its own; return
    the correction's id."""
    members = _members(con, event_id)
    if len(members) < 2:
        raise InvalidInput(f"event {event_id!r} has one source only: there is nothing to split")
    record_ids = [id_ for _, id_ in members]
    # `new` lists the records set apart, each to be shown on its own (the grouping reads it).
    cid = _insert(con, record_ids[0], "split", record_ids, record_ids, user)
    regroup(con, [rid for rid, _ in members])
    return cid


def undo(con: sqlite3.Connection, correction_id: int) -> None:
    """Stop applying a correction (kept, marked undone, for the record)."""
    row = con.execute("SELECT event_id, field, new, undone FROM corrections WHERE id = ?", (correction_id,)).fetchone()
    if row is None:
        raise InvalidInput(f"no correction {correction_id} in the store")
    event_id, field, new, undone = row
    if undone:
        raise InvalidInput(f"correction {correction_id} is already undone")
    if field == GEOMETRY:
        raise InvalidInput(f"correction {correction_id} is the geometry made for another correction: undo that one")
    named = json.loads(new) if field in ("merge", "split") else [event_id]
    rids = [r for (r,) in con.execute("SELECT rid FROM records WHERE id IN (SELECT value FROM json_each(?))",
                                      (ids_param(named),))]
    con.execute("UPDATE corrections SET undone = 1 WHERE id = ?", (correction_id,))
    # the geometry made for this correction goes with it
    con.execute("UPDATE corrections SET undone = 1 WHERE field = ? AND event_id = ? "
                "AND json_extract(old, '$.correction') = ?", (GEOMETRY, event_id, correction_id))
    regroup(con, rids)


def listing(con: sqlite3.Connection, event_id: str | None = None) -> list[dict]:
    """Corrections (all, or those naming ``event_id``), oldest first."""
    rows = con.execute("SELECT id, event_id, field, old, new, user, at, undone FROM corrections "
                       + ("WHERE event_id = ? " if event_id else "") + "ORDER BY id",
                       (event_id,) if event_id else ()).fetchall()
    return [{"id": i, "event_id": e, "field": f, "old": json.loads(o) if o else None,
             "new": json.loads(n) if n else None, "user": u, "at": a, "undone": bool(d)}
            for i, e, f, o, n, u, a, d in rows]
