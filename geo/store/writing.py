"""Adding records: reports and events into the tables, each new record placed in a group.

Functions here run inside the caller's transaction (:meth:`Store._write`); they never
commit, so a batch is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import asdict
from typing import Callable, Sequence

from geo.events import Event
from geo.reports import Report
from geo.store.grouping import ids_param, materialize, regroup, structural_corrections
from geo.store.merging import MergeKey, same_event
from geo.store.rows import columns, event_json
from geo.store.summary import IngestSummary

_SPACE = re.compile(r"\s+")


def now() -> str:
    """UTC now, ISO 8601 to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text (Unicode NFC, white space runs as one space, trimmed):
    the same report saved with other line breaks or spacing has the same hash."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def insert_report(con: sqlite3.Connection, report: Report, digest: str) -> int:
    """Store the report's row; return its id."""
    cur = con.execute("INSERT INTO reports (source, date, title, url, text, content_hash, added_at) "
                      "VALUES (?,?,?,?,?,?,?)", (report.source, report.date.isoformat() if report.date else None,
                                                report.title, report.url, report.text, digest, now()))
    return cur.lastrowid


def remove_records(con: sqlite3.Connection, rids: list[int]) -> None:
    """Delete records (an earlier version of a report) and regroup what was tied to them."""
    if not rids:
        return
    p = ids_param(rids)
    groups = [g for (g,) in con.execute("SELECT DISTINCT group_rid FROM records WHERE rid IN (SELECT value FROM json_each(?))", (p,))]
    autos = [a for (a,) in con.execute("SELECT DISTINCT auto_group FROM records WHERE rid IN (SELECT value FROM json_each(?))", (p,))]
    for table in ("actors", "places", "claims"):
        con.execute(f"DELETE FROM {table} WHERE rid IN (SELECT value FROM json_each(?))", (p,))
    con.execute("DELETE FROM records WHERE rid IN (SELECT value FROM json_each(?))", (p,))
    # A group whose first record left is named by its next record.
    for auto in autos:
        rest = [r for (r,) in con.execute("SELECT rid FROM records WHERE auto_group = ? ORDER BY rid", (auto,))]
        if rest and rest[0] != auto:
            con.execute("UPDATE records SET auto_group = ? WHERE auto_group = ?", (rest[0], auto))
    left = [r for (r,) in con.execute("SELECT rid FROM records WHERE group_rid IN (SELECT value FROM json_each(?1)) "
                                      "OR auto_group IN (SELECT value FROM json_each(?1))", (ids_param(groups + autos),))]
    con.execute("DELETE FROM events WHERE rowid IN (SELECT value FROM json_each(?))", (ids_param(groups),))
    con.execute("DELETE FROM event_actors WHERE event IN (SELECT value FROM json_each(?))", (ids_param(groups),))
    if left:
        regroup(con, left)


def _group_for(con: sqlite3.Connection, key: MergeKey, *, reported: bool) -> int | None:
    """The group a new record joins by the merge rule, or None.

    A record read from a report is compared with every record of its type within a day
    (an index range). An imported row is compared with the records read from reports
    only: rows of a table are events their publisher already coded, and comparing each
    with every other row of its day would make an import quadratic (GDELT: ~100,000 a day).
    """
    if key.day is None:
        return None
    only_reported = "" if reported else " AND report_id IS NOT NULL"
    rows = con.execute("SELECT auto_group, source, day, last_day, lat, lon, range_km, actors FROM records "
                       f"WHERE type = ? AND day BETWEEN ? AND ? AND source <> ?{only_reported} ORDER BY rid",
                       (key.type, key.day - 1, key.day + 1, key.source)).fetchall()
    for auto, source, day, last_day, lat, lon, range_km, actors in rows:
        other = MergeKey(source, key.type, day, last_day, lat, lon, range_km, frozenset(actors.split(";")) - {""})
        if same_event(key, other):
            return auto
    return None


def insert_events(con: sqlite3.Connection, events: Sequence[Event], *, report_id: int | None, source: str,
                  progress: Callable[[int], None] | None = None) -> IngestSummary:
    """Store events not stored yet as records, each in its group; rebuild the shown events.

    Parameters
    ----------
    events : sequence of Event
        An event whose ``id`` is already stored (or repeated in ``events``) is counted
        ``unchanged`` and left as it is.
    report_id : int or None
        The report they came from (None for imported tables).
    source : str
        Recorded for events whose own ``source`` is empty.
    progress : callable, optional
        Called with the number of events handled so far, every 1,000 events.
    """
    summary = IngestSummary()
    known = {i for (i,) in con.execute("SELECT id FROM records WHERE id IN (SELECT value FROM json_each(?))",
                                       (ids_param(e.id for e in events),))}
    named = {i for _, _, ids in structural_corrections(con) for i in ids}
    next_rid = (con.execute("SELECT max(rid) FROM records").fetchone()[0] or 0) + 1
    stamp = now()
    lone, tied = [], []
    actor_rows, place_rows, claim_rows, name_rows = [], [], [], []
    for n, event in enumerate(events, 1):
        if progress is not None and n % 1000 == 0:
            progress(n)
        if event.id in known:
            summary.unchanged += 1
            continue
        known.add(event.id)
        cols = columns(event)
        src = event.source or source
        key = MergeKey(src, event.type, cols["day"], cols["last_day"], cols["lat"], cols["lon"], cols["range_km"],
                       frozenset(cols["actors"].split(";")) - {""})
        rid = next_rid
        next_rid += 1
        auto = _group_for(con, key, reported=report_id is not None)
        if auto is None:
            auto = rid
            summary.added += 1
        else:
            summary.merged += 1
        con.execute("INSERT INTO records (rid, id, report_id, source, type, day, last_day, date_precision, lat, lon, "
                    "range_km, actors, text, auto_group, group_rid, json, added_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (rid, event.id, report_id, src, event.type, cols["day"], cols["last_day"], cols["date_precision"],
                     cols["lat"], cols["lon"], cols["range_km"], cols["actors"], cols["text"], auto, auto,
                     event_json(event), stamp))
        (lone if auto == rid and event.id not in named else tied).append(rid)
        for a in event.actors:
            actor_rows.append((rid, a.code, a.name, a.role))
            if a.code:
                name_rows.append((a.code, a.name))
        for i, p in enumerate(event.places):
            place_rows.append((rid, i, p.name, p.role, p.lat, p.lon, p.country_code, p.feature,
                               json.dumps([asdict(c) for c in p.candidates]) if p.candidates else None))
        for c in event.claims:
            claim_rows.append((rid, c.quantity, c.value, c.unit, c.text, c.source_name, c.source_actor))
    con.executemany("INSERT INTO actors (rid, code, name, role) VALUES (?,?,?,?)", actor_rows)
    con.executemany("INSERT INTO places (rid, idx, name, role, lat, lon, country_code, feature, candidates) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", place_rows)
    con.executemany("INSERT INTO claims (rid, quantity, value, unit, text, source_name, source_actor) "
                    "VALUES (?,?,?,?,?,?,?)", claim_rows)
    con.executemany("INSERT OR IGNORE INTO actor_names (code, name) VALUES (?, ?)", name_rows)
    materialize(con, set(lone))
    if tied:
        regroup(con, tied)
    return summary
