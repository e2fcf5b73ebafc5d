"""Events -> weekly timeline frame and chart (geo.view.timeline)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from geo.pipeline import events_of_report
from geo.reports import read_report
from geo.view.timeline import (
    BRUSH, BY_REPORT, DATED, brushed_span, timeline_frame, timeline_height, vega_lite_spec, weekly_counts, x_domain,
)
from tests.conftest import SEED
from tests.test_view_events import enriched, launch_event, talks_event


@pytest.fixture(scope="module")
def seed():
    return events_of_report(read_report(SEED))


def test_frame_places_every_event_and_marks_the_undated():
    events = enriched(
        launch_event(),  # one day, Sunday 2023-12-17
        launch_event(id="r1-e3", type="satellite_launch", date="2023-11-01", date_precision="month",
                     date_end="2023-11-30"),
        talks_event(date=None, date_end=None, date_precision=None, report_date="2023-12-18"),
        talks_event(id="lost", date=None, date_end=None, date_precision=None),  # no date at all
    )
    frame = timeline_frame(events)
    assert list(frame["type"]) == ["satellite launch", "missile launch", "talks"]
    month = frame.iloc[0]
    assert (month["start"], month["end"]) == (pd.Timestamp("2023-11-01"), pd.Timestamp("2023-12-01"))
    assert month["label"] == "2023-11" and not month["long"]
    day = frame.iloc[1]
    assert day["end"] - day["start"] == pd.Timedelta(days=1) and day["week"] == pd.Timestamp("2023-12-11")  # Monday
    undated = frame.iloc[2]
    assert undated["dated_by_report"] and undated["start"] == pd.Timestamp("2023-12-18")
    assert frame.attrs["unplaced"] == 1


def test_weekly_counts_by_type_and_dating(seed):
    frame = timeline_frame(seed)
    assert len(frame) == 19 and frame["long"].sum() == 2  # "since 2022", the June-August 2024 drills
    weekly = weekly_counts(frame)
    assert weekly["count"].sum() == 17  # (19 events: the concern of issue 12 item 3) long intervals are spans, not counted in a week
    # the 14 events the text does not date sit, hollow, on the last day they can have
    # happened: the report date (Monday 2023-12-18) or the launch day before it (Sunday)
    by_report = weekly[weekly["how"] == BY_REPORT]
    assert by_report["count"].sum() == 14
    assert set(by_report["week"]) <= {pd.Timestamp("2023-12-11"), pd.Timestamp("2023-12-18")}
    assert (weekly["week_end"] - weekly["week"] == pd.Timedelta(days=7)).all()


def test_by_actor_rolls_up_to_the_state(seed):
    frame = timeline_frame(seed, by="actor")
    kim = next(e for e in seed if e.actors[0].name == "Kim Jong Un")
    assert frame[frame["id"] == kim.id]["group"].tolist() == ["North Korea"]
    both = next(e for e in seed if len({a.code for a in e.actors}) == 3)
    assert len(frame[frame["id"] == both.id]) == 3
    with pytest.raises(ValueError):
        timeline_frame(seed, by="colour")


def test_long_intervals_do_not_squeeze_the_weekly_bars(seed):
    frame = timeline_frame(seed)
    lo, hi = x_domain(frame)
    assert lo == pd.Timestamp("2023-11-01") - pd.Timedelta(days=7)  # not 2022: "since 2022" is clipped
    assert hi == pd.Timestamp("2024-09-01") + pd.Timedelta(days=7)  # the 2024 drills stay in view
    spec = vega_lite_spec(frame)
    bars, spans, labels = spec["layer"]
    assert bars["mark"]["type"] == "bar" and spans["mark"]["type"] == "rule" and labels["mark"]["type"] == "text"
    assert spans["mark"]["clip"] and bars["mark"]["clip"]
    assert bars["encoding"]["x"]["scale"]["domain"][0].startswith("2023-10-25")
    assert spans["encoding"]["x"]["scale"] == bars["encoding"]["x"]["scale"]
    assert bars["encoding"]["color"]["title"] == "event type"  # a legend
    assert bars["encoding"]["fillOpacity"]["scale"]["range"][1] < 0.3  # placed by the report date: hollow
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert timeline_height(frame) > timeline_height(frame[~frame["long"]])


def test_brush_is_an_x_interval_named_when(seed):
    spec = vega_lite_spec(timeline_frame(seed))
    [param] = spec["params"]
    assert param["name"] == BRUSH == "when" and param["select"] == {"type": "interval", "encodings": ["x"]}
    ms = [pd.Timestamp("2023-12-04").value // 10**6, pd.Timestamp("2023-12-11").value // 10**6]
    assert brushed_span({"selection": {"when": {"week": ms}}}) == (dt.date(2023, 12, 4), dt.date(2023, 12, 11))
    assert brushed_span({"when": {"week": ["2023-12-11", "2023-12-04"]}}) == (dt.date(2023, 12, 4), dt.date(2023, 12, 11))
    for bad in (None, {}, {"selection": {}}, {"when": {}}, {"when": {"week": [1]}}, {"when": {"week": ["x", "y"]}}):
        assert brushed_span(bad) is None


def test_chart_without_long_intervals_or_events():
    frame = timeline_frame(enriched(launch_event(), talks_event()))
    assert len(vega_lite_spec(frame)["layer"]) == 1
    empty = timeline_frame([])
    assert len(empty) == 0 and vega_lite_spec(empty)["layer"][0]["mark"]["type"] == "bar"


def test_dicts_still_work_for_the_app_until_it_passes_events():
    assert list(timeline_frame([launch_event()])["type"]) == ["missile launch"]


def _spread(n: int, first: str, days: int, seed: int = 5) -> pd.DataFrame:
    """A timeline frame of ``n`` one-day events spread over ``days`` from ``first``."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(first) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    frame = pd.DataFrame({"id": [f"e{i}" for i in range(n)], "start": start, "end": start + pd.Timedelta(days=1),
                          "group": rng.choice(["missile launch", "statement"], n), "type": "x", "label": "",
                          "precision": "day", "dated_by_report": rng.random(n) < 0.1, "long": False, "sentence": ""})
    frame["week"] = frame["start"] - pd.to_timedelta(frame["start"].dt.day_of_week, unit="D")
    return frame


def test_a_long_span_is_drawn_per_month_or_year_with_the_same_total():
    # 40 years of weekly bars are 2,000 bars under a pixel wide, and Vega drawing 26,000 rows held
    # the page for seconds at 100,000 events: at most MAX_BARS bars, of weeks, months or years.
    from geo.view.timeline import MAX_BARS, weekly_counts
    n = 3_000
    for years, period in ((40, "year"), (10, "month"), (MAX_BARS * 7 // 365 - 1, "week")):
        frame = _spread(n, "1985-01-07", years * 365)
        spec = vega_lite_spec(frame)
        bars = spec["layer"][0]
        data = spec["datasets"][bars["data"]["name"]].to_dict("records")
        assert bars["encoding"]["y"]["title"] == f"events per {period}", years
        assert sum(r["count"] for r in data) == n == int(weekly_counts(frame)["count"].sum())
        assert len({r["week"] for r in data}) <= MAX_BARS  # every bar at least a few pixels wide
        if period != "week":
            assert len(data) < len(weekly_counts(frame))
            starts = pd.DatetimeIndex([r["week"] for r in data])
            assert (starts.day == 1).all() and (period == "month" or (starts.month == 1).all())


def _frames_of_every_shape(seed):
    """Timeline frames with long intervals, without, empty, and over more than MAX_BARS weeks."""
    from geo.view.timeline import MAX_BARS
    rng = np.random.default_rng(11)
    n = 400
    start = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, (MAX_BARS + 60) * 7, n), unit="D")
    many = pd.DataFrame({"id": [f"e{i}" for i in range(n)], "start": start, "end": start + pd.Timedelta(days=1),
                         "group": rng.choice(["missile launch", "talks", "statement"], n), "type": "x", "label": "",
                         "precision": "day", "dated_by_report": rng.random(n) < 0.2, "long": False, "sentence": ""})
    many["week"] = many["start"] - pd.to_timedelta(many["start"].dt.day_of_week, unit="D")
    return {"seed": timeline_frame(seed), "short": timeline_frame(enriched(launch_event(), talks_event())),
            "empty": timeline_frame([]), "years": many}


def test_the_spec_is_the_one_altair_makes_of_the_same_chart(seed):
    """The hand-written dict against the chart built with Altair (tests/timeline_reference.py),
    which validates it against the Vega-Lite schema: same layers, encodings, scales, brush and
    data (names aside: Altair hashes them)."""
    import altair as alt

    from tests.timeline_reference import normalised, timeline_chart
    for name, frame in _frames_of_every_shape(seed).items():
        ours = vega_lite_spec(frame)
        with alt.theme.enable("none"):  # as Streamlit converts charts: no default width and height
            theirs = timeline_chart(frame).to_dict()
        assert normalised(ours) == normalised(theirs), name
        for layer in theirs["layer"]:
            mine = ours["datasets"][ours["layer"][theirs["layer"].index(layer)]["data"]["name"]]
            data = (layer.get("data") or theirs["data"])["name"]
            want = pd.DataFrame(theirs["datasets"][data], columns=list(mine.columns))
            for column in mine.columns:  # Altair writes dates as ISO text
                if pd.api.types.is_datetime64_any_dtype(mine[column]):
                    want[column] = pd.to_datetime(want[column]).astype(mine[column].dtype)
            pd.testing.assert_frame_equal(mine.reset_index(drop=True).astype(object),
                                          want.astype(object), check_dtype=False, obj=name)
