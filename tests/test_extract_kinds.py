"""Issue 12 item 3: every event the sentences report (aggregates, background events,
condemnations with the body whose resolutions are invoked, reported concerns), each with a
type, a confidence, a time interval and its certainty; certainty stored, exported and
filterable.

The short reports are written for these tests; the seed is ../seeds (the project's own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from geo.errors import InvalidInput
from geo.events import CERTAINTIES, event_from_dict
from geo.export.columns import COLUMNS, flat_row
from geo.extract import extract_report
from geo.reports import read_report, report_from_text
from geo.store import open_store
from geo.view.filters import ViewFilter, apply, frame_mask, keep_mask, option_counts
from geo.view.frame import raw_frame, view_frame
from geo.view.state import Known, ViewState, from_query, to_query
from tests.store_helpers import launch

SEED = "seeds/2023-12-18_north-korea-srbm-launch.txt"


@pytest.fixture(scope="module")
def seed_raw():
    return extract_report(read_report(SEED))


def _one(events, **want):
    found = [e for e in events if all(e.get(k) == v for k, v in want.items())]
    assert len(found) == 1, (want, [(e["type"], e.get("subtype")) for e in events])
    return found[0]


def _events(text: str, date: str = "2024-03-10"):
    return extract_report(report_from_text(text, date=date))


def test_seed_aggregate_over_100_missiles_since_2022(seed_raw):
    e = _one(seed_raw, subtype="aggregate")
    assert e["type"] == "missile_launch" and e["count"] == 100 and e["certainty"] == "reported"
    assert (e["date"], e["date_end"]) == ("2022-01-01", "2023-12-18")


def test_seed_background_invasion_of_ukraine(seed_raw):
    e = _one(seed_raw, subtype="background")
    assert e["type"] == "attack" and e["trigger"]["text"] == "invasion"
    assert {(a["code"], a["role"]) for a in e["actors"]} == {("RUS", "initiator"), ("UKR", "target")}
    assert e["date"] and e["date_end"] == "2023-12-18"  # reported by the report date


def test_seed_condemnation_invokes_the_security_council_against_north_korea(seed_raw):
    e = next(x for x in seed_raw if x["subtype"] == "condemnation" and "Security Council" in x["sentence"])
    roles = {a["code"]: a["role"] for a in e["actors"]}
    assert roles == {"UN": "authority", "PRK": "target"}
    assert e["cameo"]["code"] == "111" and e["certainty"] == "reported"


def test_seed_concern_about_an_arms_alliance(seed_raw):
    concern = _one(seed_raw, subtype="concern")
    assert concern["type"] == "statement" and concern["cameo"]["code"] == "012"
    assert {a["code"] for a in concern["actors"]} == {"PRK", "RUS"} and all(a["role"] == "target" for a in concern["actors"])
    assert concern["certainty"] == "reported" and 0 < concern["confidence"] <= 1
    assert concern["date"] and concern["date_end"] == "2023-12-18"
    alliance = _one(seed_raw, subtype="alliance")
    assert alliance["certainty"] == "hypothetical"  # "a possible arms alliance"
    # the concern comes before the alliance it is about, in text order
    assert seed_raw.index(concern) == seed_raw.index(alliance) - 1


def test_seed_every_event_has_a_certainty_and_an_interval(seed_raw):
    assert len(seed_raw) == 19
    assert all(e["certainty"] in CERTAINTIES and e["date"] for e in seed_raw)
    planned = [e for e in seed_raw if e["certainty"] == "planned"]
    assert [e["type"] for e in planned] == ["military_exercise"]  # "joint military exercises next summer"


@pytest.mark.parametrize("text, etype, certainty", [
    ("North Korea fired a ballistic missile on Sunday.", "missile_launch", "reported"),
    ("On May 29 North Korea fired a ballistic missile, South Korea said.", "missile_launch", "reported"),  # May: a month
    ("North Korea reportedly fired a ballistic missile on Sunday.", "missile_launch", "alleged"),
    ("North Korea allegedly tested a solid-fuel engine last week.", "weapons_test", "alleged"),
    ("Pyongyang is suspected of having launched a cruise missile on Friday.", "missile_launch", "alleged"),
    ("North Korea plans to launch a reconnaissance satellite next month.", "satellite_launch", "planned"),
    ("North Korea could launch an ICBM if the drills go ahead, analysts said.", "missile_launch", "hypothetical"),
    ("South Korea and the United States agreed to hold talks next week.", "meeting", "planned"),
])
def test_certainty_from_the_wording(text, etype, certainty):
    events = _events(text)
    e = next(x for x in events if etype is None or x["type"] == etype)
    assert e["certainty"] == certainty


def test_an_aggregate_needs_a_period_not_just_a_count():
    [e] = [x for x in _events("North Korea fired two ballistic missiles on Sunday.") if x["type"] == "missile_launch"]
    assert e.get("subtype") != "aggregate"
    agg = [x for x in _events("North Korea has fired more than 30 missiles so far this year.") if x["type"] == "missile_launch"]
    assert agg and agg[0]["subtype"] == "aggregate"


def test_concerns_voiced_make_a_concern_event():
    events = _events("Japan expressed concerns about North Korea's missile launches on Sunday.")
    concern = _one(events, subtype="concern")
    assert concern["certainty"] == "reported" and concern["date"]


def test_certainty_is_validated_and_round_trips():
    e = launch("a", "s")
    assert e.certainty == "reported"
    d = replace(e, certainty="alleged").to_dict()
    assert event_from_dict(d).certainty == "alleged"
    with pytest.raises(InvalidInput, match="certainty 'rumour'"):
        event_from_dict({**d, "certainty": "rumour"})
    assert "certainty" in COLUMNS and flat_row(replace(e, certainty="planned"))["certainty"] == "planned"


def _mixed():
    # three days apart: the store's merge rule would take one launch on one day for one event
    return [replace(launch(i, "s", dt.date(2023, 12, 1 + 3 * n)), certainty=c)
            for n, (i, c) in enumerate((("a", "reported"), ("b", "alleged"), ("c", "hypothetical")))]


def test_filter_by_certainty_on_events_and_frames():
    events = _mixed()
    flt = ViewFilter(certainties=("alleged", "hypothetical"))
    assert [e.id for e in apply(events, flt)] == ["b", "c"]
    frame = view_frame(raw_frame(events))
    assert list(frame_mask(frame, flt)) == keep_mask(events, flt) == [False, True, True]
    assert option_counts(events)["certainties"] == {"reported": 1, "alleged": 1, "hypothetical": 1}
    assert option_counts(frame)["certainties"] == {"reported": 1, "alleged": 1, "hypothetical": 1}


def test_certainty_in_the_link():
    view = ViewState(filter=ViewFilter(certainties=("alleged",)))
    q = to_query(view)
    assert q["certainty"] == ["alleged"]
    back, notices = from_query(q, Known())
    assert back.filter.certainties == ("alleged",) and not notices
    bad, notices = from_query({"certainty": "rumour,planned"}, Known())
    assert bad.filter.certainties == ("planned",) and any("rumour" in n for n in notices)


def test_the_store_keeps_certainty_for_the_view(tmp_path):
    with open_store(tmp_path / "events.db") as store:
        store.add_events(_mixed(), source="test")
        frame = store.view_frame()
        got = dict(zip(frame["id"], frame["certainty"]))  # the store also holds its demo data
        assert {k: got[k] for k in "abc"} == {"a": "reported", "b": "alleged", "c": "hypothetical"}
        [b] = store.events(["b"])
        assert b.certainty == "alleged"
    assert b.date == dt.date(2023, 12, 4)


def test_background_needs_a_context_cue_or_a_possessive():
    events = _events("North Korea fired two cruise missiles on Sunday, amid Russian attacks on Ukraine.")
    assert _one(events, type="attack")["subtype"] == "background"
    # the news itself is no background
    assert _one(_events("Russia attacked Ukrainian cities on Sunday, Kyiv said."), type="attack")["subtype"] is None


def test_who_is_concerned_and_about_whom():
    events = _events("Japan expressed concerns about North Korea's missile launches on Sunday.")
    concern = _one(events, subtype="concern")  # the statement "expressed" is the concern, not a second event
    assert [e["type"] for e in events].count("statement") == 1
    assert {(a["code"], a["role"]) for a in concern["actors"]} == {("JPN", "initiator"), ("PRK", "target")}
    assert _one(events, type="missile_launch")["certainty"] == "reported"  # concerns about real launches
    # a concern in a sentence with no other event
    [alone] = _events("South Korea raised concerns that Russia may transfer technology to North Korea.")
    assert alone["subtype"] == "concern" and alone["date"] and alone["date_end"] == "2024-03-10"
    assert {(a["code"], a["role"]) for a in alone["actors"]} == {("KOR", "initiator"), ("RUS", "target"), ("PRK", "target")}
