"""The dashboard's map and timeline components: built once per view and shared by sessions.

The UI layer (it imports Streamlit), beside ``streamlit_app.py``: the library under
``geo/`` builds folium layers and Altair charts; this module turns them into what
Streamlit's components take, caches that per view of the stored events, and draws the map
with the view the visitor left it at.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Callable, Iterable

import branca.element
import folium
import numpy as np
import pandas as pd
import streamlit as st
import streamlit_folium
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from geo.events import Event
from geo.view.assets import cdn_notice, use_local_assets
from geo.view.basemap import basemap_json
from geo.view.dashboard import focus_on, geometry_ids
from geo.view.mapview import ROLE_MARKERS_MAX, base_map, event_layers, view_for_bounds
from geo.view.points import PointsData, clicked_event_id
from geo.view.published import publish
from geo.view.state import ViewState
from geo.view.timeline import timeline_frame, timeline_height, vega_lite_spec

MAP_HEIGHT = 600  # pixels


@st.cache_resource(show_spinner=False)
def basemap_url() -> str | None:
    """Where the browser fetches the Natural Earth basemap (None: it goes inline)."""
    return publish(basemap_json(), "basemap")



# -- the map component, made once per view and shared (issue 16, item 6) ---------------------
# st_folium turns folium objects into the component's script on every run: rendering the basemap
# (0.8 MB of script, its bounds) and the event layers took most of a rerun (about 0.8 s of the
# server's one core with the demo data), so 25 visitors queued behind each other. The basemap is
# the same for everyone and the layers are the same for every session showing the same view of
# the stored events: both are made once (what st_folium would make, by its own functions) and
# passed to its component. Strings only, shared read-only.
MAP_RETURNS = ["center", "zoom", "last_object_clicked", "last_object_clicked_popup"]


def _element_id(cls) -> str:
    return f"{random.getrandbits(128):032x}"


# branca names every folium element with os.urandom, which lets go of the GIL: with other
# sessions' scripts running, each of the thousands of names in a map waits to get it back (2,000
# names: 1 ms alone, 120 ms beside two busy threads). The names only need to differ within a page.
branca.element.Element._generate_id = classmethod(_element_id)


@st.cache_resource(show_spinner=False)
def basemap_script() -> dict:
    """The base map as st_folium passes it to its component (html, header, script, bounds)."""
    m = base_map(basemap_url=basemap_url())
    use_local_assets(m)
    built = list(_descendants(m))  # as map_layers builds it, before rendering adds anything
    m.get_root().render()
    m.render()
    html, header = streamlit_folium._get_html(m), streamlit_folium._get_header(m)  # before the script: it alters m
    script = streamlit_folium._get_map_string(m)  # names the map's elements div, div_1, ...
    return {"html": html, "header": header, "script": script, "id": streamlit_folium.get_full_id(m),
            "names": [e._id for e in built],
            "bounds": m.get_bounds(), "zoom": m.options.get("zoom"),
            "key": streamlit_folium.generate_js_hash(script, "map", False)}


@dataclass(frozen=True)
class MapLayers:
    """The event layers as st_folium's component takes them, and what the page needs of them."""

    feature_group: str
    layer_control: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: list[list[float]] | None
    held_back: int


def map_layers(shown: pd.DataFrame, view: ViewState, selected: Event | None,
               load: Callable[[Iterable[str]], list[Event]],
               points: tuple[PointsData, str | None] | None, mask: np.ndarray) -> MapLayers:
    """The event layers of ``shown`` as the component's script (st_folium's own conversion).

    ``points``: every stored event's point (``PointsData``) and its URL, and ``mask`` the
    shown rows of the frame: the browser fetches the points once and a rerun sends only the
    mask. None (a session with events of its own, or no writable ``static/``): inline.
    """
    m = base_map(basemap_url=basemap_url())
    drawn_ids, held_back = geometry_ids(shown, selected.id if selected else None)
    drawn = [selected] if selected is not None and drawn_ids == [selected.id] else load(drawn_ids)
    # Full Events only where they are drawn in full: every event's place markers when there
    # are few, else the events whose rings are drawn; the points come from the frame.
    events = load(shown["id"]) if len(shown) <= ROLE_MARKERS_MAX else drawn
    source = None
    if points is not None and points[1] is not None:
        data, url = points
        source = (url, data.view_of(np.asarray(mask, dtype=bool), selected.id if selected else None))
    layers = event_layers(events, layers=view.layers, geometry_of=drawn, frame=shown,
                          selected=selected.id if selected else None, points_source=source)
    use_local_assets(m)
    names = basemap_script()["names"]
    elements = list(_descendants(m))
    if len(elements) != len(names):
        raise RuntimeError("the base map's elements differ from one build to the next")
    for element, name in zip(elements, names):  # the layer control refers to the base layers by name
        element._id = name
    groups = "".join(streamlit_folium._get_feature_group_string(g, map=m, idx=i) for i, g in enumerate(layers.groups))
    control = streamlit_folium._get_layer_control_string(folium.LayerControl(collapsed=True), m)
    css: list[str] = []
    js: list[str] = []
    for element in _walk(m):
        css.extend(href for name, href in getattr(element, "default_css", []) if name not in UNUSED_ASSETS)
        js.extend(src for name, src in getattr(element, "default_js", []) if name not in UNUSED_ASSETS)
    return MapLayers(groups, control, tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js)), layers.bounds, held_back)


# What folium's Map loads for icon markers (awesome-markers, Font Awesome, glyphicons) and for
# its popups' HTML (jQuery) and page style (Bootstrap). The dashboard's map has neither: its
# points and place markers build their tooltips and popups with the DOM (points.js, places.js),
# and tests/test_map_component.py checks that its scripts use none of them. The frame loads its
# scripts one after another, so these four and their four style sheets cost a first page
# 0.2-0.3 s. (The saved HTML map and the other pages keep folium's defaults.)
UNUSED_ASSETS = frozenset({"jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
                           "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css"})


def _descendants(element):
    """``element`` and every element under it, depth first."""
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _descendants(child)


def _walk(element):
    """``element`` and its children, as st_folium walks them for asset links."""
    if isinstance(element, folium.elements.JSCSSMixin):  # (st_folium adds d3 for colormaps: none here)
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


@st.cache_resource(show_spinner=False, max_entries=64)
def shared_map_layers(path: str, generation: tuple[int, int], view_key: str, _build: Callable[[], MapLayers]) -> MapLayers:
    """``map_layers`` of one view of the stored events, shared by every session showing it."""
    return _build()


def timeline_spec(shown: pd.DataFrame) -> tuple[dict, int] | None:
    """The timeline of ``shown`` as the Vega-Lite spec ``st.vega_lite_chart`` takes, its data
    already Arrow (as Streamlit would convert it on every rerun), and its height; None when
    nothing is dated."""
    timeline = timeline_frame(shown)
    if not len(timeline):
        return None
    spec = vega_lite_spec(timeline)
    spec["datasets"] = {name: convert_anything_to_arrow_bytes(data) for name, data in spec["datasets"].items()}
    return spec, timeline_height(timeline)


def folium_component(base: dict, layers: MapLayers, *, center: tuple[float, float], zoom: int) -> dict | None:
    """Call st_folium's component as ``st_folium(m, key="map", ...)`` does, with parts made before."""
    key = base["key"]
    (south, west), (north, east) = base["bounds"]
    defaults = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
                "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
                "last_active_drawing": None,
                "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
                "zoom": base["zoom"], "last_circle_radius": None, "last_circle_polygon": None,
                "selected_layers": None, "selected_tags": None, "last_geocoder_result": None}

    def on_change() -> None:
        st.session_state["map"] = st.session_state.get(key, {})

    return streamlit_folium._component_func(
        script=base["script"], header=base["header"], html=base["html"], id=base["id"], key=key,
        height=MAP_HEIGHT, width=None, returned_objects=MAP_RETURNS,
        default={k: v for k, v in defaults.items() if k in MAP_RETURNS}, zoom=zoom, center=center,
        feature_group=layers.feature_group, return_on_hover=False, layer_control=layers.layer_control,
        pixelated=False, css_links=list(layers.css_links), js_links=list(layers.js_links), on_change=on_change,
        wrap_longitude=False)


def show_map(shown: pd.DataFrame, view: ViewState, selected: Event | None,
             load: Callable[[Iterable[str]], list[Event]],
             points: tuple[PointsData, str | None] | None, mask: np.ndarray,
             shared_key: tuple[str, tuple[int, int]] | None = None) -> tuple[ViewState, int]:
    """The map; returns the view as the user left it (centre, zoom, clicked event) and how
    many events' rings and zones were held back.

    The events go in through ``feature_group_to_add`` and the view through
    ``center``/``zoom``, so a filter change swaps layers without reloading the map
    (DESIGN.md: a changed script remounts the map and loses the user's zoom). The map
    returns only its centre, zoom and clicks, so a pan reruns the script only to record
    the view in the address. ``points`` and ``mask``: see :func:`map_layers`. ``shared_key``
    (the store's path and generation) when ``shown`` holds stored events only: the layers'
    script is then shared between sessions.
    """
    if shared_key is not None:  # the stored events only: the same view gives every session the same layers
        layers = shared_map_layers(*shared_key, repr((view.filter, view.layers, selected.id if selected else None)),
                                   _build=lambda: map_layers(shown, view, selected, load, points, mask))
    else:
        layers = map_layers(shown, view, selected, load, points, mask)
    held_back = layers.held_back
    # The view handed to st_folium changes only when the app means to move the map: once when
    # the page opens (the link's view, its event, or a fit of what is shown) and when an event
    # is newly selected. Handing back the view the map reported would move the map to where it
    # was a pan ago, which reports a new view, which reruns: a loop.
    focus = focus_on(selected)
    target = st.session_state.get("map_target")
    if target is None:
        if view.center is not None and view.zoom is not None:
            target = (view.center, view.zoom)
        elif focus is not None:
            target = focus
        else:
            # the map stretches with the page: fit to a width it always has (half a laptop screen)
            target = view_for_bounds(layers.bounds, width_px=480, height_px=MAP_HEIGHT - 40)
        st.session_state["focused"] = selected.id if selected else None  # a link's event is already in view
    elif focus is not None and st.session_state.get("focused") != selected.id:
        target = focus  # a newly selected event: go to it, once
        st.session_state["focused"] = selected.id
    st.session_state["map_target"] = target
    centre, zoom = target
    notice = cdn_notice(layers.js_links + layers.css_links)
    if notice:  # no npm on this host (e.g. Streamlit Community Cloud): Leaflet comes from a CDN
        st.caption(notice)
    returned = folium_component(basemap_script(), layers, center=centre, zoom=zoom) or {}
    clicked = clicked_event_id(returned)
    if clicked and clicked != st.session_state.get("last_click"):
        st.session_state["last_click"] = clicked
        st.session_state["selected"] = clicked
        st.rerun()  # the table, the report and the address follow the click
    at, level = returned.get("center"), returned.get("zoom")
    if isinstance(at, dict) and at.get("lat") is not None and isinstance(level, (int, float)):
        # recorded in the address only; the map keeps its own view
        view = replace(view, center=(float(at["lat"]), float(at["lng"])), zoom=int(level))
    return view, held_back

