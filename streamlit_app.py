"""The dashboard: the event store -> filters -> a map, the report text, a timeline and a table.

A thin layer: widgets, URL state and layout only. The store (``geo.store``), the filters
and URL state (``geo.view.filters``, ``geo.view.state``) and the map (``geo.view.mapview``)
are library functions that tests call without Streamlit.

Run: ``make run`` (or ``.venv/bin/python -m streamlit run streamlit_app.py``).
"""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from typing import Callable, Iterable

import pandas as pd
import streamlit as st

from geo.config import saving_enabled
from geo.errors import GeoError, StoreFileError
from geo.events import Event
from geo.export import FORMATS, export_bytes
from geo.extract import report_spans
from geo.extract.bounded import run_extraction
from geo.pipeline import events_of_report
from geo.reports import MAX_REPORT_MB, Report, encoding_note
from geo.store import Store, default_db_path, open_store
from geo.view.dashboard import map_caption, report_sources
from geo.view.filters import ViewFilter, frame_mask
from geo.view.frame import Facets, combine, facets_of, raw_frame, view_frame
from geo.view.inputs import REPORT_SUFFIXES, report_from_paste, reports_from_upload
from geo.view.points import PointsData
from geo.view.published import publish
from geo.view.state import ViewState, from_query, share_link, to_query
from geo.view.table import table_of_frame
from geo.view.text import escape_html, highlight
from geo.view.timeline import BRUSH, brushed_span
from geo.view.zoneranking import zone_ranking
from ui.event_table import event_table, follow_selection
from ui.filter_widgets import filter_widgets
from ui.map_component import MAP_HEIGHT, show_map, timeline_spec

log = logging.getLogger("streamlit_app")
TEXT_CSS = """<style>
.report-text { white-space: pre-wrap; font-size: 0.92rem; line-height: 1.45; }
.report-text mark.event-sentence { background: #fde9b8; padding: 0 1px; border-radius: 2px; }
</style>"""


@st.cache_resource(show_spinner="Opening the events store (the first time, it is filled with the demo data)…")
def get_store(path: str) -> Store:
    """One store connection shared by every session (reads see committed batches only); a
    store the app may not write (a read-only folder or medium) is read as it is."""
    try:
        return open_store(path)
    except StoreFileError:
        return open_store(path, read_only=True)


@st.cache_resource(show_spinner="Reading the events…", max_entries=2)
def stored_frame(path: str, generation: tuple[int, int]) -> pd.DataFrame:
    """Every stored event as the dashboard's frame (``geo.view.frame``), shared by every
    session without copying (read-only: rows are selected with masks) until the store
    changes (``generation``: events, corrections)."""
    return view_frame(get_store(path).view_frame())


@st.cache_resource(show_spinner=False, max_entries=2)
def stored_facets(path: str, generation: tuple[int, int]) -> Facets:
    """The filter widgets' options and the URL's known values of the stored events."""
    return facets_of(stored_frame(path, generation))


@st.cache_resource(show_spinner=False, max_entries=2)
def stored_points(path: str, generation: tuple[int, int]) -> tuple[PointsData, str | None]:
    """Every stored event as the map's points, encoded once per store change, and the URL the
    browser fetches them from (None when ``static/`` cannot be written: then they go inline).
    A session with events of its own sends its points inline: they are never published."""
    data = PointsData(stored_frame(path, generation))
    return data, publish(data.json, "points", gzipped=True)


@st.cache_resource(show_spinner=False, max_entries=16)
def stored_views(path: str, generation: tuple[int, int], flt: str, _shown: pd.DataFrame):
    """The table and the timeline (:func:`timeline_spec`) of what a filter (``repr`` of the
    ViewFilter) keeps of the stored events: shared by every session (read-only), so a new
    visitor's default view and a filter someone used before cost nothing to build."""
    return table_of_frame(_shown), timeline_spec(_shown)


def shown_views(path: str, generation: tuple[int, int], flt: ViewFilter, shown: pd.DataFrame, cached: bool):
    """:func:`stored_views`, cached only for the stored events (not a session's own)."""
    if cached:
        return stored_views(path, generation, repr(flt), shown)
    return table_of_frame(shown), timeline_spec(shown)


def full_events(store: Store, ids: Iterable[str], extra: dict[str, Event]) -> list[Event]:
    """The Events with these ids (the session's own first), in the order given."""
    ids = list(dict.fromkeys(ids))
    stored = {e.id: e for e in store.events([i for i in ids if i not in extra])}
    return [e for e in (extra.get(i) or stored.get(i) for i in ids) if e is not None]


@st.cache_data(show_spinner="Extracting events…", max_entries=256)
def extract_events(report: Report) -> list[Event]:
    """Events of one report, typed and with their geometry (cached on the report's content).

    In a worker process with a time budget (``geo.extract.bounded``): a large upload neither
    stalls the other sessions nor runs for ever; over budget it raises a message saying so.
    """
    return run_extraction(report, events_of_report)


def added_reports() -> tuple[list[Report], list[str]]:
    """Reports the visitor uploads or pastes, and one error message per input that failed."""
    reports: list[Report] = []
    errors: list[str] = []
    with st.sidebar.expander("Add reports", expanded=False):
        where = "saved in the shared store" if saving_enabled() else "kept in your session only, not saved"
        st.caption(f"What you add here is {where}.")
        uploads = st.file_uploader(
            "Upload reports", type=[s.lstrip(".") for s in REPORT_SUFFIXES], accept_multiple_files=True,
            help=f"Text, Markdown, HTML or JSON, up to {MAX_REPORT_MB} MB each. "
                 "Files need a 'date YYYY-MM-DD' line or the date below.",
        )
        pasted = st.text_area("Paste a report", height=120, placeholder="date 2024-01-14\nNorth Korea fired…")
        default_date = st.date_input("Publication date (when the text has no date line)", value=None)
    for upload in uploads or []:
        try:
            reports.extend(reports_from_upload(upload.name, upload.getvalue(), default_date))
        except GeoError as exc:
            errors.append(str(exc))
    if pasted and pasted.strip():
        try:
            reports.append(report_from_paste(pasted, default_date))
        except GeoError as exc:
            errors.append(str(exc))
    return reports, errors


def session_events(store: Store, reports: list[Report]) -> list[Event]:
    """Events of the added reports: saved when the host allows it, else for this session only."""
    events: list[Event] = []
    for report in reports:
        try:
            found = extract_events(report)
        except GeoError as exc:
            st.error(f"Could not extract events from {report.source}: {exc}")
            continue
        except Exception as exc:  # a bug in extraction must not take the other reports down
            log.exception("extraction failed on %s", report.source)
            st.error(f"Could not extract events from {report.source}: {type(exc).__name__}")
            continue
        if saving_enabled():
            store.ingest_report(report, found)
        else:
            st.session_state.setdefault("session_reports", {})[report.source] = report
            events.extend(found)
    return events


def report_panel(report: Report, events: list[Event], selected: Event | None, session_only: bool) -> None:
    """The report's text with the sentences behind its events highlighted."""
    spans = report_spans([e.to_dict() for e in ([selected] if selected else events)])
    meta = [report.date.isoformat(), f"{len(events)} events"]
    if encoding_note(report):
        meta.append(encoding_note(report))  # the file was not UTF-8: say what we assumed
    if session_only:
        meta.append("in your session only, not saved")
    if report.title:
        meta.insert(0, escape_html(report.source))
    st.html(
        f"{TEXT_CSS}<h4>{escape_html(report.title or report.source)}</h4>"
        f"<p><small>{' · '.join(meta)}</small></p><div class='report-text'>{highlight(report.text, spans)}</div>"
    )


def main() -> None:
    st.set_page_config(page_title="Reported events map", page_icon="🗺️", layout="wide")
    st.title("Reported events on a map")

    path = str(default_db_path())
    try:
        store = get_store(path)
        stats = store.stats()
        generation = (stats["events"], stats["corrections"])
        stored = stored_frame(path, generation)
        facets = stored_facets(path, generation)
    except GeoError as exc:
        st.error(f"Could not open the events store: {exc}")
        return
    added, errors = added_reports()
    for message in errors:
        st.error(f"Could not read a report: {message}")
    extra = session_events(store, added)
    extra_by_id = {e.id: e for e in extra}
    frame = stored
    shared_key = None if extra else (path, generation)  # what is drawn from the store alone is shared
    if extra:
        frame = combine(stored, view_frame(raw_frame(extra)))
        facets = facets_of(frame)  # only sessions with their own events pay for this

    def load(ids: Iterable[str]) -> list[Event]:
        return full_events(store, ids, extra_by_id)

    # The address is read once, when the page opens; after that the widgets and the map hold
    # the view and the address only records it. The link's notices stay until the visitor acts.
    if "link_view" not in st.session_state:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        st.session_state["link_view"], st.session_state["link_notices"] = from_query(params, facets.known)
    link_view: ViewState = st.session_state["link_view"]
    view = filter_widgets(facets, link_view)
    if view.filter == link_view.filter:
        for notice in st.session_state["link_notices"]:
            st.warning(notice)
    if "map_view" in st.session_state:  # where the visitor left the map, for the address
        view = replace(view, center=st.session_state["map_view"][0], zoom=st.session_state["map_view"][1])
    mask = frame_mask(frame, view.filter)
    shown = frame[mask]  # a new frame: the cached one is never changed
    shown.attrs = {"actor_names": frame.attrs.get("actor_names", {})}

    table, timeline = shown_views(path, generation, view.filter, shown, cached=not extra)
    st.session_state.setdefault("selected", view.event)  # a link's event, then the user's choice
    follow_selection(table)
    chosen = st.session_state["selected"] or ""
    selected = next(iter(load([chosen])), None) if chosen and chosen in facets.known.event_ids else None
    view = replace(view, event=selected.id if selected else None)

    # The map is sent before the table beside it: its frame starts loading Leaflet sooner.
    left, right = st.columns([5, 3], gap="medium")
    with left:
        points = None if extra else stored_points(path, generation)
        view, held_back = show_map(shown, view, selected, load, points, mask, shared_key)
        if view.center is not None and view.zoom is not None:
            st.session_state["map_view"] = (view.center, view.zoom)
        st.caption(map_caption(len(shown), len(frame), session_only=len(extra), selected=selected,
                               dated_by_report=int(shown["date"].isna().sum()), held_back=held_back))
        if selected is not None and selected.geometry.zone_candidates:  # issue 12: the zones' ranking
            with st.expander("Impact zone: candidates ranked", expanded=False):
                st.dataframe(zone_ranking(selected), hide_index=True, width="stretch")
                st.caption(selected.geometry.note or "")
    with right:
        st.subheader("Events")
        event_table(table, len(shown), MAP_HEIGHT - 60)
    st.query_params.from_dict(to_query(view))
    # The address of this view, and of the selected event, behind a "Copy link" button: a code
    # block (with its copy button) drawn on the page loaded its highlighter with every first page,
    # 0.8 s more to the map's first paint; a popover's content waits until it is opened.
    with left, st.popover("Copy link", icon=":material/link:"):
        base = st.context.url
        st.code(share_link(base, view), language=None, wrap_lines=True)
        st.caption("Link to this view (filters, selection, layers, centre and zoom): copy it with the button "
                   "at its right." + (" Link to the selected event alone:" if selected is not None else ""))
        if selected is not None:
            st.code(share_link(base, ViewState(event=selected.id)), language=None)

    session_reports = st.session_state.get("session_reports", {})
    sources = report_sources(shown, selected)
    # what the visitor added is always shown, events or not: they want to see how it was read
    sources += [s for s in session_reports if s not in sources and selected is None]
    if sources:
        st.subheader("Reports")
        for source in sources:
            report = session_reports.get(source) or store.report(source)
            if report is not None:
                ids = shown["id"][shown["source"].to_numpy() == source]
                report_panel(report, load(ids), selected, source in session_reports)

    if timeline is not None:
        st.subheader("Timeline")
        spec, height = timeline
        # a copy: Streamlit fills in the spec it is given, and this one is shared
        brushed = st.vega_lite_chart(copy.deepcopy(spec), width="stretch", height=height,
                                     on_select="rerun", selection_mode=[BRUSH], key="timeline")
        span = brushed_span(brushed)
        if span and span != st.session_state.get("brushed"):
            # a brushed span becomes the date filter (and so the URL) on the next run
            st.session_state["brushed"] = span
            st.session_state["pending_dates"] = span
            st.rerun()
    export_panel(shown, load)


def export_panel(shown: pd.DataFrame, load: Callable[[Iterable[str]], list[Event]]) -> None:
    """Download what the filters keep, in every export format (made when clicked, from the
    full Events)."""
    st.subheader("Export")
    st.caption(f"The {len(shown)} events the filters keep, with their rings and zones.")
    for column, fmt in zip(st.columns(len(FORMATS)), FORMATS.values()):
        with column:
            st.download_button(fmt.name.upper() if fmt.name != "html" else "HTML map",
                               data=lambda name=fmt.name: export_bytes(name, load(shown["id"])),
                               file_name=f"events{fmt.suffix}", key=f"export_{fmt.name}", on_click="ignore")


main()
