"""EVENT dicts -> a folium map that works with no internet.

Layers, bottom to top: the Natural Earth vector basemap (its own pane below the
tiles), optional online tile layers (off until ticked in the layer control),
impact zones, range rings and one circle marker per located place.

Everything about distance is our own geometry from :mod:`geo.geodesy` drawn as
GeoJSON (never ``folium.Circle``/``L.Circle``, which is wrong by kilometres at
missile ranges and cannot cross the antimeridian); tooltips give radius, area and
source. All report text is escaped with :func:`geo.view.text.escape_html`.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import folium

from geo import geodesy
from geo.errors import GeoError
from geo.view.assets import use_local_assets
from geo.view.basemap import add_basemap
from geo.view.text import escape_html

MAX_ZOOM = 12  # Natural Earth 1:50m is meaningless beyond this; clusters need a maxZoom too
MIN_ZOOM = 1
FIT_MAX_ZOOM = 7  # fitting the view to one point stops at a regional scale
WORLD_VIEW = {"location": (20.0, 0.0), "zoom": 2}

ROLE_COLORS = {
    "launch_site": "#c0392b",
    "impact_area": "#e67e22",
    "venue": "#2471a3",
    "target": "#7d3c98",
    "mention": "#566573",
}
DEFAULT_COLOR = "#566573"
RING_STYLE = {"color": "#c0392b", "weight": 2.0, "fill": True, "fillColor": "#c0392b", "fillOpacity": 0.04}
ZONE_STYLE = {"color": "#d35400", "weight": 1.5, "dashArray": "5 4", "fillColor": "#e67e22", "fillOpacity": 0.25}
# CSS classes on the SVG paths: styles and browser tests find the layers by them.
PLACE_CLASS = "event-place"
RING_CLASS = "range-ring"
ZONE_CLASS = "impact-zone"
ONLINE_TILES = (("OpenStreetMap", "OpenStreetMap (online)"), ("CartoDB positron", "CartoDB Positron (online)"))
SENTENCE_CHARS = 400  # popups show the source sentence up to this many characters


def _num(value: Any) -> float | None:
    """``value`` as a finite float, or None (extracted values may be missing or strings)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f and abs(f) != float("inf") else None


def _located(place: dict) -> tuple[float, float] | None:
    lat, lon = _num(place.get("lat")), _num(place.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _date_text(event: dict) -> str:
    date = event.get("date") or "date unknown"
    if event.get("date_precision") == "range" and event.get("date_end"):
        return f"{date} to {event['date_end']}"
    precision = event.get("date_precision")
    return f"{date} ({precision})" if precision and precision != "day" else str(date)


def place_tooltip(event: dict, place: dict) -> str:
    """Short HTML for a place marker's tooltip: place, role, event type, date."""
    role = str(place.get("role") or "mention").replace("_", " ")
    return (
        f"<b>{escape_html(place.get('name'))}</b> ({escape_html(role)})<br>"
        f"{escape_html(str(event.get('type') or 'event').replace('_', ' '))}, {escape_html(_date_text(event))}"
    )


def place_popup(event: dict, place: dict) -> str:
    """HTML for a place marker's popup: the tooltip plus actors, source sentence and source."""
    sentence = str(event.get("sentence") or "")
    if len(sentence) > SENTENCE_CHARS:
        sentence = sentence[: SENTENCE_CHARS - 1].rstrip() + "…"
    actors = ", ".join(str(a.get("name") or a.get("code") or "") for a in event.get("actors") or [] if a)
    parts = [place_tooltip(event, place)]
    if actors:
        parts.append(f"Actors: {escape_html(actors)}")
    if sentence:
        parts.append(f"<i>“{escape_html(sentence)}”</i>")
    if event.get("source"):
        parts.append(f"<small>Source: {escape_html(event['source'])}</small>")
    return "<br>".join(parts)


def range_ring_features(events: Iterable[dict]) -> list[dict]:
    """One GeoJSON Feature per distinct (launch site, range) among the events.

    An event gets a ring when it has ``range_km`` and a located place with role
    ``launch_site``. Properties: ``radius_km``, ``area_km2``, ``site``, ``lat``,
    ``lon``, ``source``, ``label`` (human-readable).
    """
    features: list[dict] = []
    seen: set[tuple[float, float, float]] = set()
    for event in events:
        radius_km = _num(event.get("range_km"))
        if radius_km is None or radius_km <= 0:
            continue
        for place in event.get("places") or []:
            if place.get("role") != "launch_site" or (pos := _located(place)) is None:
                continue
            key = (round(pos[0], 4), round(pos[1], 4), round(radius_km, 3))
            if key in seen:
                continue
            seen.add(key)
            try:
                geometry = geodesy.ring(pos[0], pos[1], radius_km)
            except GeoError:
                continue  # a range the geodesy refuses (e.g. beyond half the globe) is not drawn
            site = str(place.get("name") or "launch site")
            label = f"{radius_km:,.0f} km range ring from {site} (geodesic, WGS84)"
            features.append({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "radius_km": radius_km,
                    "area_km2": round(geodesy.area_km2(geometry)),
                    "site": site,
                    "lat": pos[0],
                    "lon": pos[1],
                    "source": str(event.get("source") or ""),
                    "label": label,
                },
            })
    return features


def impact_zone_features(events: Iterable[dict]) -> list[dict]:
    """One GeoJSON Feature per event with an ``impact_zone`` geometry (area_km2, source, label)."""
    features = []
    for event in events:
        geometry = event.get("impact_zone")
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        area = round(geodesy.area_km2(geometry))
        features.append({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "area_km2": area,
                "source": str(event.get("source") or ""),
                "label": f"Estimated impact zone, {area:,} km² ({event.get('type') or 'event'}, {_date_text(event)})",
            },
        })
    return features


def _feature_tooltip(props: dict) -> str:
    lines = [f"<b>{escape_html(props['label'])}</b>"]
    if props.get("radius_km") is not None:
        lines.append(f"radius {props['radius_km']:,.0f} km")
    lines.append(f"area {props['area_km2']:,} km²")
    if props.get("source"):
        lines.append(f"source: {escape_html(props['source'])}")
    return "<br>".join(lines)


def _coords(geometry: dict) -> Iterable[Sequence[float]]:
    """Every (lon, lat) position of a GeoJSON geometry."""
    def walk(c):
        if c and isinstance(c[0], (int, float)):
            yield c
        else:
            for x in c:
                yield from walk(x)
    yield from walk(geometry.get("coordinates") or [])


def content_bounds(points: Iterable[tuple[float, float]]) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of ``(lat, lon)`` points, or None when there are none."""
    pts = list(points)
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _css_safe(value: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "", value.lower())


@dataclass
class EventLayers:
    """The event layers of a map, apart from the map itself.

    Attributes
    ----------
    groups : list of folium.FeatureGroup
        "Impact zones", "Range rings", "Places" (only those with content), bottom to top.
    bounds : list or None
        ``[[south, west], [north, east]]`` the view should show: rings, impact zones
        and launch sites when there are any, else all places; None when nothing is located.
    """

    groups: list[folium.FeatureGroup] = field(default_factory=list)
    bounds: list[list[float]] | None = None


def event_layers(events: Sequence[dict]) -> EventLayers:
    """Build the impact-zone, range-ring and place layers of the given events.

    Parameters
    ----------
    events : sequence of dict
        EVENT dicts as in DESIGN.md; places without coordinates are skipped.
    """
    layers = EventLayers()
    # The view fits what is about distance (rings, zones, launch sites) when there is
    # any: a report about a launch is read around the launch; other places stay a pan away.
    points: list[tuple[float, float]] = []
    focus: list[tuple[float, float]] = []
    for name, features, class_name, style in (
        ("Impact zones", impact_zone_features(events), ZONE_CLASS, ZONE_STYLE),
        ("Range rings", range_ring_features(events), RING_CLASS, RING_STYLE),
    ):
        if not features:
            continue
        group = folium.FeatureGroup(name=name)
        for feature in features:
            folium.GeoJson(
                feature, className=class_name, **style,
                tooltip=folium.Tooltip(_feature_tooltip(feature["properties"]), sticky=True),
            ).add_to(group)
            focus.extend((lat, lon) for lon, lat, *_ in _coords(feature["geometry"]))
        layers.groups.append(group)

    places = folium.FeatureGroup(name="Places")
    for event in events:
        for place in event.get("places") or []:
            pos = _located(place)
            if pos is None:
                continue
            role = str(place.get("role") or "mention")
            color = ROLE_COLORS.get(role, DEFAULT_COLOR)
            folium.CircleMarker(
                location=pos, radius=7 if role != "mention" else 5, color="#ffffff", weight=1.5,
                fill=True, fill_color=color, fill_opacity=0.9,
                class_name=f"{PLACE_CLASS} {PLACE_CLASS}-{_css_safe(role)}",
                tooltip=folium.Tooltip(place_tooltip(event, place)),
                popup=folium.Popup(place_popup(event, place), max_width=320),
            ).add_to(places)
            (focus if role in ("launch_site", "impact_area") else points).append(pos)
    if places._children:
        layers.groups.append(places)
    layers.bounds = content_bounds(focus if focus else points)
    return layers


def view_for_bounds(
    bounds: list[list[float]] | None,
    width_px: int = 600,
    height_px: int = 560,
    max_zoom: int = FIT_MAX_ZOOM,
) -> tuple[tuple[float, float], int]:
    """Centre and the largest whole Web-Mercator zoom at which ``bounds`` fit a map of that size.

    Used with ``st_folium(center=..., zoom=...)``, which moves the view without
    reloading the map (``fit_bounds`` would change the map's script and reload it).

    Parameters
    ----------
    bounds : list or None
        ``[[south, west], [north, east]]``, degrees; None gives the world view.
    width_px, height_px : int
        Size of the map on screen, pixels (a guess when the map stretches).
    max_zoom : int
        Do not zoom in further than this (a single point).

    Returns
    -------
    ((lat, lon), zoom)
    """
    if bounds is None:
        return WORLD_VIEW["location"], WORLD_VIEW["zoom"]
    (south, west), (north, east) = bounds
    def merc_y(lat: float) -> float:
        lat = max(-85.0, min(85.0, lat))
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    lon_span = max(east - west, 1e-6)
    y_span = max(merc_y(north) - merc_y(south), 1e-9)
    # At zoom z the world is 256 * 2**z pixels wide: 360 deg of longitude, 2*pi of Mercator y.
    zoom_x = math.log2(width_px * 360.0 / (256.0 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (256.0 * y_span))
    zoom = int(max(MIN_ZOOM, min(max_zoom, math.floor(min(zoom_x, zoom_y)))))
    centre_y = (merc_y(north) + merc_y(south)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return (round(centre_lat, 5), round((west + east) / 2, 5)), zoom


def base_map(*, basemap: bool = True, online_tiles: bool = True) -> folium.Map:
    """The map without events: basemap and the optional online tile layers, world view.

    Its script is the same for every set of events, so the dashboard adds the event
    layers with ``st_folium(feature_group_to_add=...)`` and the map is not reloaded
    (and keeps the user's zoom) when filters change.
    """
    m = folium.Map(
        location=WORLD_VIEW["location"], zoom_start=WORLD_VIEW["zoom"], tiles=None,
        control_scale=True, world_copy_jump=True, font_size="0.85rem",
    )
    # folium hands max_zoom to its default tile layer, and there is none: set them on
    # the map itself (cluster plugins fail without a maxZoom).
    m.options.update(max_zoom=MAX_ZOOM, min_zoom=MIN_ZOOM)
    if basemap:
        add_basemap(m)
    if online_tiles:
        with warnings.catch_warnings():
            # folium warns that CARTO wants an API key for commercial use; the layer is
            # an optional extra the user switches on, so the warning is noise in logs.
            warnings.filterwarnings("ignore", message="CartoDB tiles", category=UserWarning)
            for tiles, name in ONLINE_TILES:
                folium.TileLayer(tiles, name=name, overlay=True, show=False, max_zoom=MAX_ZOOM).add_to(m)
    return m


def build_map(
    events: Sequence[dict],
    *,
    basemap: bool = True,
    online_tiles: bool = True,
    local_assets: bool = True,
) -> folium.Map:
    """Build the complete folium map of the given events (for saving or showing whole).

    Parameters
    ----------
    events : sequence of dict
        EVENT dicts as in DESIGN.md; places without coordinates are skipped.
    basemap : bool
        Add the offline Natural Earth basemap.
    online_tiles : bool
        Offer OpenStreetMap and CartoDB tile layers, off until ticked.
    local_assets : bool
        Point Leaflet & co. at ``static/node_modules`` (CDN fallback logged).

    Returns
    -------
    folium.Map
        With layer control; fitted to the rings, impact zones and launch sites
        when there are any, else to all places (world view when there are none).
    """
    m = base_map(basemap=basemap, online_tiles=online_tiles)
    layers = event_layers(events)
    for group in layers.groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if layers.bounds is not None:
        m.fit_bounds(layers.bounds, padding=(20, 20), max_zoom=FIT_MAX_ZOOM)
    if local_assets:
        use_local_assets(m)
    return m
