"""The dashboard: reports -> events -> a map, the report text and a table.

A thin layer: widgets and layout only. Reading reports, extracting events and
drawing the map are library functions (``geo.reports``, ``geo.extract``,
``geo.view``) that tests call without Streamlit.

Run: ``make run`` (or ``.venv/bin/python -m streamlit run streamlit_app.py``).
"""

from __future__ import annotations

import logging

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.errors import GeoError
from geo.events import event_from_dict
from geo.geodesy.enrich import enrich
from geo.extract import extract_report, report_spans
from geo.reports import Report, read_reports
from geo.view.assets import use_local_assets
from geo.view.inputs import REPORT_SUFFIXES, report_from_paste, reports_from_upload, seed_files
from geo.view.mapview import base_map, event_layers, view_for_bounds
from geo.view.table import event_actors, event_types, events_frame, filter_events
from geo.view.text import escape_html, highlight
from geo.view.timeline import timeline_chart, timeline_frame, timeline_height

log = logging.getLogger("streamlit_app")
MAP_HEIGHT = 600
TEXT_CSS = """<style>
.report-text { white-space: pre-wrap; font-size: 0.92rem; line-height: 1.45; }
.report-text mark.event-sentence { background: #fde9b8; padding: 0 1px; border-radius: 2px; }
</style>"""


@st.cache_data(show_spinner="Extracting events…", max_entries=256)
def extract_events(report: Report) -> list[dict]:
    """Events of one report (cached on the report's content)."""
    return extract_report(report)


def gather_reports() -> tuple[list[Report], list[str]]:
    """The reports chosen in the sidebar, and one error message per input that failed."""
    reports: list[Report] = []
    errors: list[str] = []
    seeds = {p.name: p for p in seed_files()}
    with st.sidebar:
        st.header("Reports")
        chosen = st.multiselect("Bundled reports", list(seeds), default=list(seeds))
        uploads = st.file_uploader(
            "Upload reports", type=[s.lstrip(".") for s in REPORT_SUFFIXES], accept_multiple_files=True,
            help="Text, Markdown, HTML or JSON. Files need a 'date YYYY-MM-DD' line or the date below.",
        )
        with st.expander("Paste a report"):
            pasted = st.text_area("Report text", height=150, placeholder="date 2024-01-14\nNorth Korea fired…")
            default_date = st.date_input("Publication date (when the text has no date line)", value=None)

    for name in chosen:
        try:
            reports.extend(read_reports(seeds[name]))
        except GeoError as exc:
            errors.append(str(exc))
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


def report_panel(report: Report, events: list[dict]) -> None:
    """The report's text with the sentences behind its events highlighted."""
    spans = report_spans(events)  # every sentence that gave an event a field, not only its trigger
    meta = [report.date.isoformat(), f"{len(events)} events"]
    if report.title:
        meta.insert(0, escape_html(report.source))
    st.html(
        f"{TEXT_CSS}<h4>{escape_html(report.title or report.source)}</h4>"
        f"<p><small>{' · '.join(meta)}</small></p><div class='report-text'>{highlight(report.text, spans)}</div>"
    )


def show_map(events: list[dict]) -> None:
    """The map: a base map whose script never changes, plus the event layers.

    The events go in through ``feature_group_to_add`` and the view through
    ``center``/``zoom``, so a filter change swaps layers without reloading the map
    (DESIGN.md: a changed script remounts the map and loses the user's zoom).
    """
    m = base_map()
    # until the dashboard reads the store, events are typed and enriched here, once per rerun
    layers = event_layers([enrich(event_from_dict(e)) for e in events])
    use_local_assets(m)
    centre, zoom = view_for_bounds(layers.bounds, height_px=MAP_HEIGHT - 40)
    st_folium(
        m, key="map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[],
        feature_group_to_add=layers.groups, layer_control=folium.LayerControl(collapsed=True),
        center=centre, zoom=zoom,
    )


def main() -> None:
    st.set_page_config(page_title="Reported events map", page_icon="🗺️", layout="wide")
    st.title("Reported events on a map")

    reports, errors = gather_reports()
    for message in errors:
        st.error(f"Could not read a report: {message}")

    per_report: list[tuple[Report, list[dict]]] = []
    for report in reports:
        events: list[dict] = []
        try:
            events = extract_events(report)
        except GeoError as exc:
            st.error(f"Could not extract events from {report.source}: {exc}")
        except Exception as exc:  # a bug in extraction must not take the other reports down
            log.exception("extraction failed on %s", report.source)
            st.error(f"Could not extract events from {report.source}: {type(exc).__name__}: {exc}")
        per_report.append((report, events))

    all_events = [e for _, events in per_report for e in events]
    with st.sidebar:
        st.header("Filters")
        types = st.multiselect("Event type", event_types(all_events))
        actors = st.multiselect("Actor", event_actors(all_events))
    shown = filter_events(all_events, types, actors)

    if not reports:
        st.info("Choose a bundled report, upload a report file or paste a report in the sidebar.")

    left, right = st.columns([5, 3], gap="medium")
    with left:
        show_map(shown)
        st.caption(
            f"{len(shown)} of {len(all_events)} events. Rings are geodesic (WGS84). Basemap: Natural Earth; "
            "online tile layers are in the layer control (top right) and off by default."
        )
    with right, st.container(height=MAP_HEIGHT):
        if not per_report:
            st.caption("No report loaded.")
        shown_ids = {id(e) for e in shown}
        for report, events in per_report:
            report_panel(report, [e for e in events if id(e) in shown_ids])

    timeline = timeline_frame(shown)
    if len(timeline):
        st.subheader("Timeline")
        st.altair_chart(timeline_chart(timeline), width="stretch", height=timeline_height(timeline))
    st.subheader("Events")
    st.dataframe(events_frame(shown), hide_index=True, width="stretch")


main()
