"""geo.review and the store's corrections (issue 14), without Streamlit."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.errors import InvalidInput
from geo.reports import Report
from geo.review import (
    Draft, Edit, apply_edits, corrected_note, correction_rows, draft_corrections, edits_from_rows, editor_rows,
    evaluate, missed_event, moved_places, parse_actors, parse_coordinates, place_choices, save_draft,
)
from geo.store import EventFilter, open_store

TEXT = ("North Korea fired a ballistic missile from Hamhung on Monday, South Korea said. "
        "The missile flew about 600 kilometers. Officials met in Portland on Tuesday to discuss the launch.")
REPORT = Report("hamhung.txt", dt.date(2024, 1, 15), TEXT)
SINPO = {"name": "Sinpo", "lat": 40.03, "lon": 128.18, "country_code": "KP", "feature": "facility"}


@pytest.fixture(scope="module")
def extracted():
    from geo.pipeline import events_of_report

    return events_of_report(REPORT)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "events.sqlite", bootstrap=False)
    yield s
    s.close()


def _launch(events):
    return next(e for e in events if e.type == "missile_launch")


def _meeting(events):
    return next(e for e in events if e.type == "meeting")


def test_moving_the_launch_site_gives_a_fresh_ring_in_the_draft(extracted):
    launch = _launch(extracted)
    draft = Draft(REPORT.source, REPORT, list(extracted))
    draft.edit(Edit(launch.id, "places", moved_places(launch, 0, SINPO), "ann"))
    after = _launch(draft.events())
    assert after.launch_site.name == "Sinpo"
    lon, lat = after.geometry.ring["coordinates"][0][0]
    # the ring is drawn round Sinpo now (600 km from it), not round Hungnam
    from geo.coords import haversine_km
    assert abs(haversine_km(40.03, 128.18, lat, lon) - 600) < 5
    assert after.geometry.ring != launch.geometry.ring
    draft.undo(0)
    assert _launch(draft.events()).geometry.ring == launch.geometry.ring


def test_table_edits_type_date_range_actors_and_delete(extracted):
    launch, meeting = _launch(extracted), _meeting(extracted)
    rows = editor_rows(extracted)
    by_id = {r["id"]: r for r in rows}
    by_id[launch.id].update(range_km=800.0, actors="North Korea (initiator); Japan (target)",
                            date=dt.date(2024, 1, 14), date_precision="day")
    by_id[meeting.id]["delete"] = True
    edits = edits_from_rows(extracted, rows, "ann")
    assert {(e.event_id, e.field) for e in edits} >= {(launch.id, "range_km"), (launch.id, "actors"),
                                                      (launch.id, "date"), (meeting.id, "deleted")}
    shown = apply_edits(extracted, edits)
    assert meeting.id not in {e.id for e in shown}
    fixed = _launch(shown)
    assert fixed.range_km == 800 and fixed.date == dt.date(2024, 1, 14)
    assert [(a.name, a.role) for a in fixed.actors] == [("North Korea", "initiator"), ("Japan", "target")]
    assert fixed.actors[0].code == "PRK"  # a known actor keeps its code


def test_bad_table_values_are_refused_with_a_message(extracted):
    rows = editor_rows(extracted)
    rows[0]["range_km"] = -5
    with pytest.raises(InvalidInput, match="range -5 km"):
        edits_from_rows(extracted, rows, "ann")
    rows = editor_rows(extracted)
    rows[0]["type"] = "picnic"
    with pytest.raises(InvalidInput, match="type 'picnic'"):
        edits_from_rows(extracted, rows, "ann")
    with pytest.raises(InvalidInput, match="role 'boss'"):
        parse_actors("Japan (boss)")


def test_coordinates_and_place_choices(extracted):
    assert parse_coordinates(" 40.03, 128.18 ") == (40.03, 128.18)
    for bad in ("north", "91, 10", "10, 181", ""):
        with pytest.raises(InvalidInput):
            parse_coordinates(bad)
    portland = _meeting(extracted).places[0]
    choices = place_choices(portland)
    assert choices[0]["lat"] == pytest.approx(portland.lat)  # where it is now comes first
    assert any(c["country_code"] == "US" and abs(c["lon"] + 70.26) < 0.1 for c in choices)  # Portland, Maine


def test_missed_event_from_a_sentence():
    start = TEXT.index("The missile")
    end = TEXT.index("Officials") - 1
    event = missed_event(REPORT, start, end, "weapons_test", "ann")
    assert event.sentence == TEXT[start:end] and event.origin == "user" and event.date == REPORT.date
    with pytest.raises(InvalidInput):
        missed_event(REPORT, 0, 10, "picnic", "ann")


def test_save_stores_extraction_plus_corrections_that_survive_reingest(store, extracted):
    launch, meeting = _launch(extracted), _meeting(extracted)
    draft = Draft(REPORT.source, REPORT, list(extracted))
    draft.edit(Edit(launch.id, "places", moved_places(launch, 0, SINPO), "ann"))
    draft.edit(Edit(meeting.id, "deleted", True, "ann"))
    draft.added.append(missed_event(REPORT, 0, 20, "statement", "ann"))
    result = save_draft(store, draft)
    assert len(result["corrections"]) == 2
    stored = store.event(launch.id)
    assert stored.launch_site.name == "Sinpo" and stored.geometry.ring == _launch(draft.events()).geometry.ring
    assert store.event(meeting.id) is None
    # the records stay as extracted: corrections are kept apart
    fields = [c["field"] for c in store.corrections(launch.id)]
    assert fields == ["places", "geometry"]  # the geometry was computed once and stored with it
    # re-ingest: the same text adds nothing; a new version of the report keeps the corrections
    store.ingest_report(REPORT, extracted)
    from geo.pipeline import events_of_report
    v2 = Report(REPORT.source, REPORT.date, TEXT + " Seoul condemned the launch.")
    store.ingest_report(v2, events_of_report(v2))
    again = store.event(launch.id)
    assert again.launch_site.name == "Sinpo" and again.geometry.ring == stored.geometry.ring
    assert store.event(meeting.id) is None
    # undo: the original place and ring come back
    store.undo(store.corrections(launch.id)[0]["id"])
    back = store.event(launch.id)
    assert back.launch_site.name == "Hungnam" and back.geometry.ring == launch.geometry.ring
    assert [c["undone"] for c in store.corrections(launch.id)] == [True, True]


def test_correcting_the_range_of_a_stored_launch_redraws_its_ring(store, extracted):
    store.ingest_report(REPORT, extracted)
    launch = _launch(extracted)
    store.correct(launch.id, "range_km", 1000.0, "ann")
    fixed = store.event(launch.id)
    assert fixed.range_km == 1000 and fixed.geometry.ring_area_km2 > launch.geometry.ring_area_km2 * 2.5


def test_corrected_events_show_their_original_value(store, extracted):
    store.ingest_report(REPORT, extracted)
    launch = _launch(extracted)
    store.correct(launch.id, "range_km", 650.0, "bob")
    note = corrected_note(store.corrections(), launch.id)
    assert note == "corrected: range_km (was 600.0)"
    rows = correction_rows(store.corrections())
    assert [(r["field"], r["original"], r["corrected to"], r["by"]) for r in rows] == [("range_km", "600.0", "650.0", "bob")]
    assert corrected_note(store.corrections(), _meeting(extracted).id) is None


def test_draft_corrections_list_old_and_new_and_undone(extracted):
    launch = _launch(extracted)
    draft = Draft(REPORT.source, REPORT, list(extracted))
    draft.edit(Edit(launch.id, "range_km", 650.0, "ann"))
    draft.edit(Edit(launch.id, "range_km", 700.0, "ann"))
    draft.undo(1)
    rows = draft_corrections(draft)
    assert [(r["old"], r["new"], r["undone"]) for r in rows] == [(600.0, 650.0, False), (650.0, 700.0, True)]
    assert _launch(draft.events()).range_km == 650


def test_merge_and_split_from_the_review(store, extracted):
    store.ingest_report(REPORT, extracted)
    launch, meeting = _launch(extracted), _meeting(extracted)
    n = store.count(EventFilter())
    cid = store.merge_events([launch.id, meeting.id], "ann")
    assert store.count(EventFilter()) == n - 1
    store.split_event(launch.id, "ann")
    assert store.count(EventFilter()) == n
    store.undo(cid)
    assert store.count(EventFilter()) == n


def test_evaluate_scores_the_extractor_against_corrections(store, extracted):
    store.ingest_report(REPORT, extracted)
    launch, meeting = _launch(extracted), _meeting(extracted)
    store.correct(launch.id, "range_km", 650.0, "ann")  # the extractor says 600: disagrees
    store.correct(launch.id, "type", "missile_launch", "ann")  # the same: agrees
    store.correct(meeting.id, "deleted", True, "ann")  # the extractor still makes it: disagrees
    result = evaluate(store, store.corrections())
    assert result["fields"]["range_km"] == {"n": 1, "agree": 0, "share": 0.0}
    assert result["fields"]["type"] == {"n": 1, "agree": 1, "share": 1.0}
    assert result["fields"]["deleted"]["agree"] == 0
    assert result["n"] == 3 and result["agree"] == 1
    # an event whose report is not in the store is skipped, not scored
    other = evaluate(store, [{"event_id": "nope", "field": "range_km", "new": 1, "undone": False}])
    assert other["evaluated"] == 0 and sum(other["skipped"].values()) == 1


def test_a_click_on_the_map_is_a_position_to_move_a_place_to():
    from geo.review import clicked_point

    assert clicked_point({"last_clicked": {"lat": 43.66, "lng": -70.26}}) == (43.66, -70.26)
    # Leaflet reports 190 deg after panning east across the antimeridian: that is -170
    assert clicked_point({"last_clicked": {"lat": 10.0, "lng": 190.0}}) == (10.0, -170.0)
    assert clicked_point({"last_clicked": None}) is None and clicked_point(None) is None
    assert clicked_point({"last_clicked": {"lat": "north", "lng": 1}}) is None
