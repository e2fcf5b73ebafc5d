"""The line under the map (geo.view.dashboard.map_caption): counts readable at any size."""

from __future__ import annotations

from geo.view.dashboard import map_caption


def test_counts_have_thousands_separators():
    text = map_caption(1234, 100_000, dated_by_report=2500, held_back=1001)
    assert text.startswith("1,234 of 100,000 events.")
    assert "2,500 have no date in their text" in text
    assert "Rings and zones of 1,001 launches are hidden" in text


def test_what_is_not_there_is_not_said():
    text = map_caption(3, 3)
    assert text.startswith("3 of 3 events. Rings are geodesic")
    assert "session" not in text and "Selected" not in text and "hidden" not in text


def test_session_events_are_counted_apart():
    assert map_caption(12, 1_012, session_only=1_000).startswith("12 of 1,012 events (1,000 from your session only).")
