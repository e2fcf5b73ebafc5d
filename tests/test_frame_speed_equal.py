"""The fast view frame (geo.store.querying.view_frame reading the actors/places tables, and
geo.view.frame.view_frame deriving each distinct list once) equals the frame built the slow
way: every shown event as an Event (``store.query``), then ``raw_frame`` -- on the seed and
demo store, and on a synthetic store with merges, splits, field corrections, deletions, and
events the fast path must read from their JSON."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys

import pandas as pd
import pytest

from geo.events import Actor, Event, Place
from geo.store import EventFilter, open_store
from geo.view.frame import raw_frame, view_frame
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_store import synthetic_events  # noqa: E402


def slow_raw(store, flt: EventFilter = EventFilter()) -> pd.DataFrame:
    """The oracle: Event objects through ``raw_frame``. ``n_sources`` is the number of
    distinct sources of the records behind each event, counted here from ``records``."""
    events = store.query(flt)
    frame = raw_frame(events)
    path = store.path
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = dict(con.execute("SELECT x.id, count(DISTINCT r.source) FROM events x "
                                  "JOIN records r ON r.group_rid = x.rowid GROUP BY x.id").fetchall())
    finally:
        con.close()
    frame["n_sources"] = pd.Series([counts[i] for i in frame["id"]], dtype="int64")
    return frame


def assert_same(store, flt: EventFilter = EventFilter()) -> pd.DataFrame:
    fast = store.view_frame(flt)
    slow = slow_raw(store, flt)
    assert list(fast.columns) == list(slow.columns)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    derived_fast, derived_slow = view_frame(fast), view_frame(slow)
    pd.testing.assert_frame_equal(derived_fast, derived_slow, check_exact=True)
    assert derived_fast.attrs == derived_slow.attrs
    assert list(derived_fast.attrs["actor_names"]) == list(derived_slow.attrs["actor_names"])
    return fast


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "events.sqlite"
    with open_store(path, bootstrap=True) as s:
        yield s


def _odd_events() -> list[Event]:
    """Events the tables cannot give whole: more actors than one json_extract reads kinds
    for; actors and places without code, kind, role or coordinates."""
    many = tuple(Actor(code=f"Z{i:02d}", name=f"Actor Z{i:02d}", role="participant", kind="state")
                 for i in range(11))
    return [
        Event(id="odd-many", type="meeting", source="odd", actors=many,
              places=(Place(name="Vienna", role="venue", lat=48.2, lon=16.37, country_code="AT", feature="city"),)),
        Event(id="odd-kind", type="statement", source="odd",
              actors=(Actor(code="PRK", name="North Korea", role="initiator", kind=""),
                      Actor(code=None, name="a spokesman", role="source", kind=None))),
        Event(id="odd-bare", type="visit", source="odd", actors=(Actor(code=None, name="envoy", role="participant"),),
              places=(Place(name="Nowhere"), Place(name="Seoul", role="venue", lat=37.57, lon=126.98,
                                                  country_code="KR", feature="city"))),
    ]


@pytest.fixture(scope="module")
def corrected_store(tmp_path_factory):
    """Seed, demo, 400 synthetic events, the odd ones, then corrections of every kind."""
    path = tmp_path_factory.mktemp("corr") / "events.sqlite"
    with open_store(path, bootstrap=True) as s:
        s.add_events(synthetic_events(400), source="bench")
        s.add_events(_odd_events(), source="odd")
        ids = [e.id for e in s.query(EventFilter(types=("statement",)))]
        s.correct(ids[0], "actors", [{"code": "USA", "name": "United States", "role": "initiator",
                                      "kind": "state"}, {"code": "JPN", "name": "Japan"}], user="t")
        s.correct(ids[1], "places", [{"name": "Busan", "role": "venue", "lat": 35.1, "lon": 129.04,
                                      "country_code": "KR"}], user="t")
        s.correct(ids[2], "sentence", "A corrected sentence, with ’curly’ quotes.", user="t")
        s.correct(ids[3], "deleted", True, user="t")
        undone = s.correct(ids[4], "date_text", "last week", user="t")
        s.undo(undone)
        s.merge_events([ids[5], ids[6], ids[7]], user="t")
        s.merge_events([ids[8], ids[9]], user="t")
        s.split_event(ids[8], user="t")
        yield s


def test_seed_and_demo_store_frame_equals_the_slow_way(seed_store):
    fast = assert_same(seed_store)
    assert len(fast) and fast["has_geometry"].any() and fast["report_date"].notna().any()


def test_corrected_store_frame_equals_the_slow_way(corrected_store):
    fast = assert_same(corrected_store)
    by_id = fast.set_index("id")
    assert len(by_id.loc["odd-many", "actor_list"]) == 11
    assert by_id.loc["odd-kind", "actor_list"] == (("PRK", "North Korea", "", "initiator"),
                                                   ("", "a spokesman", "", "source"))
    assert by_id.loc["odd-bare", "place_list"][0] == ("Nowhere", "mention", "", "0", "")
    assert (fast["n_sources"] > 1).any()  # a merge is in the frame


@pytest.mark.parametrize("flt", [
    EventFilter(types=("statement", "missile_launch")),
    EventFilter(limit=37),
    EventFilter(actors=("PRK",)),
    EventFilter(bbox=(0.0, 0.0, 60.0, 140.0), limit=50),
    EventFilter(types=("no such type",)),
    EventFilter(text="launch", since=dt.date(2000, 1, 1)),
    EventFilter(bbox=(30.0, 120.0, 45.0, 135.0), since=dt.date(2023, 1, 1)),
], ids=["types", "limit", "actor", "box+limit", "none", "text+since", "small box"])
def test_filtered_frames_equal_the_slow_way(corrected_store, flt):
    assert_same(corrected_store, flt)


def test_tables_out_of_step_with_the_json_fall_back_to_the_json(tmp_path):
    """A lone event whose relational rows disagree with its JSON (here: a place row removed
    behind the store's back) is read from its JSON: the frame stays the JSON's."""
    path = tmp_path / "events.sqlite"
    with open_store(path, bootstrap=False) as s:
        s.add_events(synthetic_events(30), source="bench")
        s.add_events(_odd_events(), source="odd")
    con = sqlite3.connect(path)
    rid = con.execute("SELECT rowid FROM events WHERE id = 'odd-bare'").fetchone()[0]
    con.execute("DELETE FROM places WHERE rid = ? AND idx = 0", (rid,))
    con.commit()
    con.close()
    with open_store(path, read_only=True) as s:
        fast = assert_same(s)
    assert len(fast.set_index("id").loc["odd-bare", "place_list"]) == 2


# The statement the frame was read with before the relational tables (json_each per event
# and field), kept here as the oracle for values Event objects read differently (a kind that
# is a number, a missing role: an Event fills in "participant", the stored frame shows "").
OLD_STATEMENT = (
    "WITH x AS (SELECT e.rowid AS rid, e.id, coalesce(e.json, r.json) AS j, e.day "
    "FROM events e JOIN records r ON r.rid = e.rowid) "
    "SELECT id, json_extract(j, '$.sentence'), "
    "(SELECT group_concat(coalesce(json_extract(a.value, '$.code'), '') || char(31) || "
    "coalesce(json_extract(a.value, '$.name'), '') || char(31) || coalesce(json_extract(a.value, '$.kind'), '') "
    "|| char(31) || coalesce(json_extract(a.value, '$.role'), ''), char(30)) FROM json_each(j, '$.actors') a), "
    "(SELECT group_concat(coalesce(json_extract(p.value, '$.name'), '') || char(31) || "
    "coalesce(json_extract(p.value, '$.role'), 'mention') || char(31) || "
    "coalesce(json_extract(p.value, '$.country_code'), '') || char(31) || "
    "(coalesce(json_extract(p.value, '$.lat') BETWEEN -90 AND 90, 0) AND "
    "coalesce(json_extract(p.value, '$.lon') BETWEEN -180 AND 180, 0)) || char(31) || "
    "coalesce(json_extract(p.value, '$.feature'), ''), char(30)) FROM json_each(j, '$.places') p) "
    "FROM x ORDER BY day IS NULL, day DESC, rid"
)


def _split(text, width):
    return tuple(tuple(part.split("\x1f", width - 1)) for part in text.split("\x1e")) if text else ()


def test_odd_values_read_as_the_json_statement_read_them(tmp_path):
    path = tmp_path / "events.sqlite"
    odd = [Event(id="odd-number-kind", type="statement", source="odd", sentence="Said so.",
                 actors=(Actor(code="PRK", name="North Korea", role="initiator", kind=5),
                         Actor(code=None, name="a spokesman", role=None, kind=None)),
                 places=(Place(name="Pyongyang", role="launch_site", lat=39.03, lon=125.75, country_code=None),))]
    with open_store(path, bootstrap=False) as s:
        s.add_events(list(synthetic_events(20)) + odd, source="odd")
        fast = s.view_frame()
    con = sqlite3.connect(path)
    rows = con.execute(OLD_STATEMENT).fetchall()
    con.close()
    assert list(fast["id"]) == [r[0] for r in rows]
    assert list(fast["actor_list"]) == [_split(r[2], 4) for r in rows]
    assert list(fast["place_list"]) == [_split(r[3], 5) for r in rows]
    assert fast.set_index("id").loc["odd-number-kind", "actor_list"] == (
        ("PRK", "North Korea", "5", "initiator"), ("", "a spokesman", "", ""))
