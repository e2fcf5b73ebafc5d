"""The dashboard's frame (geo.view.frame, Store.view_frame) and the filters, table, timeline
and dashboard decisions on it: the same answers as on Event objects."""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline import events_of_report
from geo.reports import read_report
from geo.store import EventFilter, open_store
from geo.view.dashboard import geometry_ids, geometry_to_draw, report_sources, reports_to_show
from geo.view.filters import (
    RANGE_CLASSES, REGIONS, ViewFilter, actor_options, counts, date_bounds, frame_mask, keep_mask, option_counts,
)
from geo.view.frame import combine, raw_frame, view_frame
from geo.view.table import events_frame, table_of_frame
from geo.view.timeline import timeline_frame
from tests.conftest import ROOT, SEED

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_store import synthetic_events  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The seed, the demo data (bootstrap) and 300 synthetic events, in a fresh store."""
    path = tmp_path_factory.mktemp("frame") / "events.sqlite"
    with open_store(path, bootstrap=True) as s:
        s.add_events(synthetic_events(300), source="bench")
        yield s


@pytest.fixture(scope="module")
def events(store):
    return store.query(EventFilter())


@pytest.fixture(scope="module")
def frame(store):
    return view_frame(store.view_frame())


def test_store_view_frame_holds_what_the_events_hold(store, events, frame):
    assert list(frame["id"]) == [e.id for e in events]  # the store's order: newest first
    from_events = view_frame(raw_frame(events))
    for column in frame.columns:
        if column == "n_sources":
            continue  # the store counts merged records; Events carry them in attributes
        pd.testing.assert_series_equal(frame[column], from_events[column], check_dtype=False, check_names=False)
    assert frame["has_geometry"].any() and frame["report_date"].notna().any()
    assert frame.attrs["actor_names"]["PRK"]


def test_store_view_frame_takes_a_filter_and_events_by_id(store, events):
    some = store.view_frame(EventFilter(types=("missile_launch",)))
    assert len(some) and set(some["type"]) == {"missile_launch"}
    assert store.view_frame(EventFilter(types=("nothing",))).columns.tolist() == store.view_frame().columns.tolist()
    ids = [events[5].id, "nope", events[1].id]
    assert [e.id for e in store.events(ids)] == [events[5].id, events[1].id]
    assert store.events([]) == []


def test_facets_from_the_frame_are_those_of_the_events(events, frame):
    assert option_counts(frame) == option_counts(events)
    assert actor_options(frame) == actor_options(events)
    assert date_bounds(frame) == date_bounds(events)
    assert date_bounds(frame, long_days=60) == date_bounds(events, long_days=60)


def test_table_timeline_and_dashboard_choices_from_the_frame(events, frame):
    pd.testing.assert_frame_equal(events_frame(frame), events_frame(events), check_dtype=False)
    capped = table_of_frame(frame, max_rows=50)
    assert len(capped) == 50 and capped.attrs["total"] == len(frame)
    full = events_frame(events)
    dated = full[full["date"] != ""]  # events with no date at all come after the dated ones
    assert list(capped["id"]) == list(dated["id"].iloc[-50:])  # the newest 50, in calendar order
    a, b = timeline_frame(events), timeline_frame(frame)
    pd.testing.assert_frame_equal(a.drop(columns=["label", "sentence"]), b.drop(columns=["label", "sentence"]),
                                  check_dtype=False)
    assert list(a["label"][a["long"]]) == list(b["label"][b["long"]])
    drawn, held = geometry_to_draw(events, None)
    assert geometry_ids(frame, None) == ([e.id for e in drawn], held)
    assert report_sources(frame, None) == reports_to_show(events, None)


def test_session_events_join_the_stored_frame(frame, seed_path):
    own = events_of_report(read_report(SEED))
    both = combine(frame, view_frame(raw_frame(own)))
    assert len(both) == len(frame) + len(own) and len(frame) == len(both) - len(own)
    assert frame_mask(both, ViewFilter(sources=(own[0].source,))).sum() >= len(own)


KNOWN_KEYS = ["PRK", "KOR", "USA", "PRK:Kim Jong Un", ":Nobody", "A001", "A002:Actor A002", "XYZ", ""]


def filters():
    day = st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2026, 1, 1))
    some = lambda values: st.lists(st.sampled_from(values), max_size=3).map(tuple)  # noqa: E731
    return st.builds(
        ViewFilter, since=st.none() | day, until=st.none() | day, actors=some(KNOWN_KEYS),
        types=some(["missile_launch", "meeting", "statement", "exercise", "nuclear_test", "x"]),
        text=st.sampled_from(["", "missile", "Missile launch", "’s", "kim jong", "2023", "zzz"]),
        countries=some(["KP", "PRK", "KR", "JP", "US", "XX", "??"]), regions=some(list(REGIONS)),
        range_classes=some(list(RANGE_CLASSES)), sources=some(["bench", "demo", "2023-12-18_north-korea-srbm-launch.txt"]),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flt=filters())
def test_frame_mask_agrees_with_the_filters_on_events(events, frame, flt):
    mask = frame_mask(frame, flt)
    assert mask.dtype == np.bool_ and list(mask) == keep_mask(events, flt)
    assert counts(frame, flt) == counts(events, flt)


def test_frame_mask_on_the_seed_and_the_reported_precision():
    seed = events_of_report(read_report(SEED))
    frame = view_frame(raw_frame(seed))
    for flt in (ViewFilter(), ViewFilter(since=dt.date(2023, 12, 18)), ViewFilter(until=dt.date(2023, 12, 16)),
                ViewFilter(actors=("PRK",), text="launch"), ViewFilter(countries=("JPN",), regions=("AS",))):
        assert list(frame_mask(frame, flt)) == keep_mask(seed, flt)
    assert frame["dated_by_report"].sum() == sum(e.date is None or e.date_precision == "reported" for e in seed)
    assert not len(frame_mask(frame.iloc[:0], ViewFilter(types=("x",))))


def test_top_options_lists_the_busiest_then_the_chosen():
    from geo.view.frame import top_options
    counts = {f"s{i}": i % 7 for i in range(50)}  # ties between many sources
    listed = top_options(counts, limit=10)
    assert len(listed) == 10
    assert [counts[s] for s in listed] == sorted((counts[s] for s in listed), reverse=True)
    assert min(counts[s] for s in listed) >= max(counts[s] for s in counts if s not in listed)
    # ties keep the counts' order (stable), and a chosen value outside the top is appended once
    assert listed[:2] == ["s6", "s13"]
    assert top_options(counts, ["s0", "s6", "s0"], limit=10) == listed + ["s0"]
    assert top_options({}, ["x"]) == ["x"]
