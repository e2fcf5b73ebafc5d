"""AppTest on pages/review.py: add a report, review, correct, undo, save (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import open_store

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "review.py")
TEXT = ("date 2024-01-15\nNorth Korea fired a ballistic missile from Hamhung on Monday, South Korea said. "
        "The missile flew about 600 kilometers. Officials met in <b>Portland</b> on Tuesday to discuss the launch.")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "events.sqlite"
    open_store(path, bootstrap=False).close()
    monkeypatch.setenv("GEO_EVENTS_DB", str(path))
    monkeypatch.setenv("GEO_USER", "tester")
    return path


def _page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _extract(at: AppTest, text: str = TEXT) -> AppTest:
    at.text_area(key="r_paste").input(text)
    at.button(key="r_extract").click()
    at.run()
    assert not at.exception, at.exception
    return at


def _frame(at: AppTest, column: str):
    """The first table on the page with ``column`` (the corrections list: "corrected to")."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _choose(at: AppTest, key: str, label_part: str) -> None:
    """Select the option of selectbox ``key`` whose label contains ``label_part``."""
    box = at.selectbox(key=key)
    index = next(i for i, o in enumerate(box.options) if label_part in o)
    box.select_index(index)


def test_review_correct_undo_and_save(db, monkeypatch):
    monkeypatch.setenv("GEO_ALLOW_SAVE", "1")
    at = _extract(_page())
    assert "Review before saving" in [s.value for s in at.subheader]
    assert any("Saving is on" in c.value for c in at.caption)
    # the report beside the table, escaped, with its event sentences marked
    [panel] = [h.value for h in at.main.get("html") if "Hamhung" in h.value]
    assert '<mark class="event-sentence"' in panel and "&lt;b&gt;Portland&lt;/b&gt;" in panel
    # move the meeting's place to another candidate: Portland, Maine
    _choose(at, "d_pe", "meeting")
    at.run()
    _choose(at, "d_cand", "-70.2")
    at.run()
    at.button(key="d_move").click()
    at.run()
    assert not at.exception and not at.error
    listed = _frame(at, "corrected to")
    assert list(listed["field"]) == ["places"] and "Portland" in listed["original"].iloc[0]
    assert listed["by"].iloc[0] == "tester"
    # a second edit, then undo it
    _choose(at, "d_pe", "missile launch")
    at.run()
    at.radio(key="d_how").set_value("Type coordinates")
    at.run()
    at.text_input(key="d_xy").input("40.03, 128.18")
    at.run()
    at.button(key="d_move").click()
    at.run()
    assert len(_frame(at, "corrected to")) == 2
    _choose(at, "d_undo_pick", "2:")
    at.button(key="d_undo").click()
    at.run()
    assert list(_frame(at, "corrected to")["undone"]) == [False, True]
    # save: the report as extracted plus one correction
    at.button(key="d_save").click()
    at.run()
    assert not at.exception and not at.error
    assert any("Saved pasted text" in s.value for s in at.success)
    with open_store(db) as store:
        [corr] = [c for c in store.corrections() if c["field"] == "places"]
        event = store.event(corr["event_id"])
        assert event.type == "meeting" and abs(event.places[0].lon + 70.26) < 0.05
        assert corr["user"] == "tester" and abs(corr["old"][0]["lon"] + 122.68) < 0.05
    # the stored events show that one was corrected, with the original value
    table = _frame(at, "sources")
    note = table.loc[table["id"] == corr["event_id"], "corrected"].iloc[0]
    assert note.startswith("corrected: places (was Portland")
    # undo the stored correction from the page
    _choose(at, "s_undo_pick", f"{corr['id']}: places")
    at.button(key="s_undo").click()
    at.run()
    with open_store(db) as store:
        assert abs(store.event(corr["event_id"]).places[0].lon + 122.68) < 0.05


def test_a_bad_table_value_gives_a_message_and_changes_nothing(db, monkeypatch):
    monkeypatch.setenv("GEO_ALLOW_SAVE", "1")
    at = _extract(_page())
    at.radio(key="d_how").set_value("Type coordinates")
    at.run()
    at.text_input(key="d_xy").input("95, 10")
    at.run()
    assert any("latitude 95 is outside" in e.value for e in at.error)
    assert at.button(key="d_move").disabled


def test_without_saving_the_page_says_session_only_and_writes_nothing(db, monkeypatch):
    monkeypatch.delenv("GEO_ALLOW_SAVE", raising=False)
    at = _extract(_page())
    assert any("session only" in c.value for c in at.caption)
    assert any("not saved" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "d_save"]
    with open_store(db) as store:
        assert store.stats()["reports"] == 0


def test_a_report_without_date_asks_for_it(db):
    at = _extract(_page(), "North Korea fired a missile from near Pyongyang.")
    assert any("give the report date" in e.value for e in at.error)
    at.date_input(key="r_date").set_value("2024-02-01")
    at.button(key="r_extract").click()
    at.run()
    assert not at.error and "Review before saving" in [s.value for s in at.subheader]
