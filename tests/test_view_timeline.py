"""Events -> timeline frame and chart (geo.view.timeline)."""

from __future__ import annotations

import pandas as pd

from geo.view.timeline import timeline_chart, timeline_frame, timeline_height
from tests.test_view_events import launch_event, talks_event


def test_timeline_frame_spans_follow_the_date_precision():
    events = [
        launch_event(),  # one day
        launch_event(id="r1-e3", type="satellite_launch", date="2023-11-01", date_precision="month",
                     date_end="2023-11-30"),
        talks_event(date=None),  # undated: not on the timeline
    ]
    frame = timeline_frame(events)
    assert list(frame["type"]) == ["satellite launch", "missile launch"]
    month = frame.iloc[0]
    assert (month["start"], month["end"]) == (pd.Timestamp("2023-11-01"), pd.Timestamp("2023-12-01"))
    assert month["label"] == "2023-11-01 – 2023-11-30"
    day = frame.iloc[1]
    assert day["end"] - day["start"] == pd.Timedelta(days=1) and day["label"] == "2023-12-17"


def test_timeline_chart_is_bars_from_start_to_end_and_dots_at_start():
    frame = timeline_frame([launch_event(), talks_event(date="2023-12-01")])
    spec = timeline_chart(frame).to_dict()
    bars, dots = spec["layer"]
    assert bars["mark"]["type"] == "bar" and dots["mark"]["type"] == "point"
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end"
    assert timeline_height(frame) > timeline_height(frame.iloc[:1])  # a row per event type
