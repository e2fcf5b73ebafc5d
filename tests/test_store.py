"""The event store: round trip, idempotent ingest, filters, the merge rule, corrections,
migrations from version 1, bad files. Every test uses a real SQLite file under tmp_path."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import replace

import pytest

from geo.errors import InvalidInput, StoreFileError
from geo.pipeline import events_of_report
from geo.reports import read_report, report_from_text
from geo.store import EventFilter, default_db_path, open_store
from geo.store.merging import same_event, key_of
from geo.store.schema import APPLICATION_ID, migrations
from tests.store_helpers import launch

D = dt.date(2023, 12, 17)


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "events.sqlite", bootstrap=False) as s:
        yield s


@pytest.fixture(scope="module")
def seed_events(seed_path):
    report = read_report(seed_path)
    return report, events_of_report(report)


def test_default_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GEO_EVENTS_DB", str(tmp_path / "x.sqlite"))
    assert default_db_path() == tmp_path / "x.sqlite"
    monkeypatch.delenv("GEO_EVENTS_DB")
    assert default_db_path().name == "events.sqlite"
    assert "reported-events-map" in str(default_db_path())


def test_round_trip_gives_the_same_events(store, seed_events):
    report, events = seed_events
    summary = store.ingest_report(report, events)
    assert (summary.added, summary.merged, summary.unchanged) == (len(events), 0, 0)
    stored = {e.id: e for e in store.query()}
    assert stored == {e.id: e for e in events}  # geometry included, as enrich made it
    launch_event = next(e for e in events if e.geometry.ring)
    assert store.event(launch_event.id) == launch_event
    assert store.report(report.source).text == report.text
    assert store.reports()[0]["n_events"] == len(events)


def test_same_report_twice_adds_nothing(store, seed_events):
    report, events = seed_events
    store.ingest_report(report, events)
    before = store.stats()
    # Other spacing and line breaks: the normalised text is the same report.
    again = replace(report, text="  " + report.text.replace(" ", "  ").replace(". ", ".\n") + "\n")
    summary = store.ingest_report(again, events)
    assert (summary.added, summary.merged, summary.unchanged) == (0, 0, len(events))
    assert store.stats()["events"] == before["events"] and store.stats()["reports"] == 1


def test_add_events_is_idempotent_on_ids(store):
    events = [launch(f"e{i}", f"src{i}", D + dt.timedelta(days=10 * i)) for i in range(5)]
    assert store.add_events(events, source="t", batch_size=2).added == 5
    summary = store.add_events(events + [launch("e9", "src9", D - dt.timedelta(days=100))], source="t")
    assert (summary.added, summary.unchanged) == (1, 5)
    assert store.count(EventFilter()) == 6


def test_filters(store):
    store.add_events([
        launch("a", "s1", dt.date(2020, 1, 1)),
        launch("b", "s2", dt.date(2021, 6, 1), actors=("USA",), lat=38.9, lon=-77.0, type_="meeting", range_km=None),
        launch("c", "s3", dt.date(2022, 1, 1), actors=("RUS",), lat=64.0, lon=179.5),
        replace(launch("d", "s4", None, actors=("PRK",)), date_precision=None),
        replace(launch("m", "s5", dt.date(2019, 12, 1), actors=("JPN",)), date_end=dt.date(2019, 12, 31),
                date_precision="month"),
    ], source="t")
    ids = lambda flt: {e.id for e in store.query(flt)}  # noqa: E731
    assert ids(EventFilter()) == {"a", "b", "c", "d", "m"}  # undated kept without a date bound
    assert ids(EventFilter(since=dt.date(2019, 12, 20), until=dt.date(2020, 6, 1))) == {"a", "m"}  # the month overlaps
    assert ids(EventFilter(actors=("North Korea".lower(),))) == set()  # names are those stored: "name of PRK"
    assert ids(EventFilter(actors=("name of prk",))) == {"a", "d"}
    assert ids(EventFilter(actors=("PRK", "USA"))) == {"a", "b", "d"}
    assert ids(EventFilter(types=("meeting",))) == {"b"}
    assert ids(EventFilter(bbox=(30, 120, 45, 130))) == {"a", "d", "m"}
    assert ids(EventFilter(bbox=(60, 170, 70, -170))) == {"c"}  # across the antimeridian
    assert ids(EventFilter(text="s2 says")) == {"b"}
    assert ids(EventFilter(sources=("s3",))) == {"c"}
    assert [e.id for e in store.query(EventFilter(limit=2))] == ["c", "b"]  # newest first
    frame = store.map_frame(EventFilter(actors=("PRK",)))
    assert list(frame.columns) == ["id", "type", "date", "date_end", "date_precision", "lat", "lon", "range_km",
                                   "actors", "source", "n_sources"]
    row = frame.set_index("id").loc["a"]
    assert (str(row["date"])[:10], row["lat"], row["range_km"], row["actors"]) == ("2020-01-01", 39.03, 570.0, "PRK")
    assert frame.set_index("id").loc["d", "date"] is not None and str(frame.set_index("id").loc["d", "date"]) == "NaT"
    assert store.count(EventFilter(actors=("PRK",))) == 2
    facets = store.facets(EventFilter())
    assert {f["code"]: f["count"] for f in facets["actors"]}["PRK"] == 2
    with pytest.raises(InvalidInput, match="bbox"):
        EventFilter(bbox=(50, 0, 10, 10))


@pytest.mark.parametrize("flt", [
    EventFilter(bbox=(30, 120, 45, 130)),
    EventFilter(bbox=(-10, 170, 70, -170), since=dt.date(2000, 1, 1)),
    EventFilter(bbox=(0, 0, 60, 179), until=dt.date(2010, 6, 1), actors=("A1", "A2"), types=("missile_launch",)),
])
def test_rtree_and_index_paths_agree(store, monkeypatch, flt):
    import geo.store.querying as querying
    events = [launch(f"e{i}", f"s{i}", dt.date(1990, 1, 1) + dt.timedelta(days=97 * i), actors=(f"A{i % 4}",),
                     lat=-60 + (i * 7.3) % 130, lon=-180 + (i * 37.1) % 360) for i in range(300)]
    store.add_events(events, source="t")
    found = {}
    for share in (0.0, 1.0):  # never / always the R*Tree
        monkeypatch.setattr(querying, "RTREE_MAX_SHARE", share)
        found[share] = [e.id for e in store.query(flt)]
    assert found[0.0] == found[1.0]
    s, w, n, e = flt.bbox
    expected = [ev.id for ev in events
                if s <= ev.position[0] <= n and ((w <= ev.position[1] <= e) if w <= e else not (e < ev.position[1] < w))
                and (flt.since is None or ev.date >= flt.since) and (flt.until is None or ev.date <= flt.until)
                and (not flt.actors or ev.actors[0].code in flt.actors) and (not flt.types or ev.type in flt.types)]
    assert sorted(found[1.0]) == sorted(expected) and expected


# -- the merge rule: each criterion, both ways -------------------------------------------------
BASE = launch("base", "seoul")


def reported(store, event):
    """Store ``event`` as read from a report of its source (imported rows merge only with these)."""
    return store.ingest_report(report_from_text(f"date 2023-12-18\nReport {event.id}.", source=event.source), [event])


@pytest.mark.parametrize("other, merges", [
    (launch("x", "tokyo"), True),
    (launch("x", "seoul"), False),                                       # same source: not two reports
    (launch("x", "tokyo", type_="weapons_test"), False),                 # another type
    (launch("x", "tokyo", actors=("KOR", "PRK")), True),                 # one shared actor is enough
    (launch("x", "tokyo", actors=("KOR",)), False),                      # no shared actor
    (launch("x", "tokyo", D + dt.timedelta(days=1)), True),              # a day apart
    (launch("x", "tokyo", D + dt.timedelta(days=2)), False),             # two days apart
    (launch("x", "tokyo", lat=39.03 + 0.85), True),                      # ~95 km away
    (launch("x", "tokyo", lat=39.03 + 0.95), False),                     # ~106 km away
    (launch("x", "tokyo", lat=None), True),                              # not located: position not compared
    (launch("x", "tokyo", range_km=570 * 0.81), True),                   # 19 % shorter
    (launch("x", "tokyo", range_km=570 * 0.79), False),                  # 21 % shorter
    (launch("x", "tokyo", range_km=None), True),                         # no range: not compared
])
def test_merge_rule(store, other, merges):
    # the first report's event is read from a text; the second comes as either kind
    reported(store, BASE)
    summary = store.add_events([other], source="t")
    assert (summary.merged, summary.added) == ((1, 0) if merges else (0, 1))
    assert store.count(EventFilter()) == (1 if merges else 2)
    from geo.store.filters import day_number
    assert same_event(key_of(BASE, day_number(BASE.date), day_number(BASE.date)),
                      key_of(other, day_number(other.date), day_number(other.date))) is merges


def test_imported_rows_merge_with_reported_events_not_with_each_other(store):
    # two tables' rows of one launch stay two events (each publisher coded its own); a
    # report of that launch joins one of them
    cns, other_table = launch("cns:1", "cns.csv"), launch("acled:1", "acled.csv")
    store.add_events([cns], source="cns.csv")
    assert store.add_events([other_table], source="acled.csv").added == 1
    summary = store.ingest_report(report_from_text("date 2023-12-18\nA launch.", source="seoul"),
                                  [launch("r1", "seoul")])
    assert (summary.merged, summary.added) == (1, 0) and store.count(EventFilter()) == 2


def test_undated_events_never_merge_by_rule(store):
    a, b = (replace(launch(i, s, None), date_precision=None) for i, s in (("a", "s1"), ("b", "s2")))
    store.add_events([a, b], source="t")
    assert store.count(EventFilter()) == 2


def test_merged_event_keeps_every_source_and_claim(store):
    seoul = launch("seoul-1", "seoul", range_km=570, phrase="approximately 570 kilometers")
    tokyo = launch("tokyo-1", "tokyo", range_km=500, phrase="about 500 km", actors=("PRK", "JPN"))
    reported(store, seoul)
    store.add_events([tokyo], source="t")
    (event,) = store.query(EventFilter())
    assert event.id == "seoul-1"
    assert sorted(c.text for c in event.claims) == ["about 500 km", "approximately 570 kilometers"]
    assert {c.source_name for c in event.claims} == {"seoul", "tokyo"}
    assert [s["source"] for s in event.attributes["sources"]] == ["seoul", "tokyo"]
    assert {a.code for a in event.actors} == {"PRK", "JPN"}
    assert store.event("tokyo-1") == event  # a merged record leads to its event
    frame = store.map_frame(EventFilter(actors=("JPN",)))
    assert list(frame["n_sources"]) == [2] and frame["actors"][0] == "PRK;JPN"


# -- corrections ------------------------------------------------------------------------------
def test_split_survives_reingest_and_undo_restores(store):
    reported(store, launch("a", "seoul"))
    store.add_events([launch("b", "tokyo")], source="t")
    assert store.count(EventFilter()) == 1
    cid = store.split_event("a", user="ana")
    assert {e.id for e in store.query()} == {"a", "b"}
    store.add_events([launch("a", "seoul"), launch("b", "tokyo")], source="t")  # re-ingest: unchanged
    assert {e.id for e in store.query()} == {"a", "b"}
    store.add_events([launch("c", "beijing")], source="t")  # a third report joins by the rule...
    assert store.count(EventFilter()) == 2  # ...but the split records stay apart
    store.undo(cid)
    assert store.count(EventFilter()) == 1
    assert store.corrections()[0]["undone"] is True


def test_manual_merge_survives_reextraction(store, tmp_path):
    one = report_from_text("date 2023-12-18\nNorth Korea fired a ballistic missile from Pyongyang on Sunday.",
                           source="one.txt")
    two = report_from_text("date 2023-12-20\nNorth Korea launched a cruise missile on Tuesday.", source="two.txt")
    e1, e2 = events_of_report(one), events_of_report(two)
    store.ingest_report(one, e1)
    store.ingest_report(two, e2)
    assert store.count(EventFilter()) == len(e1) + len(e2)  # two days apart: no merge by rule
    store.merge_events([e1[0].id, e2[0].id], user="ana")
    assert store.count(EventFilter()) == len(e1) + len(e2) - 1
    # Re-extraction: the second report edited after the event (same ids), ingested again.
    two_v2 = replace(two, text=two.text + " Japan protested.")
    e2b = events_of_report(two_v2)
    summary = store.ingest_report(two_v2, e2b)
    assert summary.removed == len(e2)
    merged = store.event(e1[0].id)
    assert [s["source"] for s in merged.attributes["sources"]] == ["one.txt", "two.txt"]


def test_field_correction_applied_last_and_undone(store):
    reported(store, launch("a", "seoul"))
    cid = store.correct("a", "range_km", 600, user="ana")
    assert store.event("a").range_km == 600
    assert store.map_frame(EventFilter())["range_km"][0] == 600
    store.add_events([launch("b", "tokyo")], source="t")  # merges in: the correction still wins
    assert store.event("a").range_km == 600 and len(store.event("a").claims) == 2
    store.undo(cid)
    assert store.event("a").range_km == 570
    with pytest.raises(InvalidInput, match="date"):
        store.correct("a", "date", "yesterday", user="ana")
    with pytest.raises(InvalidInput, match="no event"):
        store.correct("zzz", "range_km", 1, user="ana")
    with pytest.raises(InvalidInput, match="cannot be corrected"):
        store.correct("a", "id", "b", user="ana")


# -- schema versions --------------------------------------------------------------------------
def test_migration_from_version_1(tmp_path):
    path = tmp_path / "v1.sqlite"
    con = sqlite3.connect(path)
    first = migrations()[0][1]
    assert first.name.startswith("001_")
    con.executescript(first.read_text())
    ev = launch("old", "seoul")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    from geo.store.rows import event_json
    con.execute("INSERT INTO records (rid, id, source, type, day, last_day, lat, lon, range_km, actors, auto_group, "
                "group_rid, json, added_at) VALUES (1, 'old', 'seoul', 'missile_launch', 19708, 19708, 39.03, 125.75, "
                "570, 'PRK;KOR', 1, 1, ?, 'then')", (event_json(ev),))
    con.execute("INSERT INTO events (rowid, id, type, day, last_day, lat, lon, range_km, actors, source, n_sources) "
                "VALUES (1, 'old', 'missile_launch', 19708, 19708, 39.03, 125.75, 570, 'PRK;KOR', 'seoul', 1)")
    con.execute("INSERT INTO actors (rid, code, name) VALUES (1, 'PRK', 'North Korea')")
    con.commit()
    con.close()
    with open_store(path, bootstrap=False) as s:
        assert s.stats()["schema_version"] == migrations()[-1][0]
        assert [e.id for e in s.query(EventFilter(actors=("KOR",)))] == ["old"]  # v2's actor index filled
        assert [e.id for e in s.query(EventFilter(actors=("north korea",)))] == ["old"]  # and its names
        assert s.event("old") == ev
        assert [e.id for e in s.query(EventFilter(bbox=(38, 125, 40, 126)))] == ["old"]  # v3's R*Tree filled
        reported(s, launch("new", "tokyo"))  # and the upgraded store takes new events
        assert s.count(EventFilter()) == 1


# -- bad files --------------------------------------------------------------------------------
def test_not_a_database(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello, not a database " * 100)
    with pytest.raises(StoreFileError, match="notes.txt is not an events store"):
        open_store(bad)
    assert bad.read_text().startswith("hello")  # untouched


def test_another_programs_database(tmp_path):
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreFileError, match="another program"):
        open_store(other)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_read_only_file(tmp_path):
    path = tmp_path / "ro.sqlite"
    open_store(path, bootstrap=False).close()
    path.chmod(0o444)
    with pytest.raises(StoreFileError, match="read-only"):
        open_store(path, bootstrap=False).add_events([launch("a", "s")], source="t")


def test_read_only_open_refuses_writes(tmp_path):
    path = tmp_path / "e.sqlite"
    open_store(path, bootstrap=False).close()
    with open_store(path, read_only=True) as s:
        assert s.count(EventFilter()) == 0
        with pytest.raises(StoreFileError, match="read-only"):
            s.add_events([launch("a", "s")], source="t")
    with pytest.raises(StoreFileError, match="no events store"):
        open_store(tmp_path / "missing.sqlite", read_only=True)


def test_bootstrap_fills_a_new_store_once(tmp_path, seed_events):
    report, events = seed_events
    with open_store(tmp_path / "new.sqlite") as s:
        assert s.stats()["reports"] >= 1 and s.count(EventFilter(sources=(report.source,))) == len(events)
        again = s.bootstrap()
        assert again.added == 0 and again.merged == 0
