"""Which records form each shown event, and the ``events`` rows made from them.

A record's group is its ``auto_group`` (the merge rule, fixed at ingest) changed by the
active ``merge`` and ``split`` corrections in the order they were made; field corrections
are then applied to the merged event. Everything here runs inside the caller's
transaction, on the records it names and those tied to them (same group, same
correction), so the cost follows the change, not the size of the store.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Iterable

from geo.store.merging import corrected, merged_event
from geo.store.rows import actor_codes, columns, event_json, event_of_json

STRUCTURAL = ("merge", "split")


def ids_param(values: Iterable) -> str:
    """A list as one JSON parameter, used as ``IN (SELECT value FROM json_each(?))``:
    any length, one statement."""
    return json.dumps(list(values))


def structural_corrections(con: sqlite3.Connection) -> list[tuple[int, str, list[str]]]:
    """Active merges and splits: ``(correction id, 'merge'|'split', record ids)`` in order."""
    rows = con.execute("SELECT id, field, new FROM corrections WHERE undone = 0 AND field IN ('merge', 'split') "
                       "ORDER BY id").fetchall()
    return [(cid, field, json.loads(new)) for cid, field, new in rows]


def _closure(con: sqlite3.Connection, seeds: set[int], structural) -> dict[int, tuple[str, int, int]]:
    # rid -> (id, auto_group, group_rid) for the seeds and every record tied to them.
    found: dict[int, tuple[str, int, int]] = {}
    todo = set(seeds)
    while todo:
        rows = con.execute("SELECT rid, id, auto_group, group_rid FROM records WHERE rid IN "
                           "(SELECT value FROM json_each(?))", (ids_param(todo),)).fetchall()
        new = {rid: (id_, auto, grp) for rid, id_, auto, grp in rows if rid not in found}
        found.update(new)
        if not new:
            break
        groups = {v[1] for v in new.values()} | {v[2] for v in new.values()}
        tied = {r for (r,) in con.execute(
            "SELECT rid FROM records WHERE auto_group IN (SELECT value FROM json_each(?1)) "
            "OR group_rid IN (SELECT value FROM json_each(?1))", (ids_param(groups),))}
        ids = {v[0] for v in new.values()}
        named = set()
        for _, _, rec_ids in structural:
            if ids.intersection(rec_ids):
                named.update(rec_ids)
        if named:
            tied |= {r for (r,) in con.execute("SELECT rid FROM records WHERE id IN (SELECT value FROM json_each(?))",
                                               (ids_param(named),))}
        todo = tied - found.keys()
    return found


def regroup(con: sqlite3.Connection, seeds: Iterable[int], *, gone_groups: Iterable[int] = ()) -> None:
    """Recompute the groups of the ``seeds`` records (and those tied to them) and rebuild
    their ``events`` rows; ``gone_groups`` are event rows to drop (their records were removed)."""
    structural = structural_corrections(con)
    found = _closure(con, set(seeds), structural)
    label = {rid: auto for rid, (_, auto, _) in found.items()}
    rid_of = {v[0]: rid for rid, v in found.items()}
    for _, field, rec_ids in structural:
        rids = [rid_of[i] for i in rec_ids if i in rid_of]
        if not rids:
            continue
        if field == "merge":
            involved = {label[r] for r in rids}
            target = min(r for r, lab in label.items() if lab in involved)
            for r, lab in label.items():
                if lab in involved:
                    label[r] = target
        else:  # split: each named record on its own
            for r in rids:
                label[r] = r
    members: dict[int, list[int]] = {}
    for r, lab in label.items():
        members.setdefault(lab, []).append(r)
    final = {r: min(group) for group in members.values() for r in group}  # a group is named by its first record
    old_groups = {grp for (_, _, grp) in found.values()} | set(gone_groups)
    changed = [(final[r], r) for r, (_, _, grp) in found.items() if final[r] != grp]
    if changed:
        con.executemany("UPDATE records SET group_rid = ? WHERE rid = ?", changed)
    drop = old_groups | set(final.values())
    con.execute("DELETE FROM events WHERE rowid IN (SELECT value FROM json_each(?))", (ids_param(drop),))
    con.execute("DELETE FROM event_actors WHERE event IN (SELECT value FROM json_each(?))", (ids_param(drop),))
    materialize(con, set(final.values()))


def materialize(con: sqlite3.Connection, groups: set[int]) -> None:
    """Insert the ``events`` rows (and ``event_actors``) of the given groups."""
    if not groups:
        return
    rows = con.execute("SELECT group_rid, rid, id FROM records WHERE group_rid IN (SELECT value FROM json_each(?)) "
                       "ORDER BY group_rid, rid", (ids_param(groups),)).fetchall()
    by_group: dict[int, list[tuple[int, str]]] = {}
    for grp, rid, id_ in rows:
        by_group.setdefault(grp, []).append((rid, id_))
    fixes = _fixes_with_order(con, [id_ for _, _, id_ in rows])
    plain = [g for g, m in by_group.items() if len(m) == 1 and m[0][1] not in fixes]
    if plain:
        # A lone, uncorrected record is its own event: copy its columns, keep its JSON in records.
        con.execute("INSERT INTO events (rowid, id, type, day, last_day, date_precision, lat, lon, range_km, actors, "
                    "source, n_sources, text, json) SELECT rid, id, type, day, last_day, date_precision, lat, lon, "
                    "range_km, actors, source, 1, text, NULL FROM records WHERE rid IN (SELECT value FROM json_each(?))",
                    (ids_param(plain),))
        con.execute("INSERT OR IGNORE INTO event_actors (code, event) WITH RECURSIVE split(event, code, rest) AS ("
                    "SELECT rid, NULL, actors || ';' FROM records WHERE rid IN (SELECT value FROM json_each(?)) "
                    "UNION ALL SELECT event, substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1) "
                    "FROM split WHERE rest <> '') SELECT code, event FROM split WHERE code IS NOT NULL AND code <> ''",
                    (ids_param(plain),))
    plain_set = set(plain)
    rich = [g for g in by_group if g not in plain_set]
    for grp in rich:
        member_rids = [rid for rid, _ in by_group[grp]]
        texts = con.execute("SELECT json FROM records WHERE rid IN (SELECT value FROM json_each(?)) ORDER BY rid",
                            (ids_param(member_rids),)).fetchall()
        records = [event_of_json(t) for (t,) in texts]
        event = merged_event(records)
        deleted = False
        for _, field, value in sorted(f for e in records for f in fixes.get(e.id, ())):
            if field == "deleted":  # a user deleted the event: no row while the correction stands
                deleted = bool(value)
                continue
            event = corrected(event, field, value)
        if deleted:
            continue
        cols = columns(event)
        n_sources = len({e.source for e in records})
        con.execute("INSERT INTO events (rowid, id, type, day, last_day, date_precision, lat, lon, range_km, actors, "
                    "source, n_sources, text, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (grp, event.id, cols["type"], cols["day"], cols["last_day"], cols["date_precision"], cols["lat"],
                     cols["lon"], cols["range_km"], cols["actors"], event.source, n_sources, cols["text"],
                     event_json(event)))
        con.executemany("INSERT OR IGNORE INTO event_actors (code, event) VALUES (?, ?)",
                        [(code, grp) for code in actor_codes(event)])
    span = con.execute("SELECT max(last_day - day) FROM events WHERE rowid IN (SELECT value FROM json_each(?))",
                       (ids_param(groups),)).fetchone()[0]
    if span:
        con.execute("UPDATE meta SET value = max(CAST(value AS INTEGER), ?) WHERE key = 'max_span_days'", (span,))


def _fixes_with_order(con: sqlite3.Connection, ids: list[str]) -> dict[str, list[tuple[int, str, object]]]:
    out: dict[str, list[tuple[int, str, object]]] = {}
    if not ids:
        return out
    rows = con.execute("SELECT id, event_id, field, new FROM corrections WHERE undone = 0 "
                       "AND field NOT IN ('merge', 'split') AND event_id IN (SELECT value FROM json_each(?))",
                       (ids_param(ids),))
    for cid, event_id, field, new in rows:
        out.setdefault(event_id, []).append((cid, field, json.loads(new)))
    return out
