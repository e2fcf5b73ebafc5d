"""The dashboard's map made once per view and shared between sessions (issue 16, item 6).

``ui.map_component.folium_component`` passes st_folium's component the base map and event layers
made by st_folium's own functions and kept in ``st.cache_resource``. These tests check that the
component gets what ``st_folium`` itself would give it for the same view (up to the random
element names folium draws), that sessions showing the same view get the very same layers, and
that a session's own pasted report never reaches the shared layers.
"""

from __future__ import annotations

import json
import re

import folium
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from geo.store import default_db_path, open_store
from geo.view.dashboard import geometry_ids
from geo.view.filters import frame_mask
from geo.view.frame import facets_of, view_frame
from geo.view.mapview import ROLE_MARKERS_MAX, base_map, event_layers
from geo.view.assets import use_local_assets
from geo.view.basemap import basemap_json
from geo.view.points import PointsData
from geo.view.published import publish
from geo.view.state import from_query
from tests.conftest import open_app

SEED_SOURCE = "2023-12-18_north-korea-srbm-launch.txt"
MARKER = "Quorblax"  # a word in no report


@pytest.fixture
def calls(monkeypatch) -> list[dict]:
    """Every call of st_folium's component (the app's and the reference's), passed through."""
    seen: list[dict] = []
    real = streamlit_folium._component_func

    def record(**kwargs):
        seen.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", record)
    return seen


def _open(**params: str) -> AppTest:
    at = open_app(120, **params)
    assert not at.exception
    return at


def _names(text: str) -> str:
    """Folium's random element names (32 hex digits) as one placeholder."""
    return re.sub(r"[0-9a-f]{32}", "ID", text)


def test_the_component_gets_what_st_folium_makes(calls, monkeypatch):
    _open(source=SEED_SOURCE)
    app = calls[-1]
    # The reference: the same view drawn the way the dashboard drew it before, through st_folium.
    store = open_store(default_db_path(), read_only=True)
    frame = view_frame(store.view_frame())
    view, _ = from_query({"source": [SEED_SOURCE]}, facets_of(frame).known)
    shown = frame[frame_mask(frame, view.filter)]
    drawn_ids, _ = geometry_ids(shown, None)
    drawn = store.events(drawn_ids)
    events = store.events(list(shown["id"])) if len(shown) <= ROLE_MARKERS_MAX else drawn
    # the points and the basemap are fetched by URL (content-named files under static/generated)
    data = PointsData(frame)
    source = (publish(data.json, "points", gzipped=True), data.view_of(frame_mask(frame, view.filter), None))
    layers = event_layers(events, layers=view.layers, geometry_of=drawn, frame=shown, points_source=source)
    m = base_map(basemap_url=publish(basemap_json(), "basemap"))
    use_local_assets(m)
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: calls.append(kw))
    streamlit_folium.st_folium(
        m, key="map", height=600, use_container_width=True,
        returned_objects=["center", "zoom", "last_object_clicked", "last_object_clicked_popup"],
        feature_group_to_add=layers.groups, layer_control=folium.LayerControl(collapsed=True),
        center=app["center"], zoom=app["zoom"])
    reference = calls[-1]
    assert set(app) == set(reference)
    for name in sorted(set(app) - {"on_change"}):
        ours, theirs = app[name], reference[name]
        if isinstance(ours, str):
            ours, theirs = _names(ours), _names(theirs)
        if name in ("js_links", "css_links"):  # all but what folium loads for icons and jQuery popups
            theirs = [u for u in theirs if not re.search(r"jquery|bootstrap|awesome|fontawesome|glyphicons", u)]
            assert len(theirs) == 1 and "leaflet" in theirs[0], theirs
        assert ours == theirs, name
    assert SEED_SOURCE.split("_")[0] in app["feature_group"] or "range-ring" in app["feature_group"]


def test_the_map_needs_no_jquery_bootstrap_or_icon_fonts(calls):
    """The frame loads only Leaflet: nothing in the map's scripts uses what the dashboard
    leaves out (jQuery, Bootstrap, awesome-markers icons, Font Awesome or glyphicons)."""
    at = _open(layers="rings,zones,paths,places,density,reach")
    first = at.dataframe[0].value["id"].iloc[0]
    _open(event=str(first), layers="rings,zones,paths,places,density,reach")
    for args in calls:
        code = args["script"] + args["feature_group"] + args["layer_control"] + args["header"] + args["html"]
        assert not re.search(r"\$\(|jQuery|AwesomeMarkers|bootstrap|\bfa-|glyphicon", code)
        assert [u.rsplit("/", 1)[-1] for u in args["js_links"]] == ["leaflet.js"]
        assert [u.rsplit("/", 1)[-1] for u in args["css_links"]] == ["leaflet.css"]


def test_sessions_showing_one_view_share_its_layers_and_a_paste_stays_out(calls):
    first = _open(type="missile_launch")
    a = calls[-1]
    _open(type="missile_launch")
    b = calls[-1]
    assert a["feature_group"] is b["feature_group"] and a["script"] is b["script"]  # made once, not copied
    _open(type="statement")
    c = calls[-1]
    assert c["feature_group"] != a["feature_group"] and c["script"] is a["script"]

    # A visitor pastes a launch report: their map has it, drawn for them alone.
    first.text_area[0].set_value(
        f"date 2024-03-01\nNorth Korea fired a ballistic missile from {MARKER} near Pyongyang on Friday, "
        "the South's military said. It flew about 600 km.").run()
    assert not first.exception
    pasted = calls[-1]
    assert pasted["feature_group"] is not a["feature_group"]
    # Everyone else still gets the shared layers, unchanged.
    _open(type="missile_launch")
    assert calls[-1]["feature_group"] is a["feature_group"]
    assert MARKER not in a["feature_group"]


def _timeline_reference(source: str) -> None:
    """The seed's timeline drawn by st.altair_chart, as the dashboard drew it before."""
    import streamlit as st

    from geo.store import default_db_path, open_store
    from geo.view.filters import frame_mask
    from geo.view.frame import facets_of, view_frame
    from geo.view.state import from_query
    from geo.view.timeline import BRUSH, timeline_frame, timeline_height
    from tests.timeline_reference import timeline_chart

    frame = view_frame(open_store(default_db_path(), read_only=True).view_frame())
    view, _ = from_query({"source": [source]}, facets_of(frame).known)
    timeline = timeline_frame(frame[frame_mask(frame, view.filter)])
    st.altair_chart(timeline_chart(timeline), width="stretch", height=timeline_height(timeline),
                    on_select="rerun", selection_mode=[BRUSH], key="timeline")


def test_the_timeline_is_what_altair_chart_makes():
    from tests.timeline_reference import normalised
    at = _open(source=SEED_SOURCE)
    [ours] = at.main.get("vega_lite_chart")
    ref = AppTest.from_function(_timeline_reference, args=(SEED_SOURCE,), default_timeout=120)
    ref.run()
    assert not ref.exception
    [theirs] = ref.main.get("vega_lite_chart")
    a, b = ours.proto, theirs.proto
    assert normalised(json.loads(a.spec)) == normalised(json.loads(b.spec))  # names aside: Altair hashes them
    assert [d.data.data for d in a.datasets] == [d.data.data for d in b.datasets]
    assert list(a.selection_mode) == list(b.selection_mode) == ["when"]
    assert a.id.endswith("timeline")
