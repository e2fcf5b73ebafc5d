"""An offline vector basemap from the bundled Natural Earth layers.

Land (filled, its outline is the coastline) and land borders as folium GeoJson
layers in their own map pane *below* Leaflet's tile pane: the map is readable with
no internet, and an online tile layer, when the user ticks one, covers it.

Data: ``data/naturalearth/{land,borders}.geojson`` (Natural Earth 1:50m, public
domain), built by ``scripts/build_naturalearth.py``.
"""

from __future__ import annotations

import json

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.naturalearth import load_layer

PANE = "basemap"
# Leaflet's tilePane has z-index 200; below it, tiles cover the basemap when shown.
PANE_Z_INDEX = 150
SEA_COLOR = "#cfe2f3"
LAND_STYLE = {"color": "#7f8c99", "weight": 0.7, "fillColor": "#f4f1ea", "fillOpacity": 1.0}
BORDER_STYLE = {"color": "#9a8c98", "weight": 0.8, "dashArray": "4 3", "fill": False}
# CSS classes on the SVG paths so browser tests (and styles) can find the layers.
LAND_CLASS = "basemap-land"
BORDER_CLASS = "basemap-border"


ATTRIBUTION = 'Basemap: <a href="https://www.naturalearthdata.com/" target="_blank">Natural Earth</a>'


class Attribution(MacroElement):
    """Adds a line to the map's attribution control (a link only; nothing is fetched).

    ``prefix``, when given, replaces Leaflet's own prefix (a link to leafletjs.com): the
    offline HTML export sets plain "Leaflet" so no link points out of the file.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{% if this.prefix is not none %}"
        "{{ this._parent.get_name() }}.attributionControl.setPrefix({{ this.prefix|tojson }});"
        "{% endif %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, text: str, prefix: str | None = None) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text
        self.prefix = prefix


class FetchedBasemap(MacroElement):
    """The land and borders layers, fetched by the browser from ``url`` (a file of
    :func:`basemap_json`, published with :mod:`geo.view.published`) into the parent group.

    The map's script then carries a URL instead of 0.8 MB of GeoJSON, which Streamlit would
    send again with every rerun; the browser fetches the file once per page.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {"
        " L.geoJSON(data.land, {{ this.land|tojson }}).addTo({{ this._parent.get_name() }});"
        " L.geoJSON(data.borders, {{ this.borders|tojson }}).addTo({{ this._parent.get_name() }});"
        "});"
        "{% endmacro %}"
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "FetchedBasemap"
        self.url = url
        self.land = {"pane": PANE, "interactive": False, "className": LAND_CLASS, **LAND_STYLE}
        self.borders = {"pane": PANE, "interactive": False, "className": BORDER_CLASS, **BORDER_STYLE}


def basemap_json() -> bytes:
    """The land and borders layers as one JSON document ``{"land": ..., "borders": ...}``
    (what :class:`FetchedBasemap` fetches)."""
    return json.dumps({"land": load_layer("land"), "borders": load_layer("borders")},
                      separators=(",", ":")).encode("utf-8")


def add_basemap(m: folium.Map, url: str | None = None) -> folium.FeatureGroup:
    """Add the land and borders layers to ``m`` in a pane under the tiles.

    The group is a *base* layer of the layer control (a radio button, like the online tile
    layers): one basemap at a time, the event layers on top.

    Parameters
    ----------
    m : folium.Map
    url : str, optional
        Where the browser fetches :func:`basemap_json` (the dashboard); None puts the
        GeoJSON in the map's script (a saved HTML map works from the file alone).

    Returns
    -------
    folium.FeatureGroup
        The group holding both layers (listed in the layer control as "Basemap").
    """
    folium.map.CustomPane(PANE, z_index=PANE_Z_INDEX, pointer_events=False).add_to(m)
    # The sea is the map's background colour.
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container {{ background: {SEA_COLOR}; }}</style>")
    )
    group = folium.FeatureGroup(name="Basemap (Natural Earth)", overlay=False, show=True, control=True)
    if url is not None:
        FetchedBasemap(url).add_to(group)
        group.add_to(m)
        Attribution(ATTRIBUTION).add_to(m)
        return group
    # Style as layer options, not a style_function: Leaflet hands them to every path
    # at creation, so the className is on the SVG path, and folium adds no per-feature
    # ids or style map (3 % smaller script, measured).
    folium.GeoJson(
        load_layer("land"), name="Land", control=False, pane=PANE, interactive=False,
        className=LAND_CLASS, **LAND_STYLE,
    ).add_to(group)
    folium.GeoJson(
        load_layer("borders"), name="Borders", control=False, pane=PANE, interactive=False,
        className=BORDER_CLASS, **BORDER_STYLE,
    ).add_to(group)
    group.add_to(m)
    Attribution(ATTRIBUTION).add_to(m)
    return group
