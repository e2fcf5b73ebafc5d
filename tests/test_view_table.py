"""Events -> frame and filters (geo.view.table)."""

from __future__ import annotations

import math

from geo.view.table import event_actors, event_types, events_frame, filter_events
from tests.test_view_events import launch_event, talks_event


def test_events_frame_rows_sorted_by_date():
    undated = talks_event(id="u", type="statement", date=None)
    frame = events_frame([undated, launch_event(), talks_event()])
    assert list(frame["type"]) == ["talks", "missile_launch", "statement"]  # "2023-12" < "2023-12-17"; undated last
    assert frame.loc[1, "places"] == "Pyongyang (launch site)"
    assert frame.loc[0, "actors"] == "United States, South Korea"
    assert frame.loc[1, "range_km"] == 570
    assert math.isnan(frame.loc[0, "range_km"])


def test_events_frame_of_nothing_has_the_columns():
    frame = events_frame([])
    assert len(frame) == 0 and "sentence" in frame.columns


def test_filters():
    events = [launch_event(), talks_event()]
    assert event_types(events) == ["missile_launch", "talks"]
    assert event_actors(events) == ["North Korea", "South Korea", "United States"]
    assert [e["id"] for e in filter_events(events, types=["talks"])] == ["r1-e2"]
    assert [e["id"] for e in filter_events(events, actors=["North Korea"])] == ["r1-e1"]
    assert filter_events(events, types=["talks"], actors=["North Korea"]) == []
    assert len(filter_events(events)) == 2
