"""Review page: add reports, review what was extracted, correct it, keep the corrections (issue 14).

Widgets and layout only; the logic is :mod:`geo.review` (tested without Streamlit).
Without ``GEO_ALLOW_SAVE=1`` nothing is written: drafts and their corrections live in the
visitor's session, and the page says so.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit_folium import st_folium

from geo.config import saving_enabled, user_name
from geo.errors import GeoError
from geo.events import DATE_PRECISIONS, Event
from geo.extract import report_spans
from geo.extract.bounded import run_extraction
from geo.pipeline import events_of_report
from geo.reports import MAX_REPORT_MB
from geo.review import (
    EDITOR_COLUMNS, ROLE_COLUMNS, TYPES, Draft, Edit, choice_label, clicked_point, correction_rows, corrected_note,
    draft_corrections, edits_from_rows, editor_rows, missed_event, moved_places, parse_coordinates, place_choices,
    save_draft, search_places, sentences, table_draft,
)
from geo.store import EventFilter, Store, default_db_path, open_store
from geo.view.inputs import REPORT_SUFFIXES, report_from_paste, reports_from_upload
from geo.view.assets import use_local_assets
from geo.view.mapview import base_map, build_map
from geo.view.text import escape_html, highlight

log = logging.getLogger("review")
REPORT_FORMAT = "report"
FORMAT_LABELS = {REPORT_FORMAT: "Reports (txt, md, html, json)", "cns": "CNS missile tests (CSV)",
                 "gdelt": "GDELT export (CSV)", "acled": "ACLED export (CSV)", "csv": "Any CSV, with a column mapping"}
TEXT_CSS = """<style>
.report-text { white-space: pre-wrap; font-size: 0.92rem; line-height: 1.45; max-height: 420px; overflow-y: auto; }
.report-text mark.event-sentence { background: #fde9b8; padding: 0 1px; border-radius: 2px; }
</style>"""


@st.cache_resource(show_spinner="Opening the events store…")
def get_store(path: str) -> Store:
    return open_store(path)


def drafts() -> dict[str, Draft]:
    return st.session_state.setdefault("review_drafts", {})


def event_label(e: Event) -> str:
    return f"{e.type.replace('_', ' ')} · {e.date or 'no date'} · {(e.sentence or '')[:60]} [{e.id}]"


# -- adding ---------------------------------------------------------------------------
def add_section() -> None:
    st.subheader("Add reports")
    fmt = st.selectbox("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, key="r_format")
    kinds = [s.lstrip(".") for s in REPORT_SUFFIXES] if fmt == REPORT_FORMAT else ["csv", "zip"]
    uploads = st.file_uploader("Upload files", type=kinds, accept_multiple_files=True, key="r_uploads",
                               help=f"Up to {MAX_REPORT_MB} MB each; many at once.")
    pasted = mapping = None
    if fmt == REPORT_FORMAT:
        pasted = st.text_area("…or paste a report", height=120, key="r_paste",
                              placeholder="date 2024-01-14\nNorth Korea fired…")
    elif fmt == "csv":
        mapping = st.text_input("Column mapping", key="r_mapping", placeholder="date=Date,lat=Y,lon=X,type=Kind")
    date = st.date_input("Report date (asked for when the text has none)", value=None, key="r_date")
    if not st.button("Extract", key="r_extract", type="primary"):
        return
    inputs = [(u.name, u.getvalue()) for u in uploads or []]
    if pasted and pasted.strip():
        inputs.append(("pasted text", pasted.encode("utf-8")))
    if not inputs:
        st.warning("Upload a file or paste a report first.")
        return
    bar = st.progress(0.0, text="Reading…")
    for i, (name, data) in enumerate(inputs, start=1):
        bar.progress((i - 1) / len(inputs), text=f"{name} ({i} of {len(inputs)})")
        try:
            if fmt != REPORT_FORMAT:
                draft = table_draft(fmt, name, data, mapping)
                drafts()[draft.source] = draft
                continue
            reports = ([report_from_paste(data.decode("utf-8"), date)] if name == "pasted text"
                       else reports_from_upload(name, data, date))
            for report in reports:
                events = run_extraction(report, events_of_report)
                drafts()[report.source] = Draft(source=report.source, report=report, extracted=list(events))
        except GeoError as exc:
            message = str(exc)
            if "no 'date" in message:
                message += " — give the report date above and press Extract again."
            st.error(f"Could not read {name}: {message}")
        except Exception as exc:  # a bug must not take the other inputs down
            log.exception("review: reading %s failed", name)
            st.error(f"Could not read {name}: {type(exc).__name__}")
    bar.progress(1.0, text=f"{len(inputs)} input(s) read")


# -- correcting -----------------------------------------------------------------------
def report_text(report, events: list[Event]) -> None:
    spans = report_spans([e.to_dict() for e in events])
    st.html(f"{TEXT_CSS}<h5>{escape_html(report.source)} · {report.date}</h5>"
            f"<div class='report-text'>{highlight(report.text, spans)}</div>")


def small_map(events: list[Event], key: str) -> None:
    located = [e for e in events if e.position is not None]
    if not located:
        st.caption("No event of this report has a place on the map yet.")
        return
    st_folium(build_map(located, online_tiles=False), key=key, height=330, use_container_width=True,
              returned_objects=[])


def pick_on_map(place, key: str) -> tuple[float, float] | None:
    """A small map around the place (or the world); the point the user clicks, or None."""
    m = base_map(online_tiles=False)
    use_local_assets(m)
    centre, zoom = ((place.lat, place.lon), 6) if place.located else ((20.0, 0.0), 2)
    returned = st_folium(m, key=f"{key}_pick", height=320, use_container_width=True,
                         returned_objects=["last_clicked"], center=centre, zoom=zoom) or {}
    return clicked_point(returned)


def edit_controls(events: list[Event], apply, key: str, report=None) -> None:
    """Controls that make one edit each; ``apply(event_id, field, value)`` stores it."""
    if not events:
        return
    by_id = {e.id: e for e in events}
    with st.expander("Move a place", expanded=True):
        located = [e for e in events if e.places]
        if not located:
            st.caption("No event here names a place.")
        else:
            event = by_id[st.selectbox("Event", [e.id for e in located], key=f"{key}_pe",
                                       format_func=lambda i: event_label(by_id[i]))]
            index = st.selectbox("Place", range(len(event.places)), key=f"{key}_pp",
                                 format_func=lambda i: f"{event.places[i].name} ({event.places[i].role})")
            place = event.places[index]
            how = st.radio("How", ["Choose another candidate", "Search the gazetteer", "Click the map",
                                   "Type coordinates"], key=f"{key}_how", horizontal=True)
            choice = None
            if how == "Choose another candidate":
                options = place_choices(place)
                picked = st.selectbox("Candidates", range(len(options)), key=f"{key}_cand",
                                      format_func=lambda i: choice_label(options[i]))
                choice = options[picked] if options else None
            elif how == "Search the gazetteer":
                query = st.text_input("Place name", key=f"{key}_q")
                if query.strip():
                    results = search_places(query)
                    if results:
                        picked = st.selectbox("Results", range(len(results)), key=f"{key}_res",
                                              format_func=lambda i: choice_label(results[i]))
                        choice = results[picked]
                    else:
                        st.warning(f"No place called {query!r} in the gazetteer.")
            elif how == "Click the map":
                clicked = pick_on_map(place, key)
                if clicked is not None:
                    choice = {"name": place.name, "lat": clicked[0], "lon": clicked[1]}
                    st.caption(f"Clicked: {clicked[0]:.4f}, {clicked[1]:.4f}")
            else:
                typed = st.text_input("Latitude, longitude", key=f"{key}_xy", placeholder="40.03, 128.18")
                if typed.strip():
                    try:
                        lat, lon = parse_coordinates(typed)
                        choice = {"name": place.name, "lat": lat, "lon": lon}
                    except GeoError as exc:
                        st.error(str(exc))
            if st.button("Move the place", key=f"{key}_move", disabled=choice is None):
                apply(event.id, "places", moved_places(event, index, choice))
                st.rerun()
    if report is not None:
        with st.expander("Add an event the machine missed"):
            spans = sentences(report)
            pick = st.selectbox("Sentence", range(len(spans)), key=f"{key}_sent",
                                format_func=lambda i: spans[i][2][:120])
            type_ = st.selectbox("Type", TYPES, key=f"{key}_ntype")
            if st.button("Add the event", key=f"{key}_add") and spans:
                start, end, _ = spans[pick]
                return ("add", missed_event(report, start, end, type_, st.session_state.get("r_user") or user_name()))
    return None


def corrections_list(rows: list[dict], undo, key: str) -> None:
    if not rows:
        return
    st.markdown("**Corrections** (oldest first)")
    st.dataframe(rows, hide_index=True, width="stretch", key=f"{key}_list")
    active = [r["id"] for r in rows if not r["undone"]]
    if active:
        which = st.selectbox("Undo correction", active, key=f"{key}_undo_pick",
                             format_func=lambda i: next(f"{r['id']}: {r['field']} of {r['event']}" for r in rows
                                                        if r["id"] == i))
        if st.button("Undo", key=f"{key}_undo"):
            undo(which)
            st.rerun()


def table_editor(events: list[Event], key: str, notes: dict[str, str]) -> list[dict] | None:
    rows = editor_rows(events)
    for row in rows:
        row["corrected"] = notes.get(row["id"], "")
    config = {
        "id": st.column_config.TextColumn("id", disabled=True),
        "type": st.column_config.SelectboxColumn("type", options=list(TYPES), required=True),
        "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        "date_precision": st.column_config.SelectboxColumn("precision", options=list(DATE_PRECISIONS)),
        "range_km": st.column_config.NumberColumn("range km", min_value=0.0, max_value=20037.5),
        "actors": st.column_config.TextColumn("actors", help="Name (role); Name (role)"),
        **{r: st.column_config.TextColumn(r.replace("_", " "), disabled=True) for r in ROLE_COLUMNS},
        "delete": st.column_config.CheckboxColumn("delete"),
        "corrected": st.column_config.TextColumn("corrected", disabled=True),
    }
    edited = st.data_editor(rows, column_config=config, hide_index=True, width="stretch", key=key,
                            column_order=list(EDITOR_COLUMNS[1:]) + ["corrected"], num_rows="fixed")
    return edited


def review_draft(draft: Draft, user: str) -> None:
    events = draft.events()
    notes = {e.id: corrected_note(draft_corrections(draft), e.id) or "" for e in events}
    st.caption(f"{len(events)} events in {draft.source}"
               + (f"; {len(draft.bad_rows)} bad rows: " + "; ".join(draft.bad_rows[:5]) if draft.bad_rows else ""))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        edited = table_editor(events, f"editor_{draft.source}_{len(draft.edits)}_{len(draft.undone)}", notes)
        if st.button("Apply the table's changes", key="d_apply"):
            try:
                edits = edits_from_rows(events, list(edited), user)
                for edit in edits:
                    draft.edit(edit)
            except GeoError as exc:
                st.error(f"Not applied: {exc}")
            else:
                st.rerun()

        def apply(event_id, field, value):
            draft.edit(Edit(event_id, field, value, user))

        try:
            added = edit_controls(events, apply, "d", draft.report)
        except GeoError as exc:
            st.error(str(exc))
            added = None
        if added:
            draft.added.append(added[1])
            st.rerun()
        corrections_list(correction_rows(draft_corrections(draft)), lambda i: draft.undo(i - 1), "d")
    with right:
        if draft.report is not None:
            report_text(draft.report, events)
        small_map(events, f"map_{draft.source}")
    if saving_enabled():
        if st.button("Save to the store", key="d_save", type="primary"):
            try:
                result = save_draft(get_store(str(default_db_path())), draft)
            except GeoError as exc:
                st.error(f"Not saved: {exc}")
            else:
                drafts().pop(draft.source, None)
                st.session_state["r_saved"] = (f"Saved {draft.source}: {result['added']} events added, "
                                               f"{len(result['corrections'])} corrections.")
                st.rerun()
    else:
        st.info("This server is read-only for visitors: this report and your corrections stay in your session "
                "and are not saved (the host sets GEO_ALLOW_SAVE=1 to allow saving).")


def stored_section(store: Store, user: str) -> None:
    st.subheader("Stored events")
    reports = [r["source"] for r in store.reports()]
    if not reports:
        st.caption("The store holds no reports yet.")
        return
    source = st.selectbox("Report", reports, index=len(reports) - 1, key="s_source")
    events = store.query(EventFilter(sources=(source,)))
    corrections = store.corrections()
    notes = {e.id: corrected_note(corrections, e.id) or "" for e in events}
    rows = editor_rows(events)
    for row, e in zip(rows, events):
        row["sources"] = len(e.attributes.get("sources") or [e.source])
        row["corrected"] = notes[row["id"]]
        row.pop("delete")
    st.dataframe(rows, hide_index=True, width="stretch", key="s_table")
    for e in events:  # as plain text too: what was corrected, and what it was
        if notes[e.id]:
            st.text(f"✏️ {event_label(e)} — {notes[e.id]}")
    ids = {e.id for e in events}
    listed = [c for c in corrections if c["event_id"] in ids]
    if not saving_enabled():
        st.info("Stored events are read-only here: the host sets GEO_ALLOW_SAVE=1 to allow corrections.")
        corrections_list(correction_rows(listed), lambda i: None, "s_ro")
        return
    left, right = st.columns([3, 2], gap="medium")
    with left:
        edited = table_editor(events, f"s_editor_{len(corrections)}", notes)
        if st.button("Save the table's changes", key="s_apply"):
            try:
                for edit in edits_from_rows(events, list(edited), user):
                    store.correct(edit.event_id, edit.field, edit.value, user)
            except GeoError as exc:
                st.error(f"Not saved: {exc}")
            else:
                st.rerun()
        report = store.report(source)
        try:
            added = edit_controls(events, lambda i, f, v: store.correct(i, f, v, user), "s", report)
            if added:
                store.add_events([added[1]], source=source)
                st.rerun()
        except GeoError as exc:
            st.error(str(exc))
        with st.expander("Merge or split events"):
            by_id = {e.id: e for e in events}
            chosen = st.multiselect("Events to merge", list(by_id), key="s_merge_ids",
                                    format_func=lambda i: event_label(by_id[i]))
            if st.button("Merge", key="s_merge"):
                try:
                    store.merge_events(chosen, user)
                    st.rerun()
                except GeoError as exc:
                    st.error(str(exc))
            merged = [e.id for e in events if len(e.attributes.get("sources") or ()) > 1]
            if merged:
                one = st.selectbox("Merged event to split", merged, key="s_split_id",
                                   format_func=lambda i: event_label(by_id[i]))
                if st.button("Split", key="s_split"):
                    try:
                        store.split_event(one, user)
                        st.rerun()
                    except GeoError as exc:
                        st.error(str(exc))
        corrections_list(correction_rows(listed), store.undo, "s")
    with right:
        if report is not None:
            report_text(report, events)
        small_map(events, "s_map")


def main() -> None:
    st.set_page_config(page_title="Review reports", page_icon="✏️", layout="wide")
    st.title("Review and correct events")
    saving = saving_enabled()
    st.caption("Saving is on: what you add and correct goes to the shared store, with your name and the time."
               if saving else
               "Read-only server: what you add and correct lives in your session only, not saved.")
    user = st.sidebar.text_input("Your name (recorded with each correction)", value=user_name(), key="r_user")
    user = user.strip() or user_name()
    if st.session_state.get("r_saved"):
        st.success(st.session_state.pop("r_saved"))
    add_section()
    if drafts():
        st.subheader("Review before saving")
        source = st.selectbox("Report under review", list(drafts()), key="r_draft")
        review_draft(drafts()[source], user)
    try:
        store = get_store(str(default_db_path()))
    except GeoError as exc:
        st.error(f"Could not open the events store: {exc}")
        return
    stored_section(store, user)


main()
