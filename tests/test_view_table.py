"""Events -> the table frame, and the former sidebar helpers (geo.view.table)."""

from __future__ import annotations

import math

import pytest

from geo.pipeline import events_of_report
from geo.reports import read_report
from geo.view.table import COLUMNS, date_text, event_actors, event_types, events_frame, filter_events
from tests.conftest import SEED
from tests.test_view_events import PYONGYANG, enriched, launch_event, talks_event


@pytest.fixture(scope="module")
def seed_events():
    return events_of_report(read_report(SEED))


def test_events_frame_rows_sorted_by_date_with_readable_labels():
    undated = talks_event(id="u", type="statement", date=None, date_end=None, date_precision=None,
                          report_date="2023-12-18")
    frame = events_frame(enriched(undated, launch_event(), talks_event()))
    assert list(frame.columns) == COLUMNS
    # talks "this month" starts 2023-12-01, the launch 2023-12-17, the undated statement at its report date
    assert list(frame["type"]) == ["talks", "missile launch", "statement"]
    assert list(frame["date"]) == ["2023-12", "2023-12-17", "reported by 2023-12-18"]
    assert frame.loc[1, "places"] == "Pyongyang (launch site)"
    assert frame.loc[0, "actors"] == "United States, South Korea"
    assert frame.loc[1, "range_km"] == 570
    assert (frame.loc[1, "lat"], frame.loc[1, "lon"]) == PYONGYANG
    assert math.isnan(frame.loc[0, "range_km"]) and frame["range_km"].dtype == "float64"


def test_places_and_roles_in_full_and_blank_coordinates_when_none():
    event = launch_event(places=[
        {"name": "Pyongyang", "role": "launch_site", "lat": PYONGYANG[0], "lon": PYONGYANG[1]},
        {"name": "the sea", "role": "impact_area"},
        {"name": "a very long place name " * 5, "role": "mention"},
    ])
    unlocated = talks_event(places=[{"name": "somewhere", "role": "venue"}], range_km=float("nan"))
    frame = events_frame(enriched(event, unlocated)).set_index("id")
    assert frame.loc["r1-e1", "places"] == (
        "Pyongyang (launch site), the sea (impact area), " + f"{'a very long place name ' * 5} (mention)")
    assert math.isnan(frame.loc["r1-e2", "lat"]) and math.isnan(frame.loc["r1-e2", "lon"])
    assert math.isnan(frame.loc["r1-e2", "range_km"])


def test_date_text_follows_the_precision():
    [year, rng] = enriched(launch_event(date="2022-01-01", date_end="2022-12-31", date_precision="year"),
                           launch_event(date="2022-01-01", date_end="2023-12-18", date_precision="range"))
    assert date_text(year) == "2022"
    assert date_text(rng) == "2022-01-01 to 2023-12-18"
    assert date_text(talks_event(date=None, date_end=None, date_precision=None)) == ""  # no report date either


def test_seed_table_keeps_every_event_and_marks_the_undated(seed_events):
    frame = events_frame(seed_events)
    assert len(frame) == len(seed_events) == 19  # 19 events: the concern about an arms alliance (issue 12 item 3), PRK and RUS its targets
    # the 14 events the text does not date show the interval reasoned for them, marked
    reported = frame[frame["date"].str.endswith("(reported)")]
    assert len(reported) == 14 and reported["date"].str.contains(" to 2023-12-1[78] ", regex=True).all()
    assert "missile launch" in set(frame["type"]) and not frame["type"].str.contains("_").any()
    launch = frame[frame["range_km"] == 570].iloc[0]
    assert launch["places"] == "the sea (impact area), Pyongyang (launch site)"
    assert abs(launch["lat"] - 39.03) < 0.1


def test_events_frame_of_nothing_has_the_columns():
    frame = events_frame([])
    assert len(frame) == 0 and list(frame.columns) == COLUMNS


def test_former_sidebar_helpers_take_dicts_or_events_and_return_the_objects_given():
    dicts = [launch_event(), talks_event()]
    for events in (dicts, enriched(*dicts)):
        assert event_types(events) == ["missile_launch", "talks"]
        assert event_actors(events) == ["North Korea", "South Korea", "United States"]
        assert [e is events[1] for e in filter_events(events, types=["talks"])] == [True]
        assert filter_events(events, actors=["North Korea"]) == [events[0]]
        assert filter_events(events, actors=["PRK"]) == [events[0]]  # an actor key works too
        assert filter_events(events, types=["talks"], actors=["North Korea"]) == []
        assert filter_events(events, actors=["Nobody"]) == []
        assert len(filter_events(events)) == 2
