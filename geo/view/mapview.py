"""Events -> a folium map that works with no internet.

Layers, bottom to top: the Natural Earth vector basemap (its own pane below the
tiles), optional online tile layers (off until ticked in the layer control),
impact zones, range rings, the events' points (one canvas, :mod:`geo.view.points`) and a
marker per named place (:mod:`geo.view.placemarkers`).

Everything about distance is our own geometry from :mod:`geo.geodesy` drawn as
GeoJSON (never ``folium.Circle``/``L.Circle``, which is wrong by kilometres at
missile ranges and cannot cross the antimeridian); tooltips give radius, area and
source. Report text in tooltips is escaped with :func:`geo.view.text.escape_html`; the points
and place markers carry it as JSON data that their scripts set with ``textContent``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import folium
import numpy as np
import pandas as pd

from geo import geodesy
from geo.events import Event, event_from_dict
from geo.view.assets import use_local_assets
from geo.view.basemap import add_basemap
from geo.view.filters import readable as label
from geo.view.placemarkers import PlaceMarkers
from geo.view.placemarkers import date_text as _date_text
from geo.view.points import PointsLayer, points_frame
from geo.view.text import escape_html

MAX_ZOOM = 12  # Natural Earth 1:50m is meaningless beyond this; clusters need a maxZoom too
MIN_ZOOM = 1
FIT_MAX_ZOOM = 7  # fitting the view to one point stops at a regional scale
WORLD_VIEW = {"location": (20.0, 0.0), "zoom": 2}

RING_STYLE = {"color": "#c0392b", "weight": 2.0, "fill": True, "fillColor": "#c0392b", "fillOpacity": 0.04}
PATH_STYLE = {"color": "#922b21", "weight": 1.5, "dashArray": "2 6", "fill": False}
# the potential range is an estimate: a thin dashed outline and a faint fill, under everything else
REACH_STYLE = {"color": "#6c3483", "weight": 1.2, "dashArray": "8 6", "fillColor": "#8e44ad", "fillOpacity": 0.03}
ZONE_STYLE = {"color": "#d35400", "weight": 1.5, "dashArray": "5 4", "fillColor": "#e67e22", "fillOpacity": 0.25}
# CSS classes on the SVG paths: styles and browser tests find the layers by them.
RING_CLASS = "range-ring"
ZONE_CLASS = "impact-zone"
PATH_CLASS = "flight-path"
REACH_CLASS = "potential-range"
ONLINE_TILES = (("OpenStreetMap", "OpenStreetMap (online)"), ("CartoDB positron", "CartoDB Positron (online)"))
ROLE_MARKERS_MAX = 1000  # above this many events, place markers only for the events with drawn geometry


def _as_event(event: Event | dict) -> Event:
    """An :class:`Event` as it is, or a JSON-form dict read as one (its stored geometry kept)."""
    return event if isinstance(event, Event) else event_from_dict(event)


def range_ring_features(events: Iterable[Event | dict]) -> list[dict]:
    """One GeoJSON Feature per distinct (launch site, range) among the events' stored rings.

    The ring is the one :func:`geo.geodesy.enrich.enrich` stored with the event; an event
    without one gets none here. Properties: ``radius_km``, ``area_km2``, ``site``,
    ``lat``, ``lon``, ``source``, ``label`` (human-readable).
    """
    features: list[dict] = []
    seen: set[tuple[float, float, float]] = set()
    for event in map(_as_event, events):
        site = event.launch_site
        if event.geometry.ring is None or site is None or event.range_km is None:
            continue
        key = (round(site.lat, 4), round(site.lon, 4), round(event.range_km, 3))
        if key in seen:
            continue
        seen.add(key)
        features.append({
            "type": "Feature",
            "geometry": event.geometry.ring,
            "properties": {
                "radius_km": event.range_km,
                "area_km2": round(event.geometry.ring_area_km2 or 0),
                "site": site.name,
                "lat": site.lat,
                "lon": site.lon,
                "source": event.source,
                "label": f"{event.range_km:,.0f} km range ring from {site.name} (geodesic, WGS84)",
            },
        })
    return features


def impact_zone_features(events: Iterable[Event | dict]) -> list[dict]:
    """One GeoJSON Feature per event with a stored impact zone (area_km2, source, label)."""
    features = []
    for event in map(_as_event, events):
        geometry = event.geometry.impact_zone
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        # zones stored before enrichment recorded their area are measured here once
        area = round(event.geometry.zone_area_km2 if event.geometry.zone_area_km2 is not None
                     else geodesy.area_km2(geometry))
        features.append({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "area_km2": area,
                "source": event.source,
                "label": f"Estimated impact zone, {area:,} km² ({label(event.type) or 'event'}, {_date_text(event)})",
            },
        })
    return features


def path_features(events: Iterable[Event | dict]) -> list[dict]:
    """One GeoJSON Feature per stored flight path (launch site to impact point)."""
    features = []
    for event in map(_as_event, events):
        if event.geometry.path is None or event.launch_site is None:
            continue
        features.append({
            "type": "Feature",
            "geometry": event.geometry.path,
            "properties": {
                "source": event.source,
                "label": f"Flight path from {event.launch_site.name} ({label(event.type)}, {_date_text(event)})",
            },
        })
    return features


def potential_range_features(events: Iterable[Event | dict]) -> list[dict]:
    """One GeoJSON Feature per stored potential-range footprint (docs/ballistics.md).

    The footprint is the one :func:`geo.geodesy.enrich.enrich` stored; its label says it is an
    estimate and gives the band; ``covers`` names the regions it covers whole and its capitals.
    A footprint that is the whole world (a standard shot at orbital speed) is not drawn.
    """
    features = []
    for event in map(_as_event, events):
        pr = event.geometry.potential_range
        if not isinstance(pr, dict) or not isinstance(pr.get("footprint"), dict) or event.launch_site is None:
            continue
        if pr.get("anywhere"):  # the whole world filled says nothing: the label and table say it
            continue
        covers = pr.get("covers") or {}
        regions = [g["name"] for g in covers.get("regions", []) if g.get("whole")]
        capitals = covers.get("capitals") or []
        features.append({
            "type": "Feature",
            "geometry": pr["footprint"],
            "properties": {
                "source": event.source,
                "label": f"{pr.get('label') or 'Potential range (estimate)'} "
                         f"({label(event.type) or 'launch'} from {event.launch_site.name}, {_date_text(event)})",
                "covers": ("covers all of " + ", ".join(regions) + "; " if regions else "")
                          + f"{len(capitals)} capitals",
            },
        })
    return features


def _feature_tooltip(props: dict) -> str:
    lines = [f"<b>{escape_html(props['label'])}</b>"]
    if props.get("radius_km") is not None:
        lines.append(f"radius {props['radius_km']:,.0f} km")
    if props.get("area_km2") is not None:
        lines.append(f"area {props['area_km2']:,} km²")
    if props.get("covers"):
        lines.append(escape_html(props["covers"]))
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


@dataclass
class EventLayers:
    """The event layers of a map, apart from the map itself.

    Attributes
    ----------
    groups : list of folium.FeatureGroup
        "Potential range (estimate)", "Impact zones", "Range rings", "Places" (only those with content), bottom to top.
    bounds : list or None
        ``[[south, west], [north, east]]`` the view should show: rings, impact zones
        and launch sites when there are any, else all places; None when nothing is located.
    """

    groups: list[folium.FeatureGroup] = field(default_factory=list)
    bounds: list[list[float]] | None = None


LAYER_NAMES = {"reach": "Potential range (estimate)", "zones": "Impact zones", "rings": "Range rings",
               "paths": "Flight paths", "density": "Density", "places": "Places"}
DENSITY_CLASS = "event-density"


def event_layers(
    events: Sequence[Event | dict],
    *,
    layers: Sequence[str] = ("reach", "zones", "rings", "paths", "places"),
    geometry_of: Sequence[Event | dict] | None = None,
    frame: pd.DataFrame | None = None,
    selected: str | None = None,
    points_source: tuple[str, dict] | None = None,
) -> EventLayers:
    """Build the potential-range, impact-zone, range-ring, flight-path and place layers of the given events.

    Parameters
    ----------
    events : sequence of Event (or their JSON form)
        Drawn with the geometry they carry; places without coordinates are skipped.
    layers : sequence of str
        Which layers to build, from :data:`LAYER_NAMES`' keys.
    geometry_of : sequence of Event, optional
        Draw rings, zones and paths of these events only (default: of ``events``);
        thousands of rings hide the map they are drawn on.
    frame : DataFrame, optional
        The events' map columns (:meth:`geo.store.Store.map_frame`, or
        :func:`geo.view.points.points_frame`, the default): the "Places" layer draws one
        point per row on one canvas (:class:`geo.view.points.PointsLayer`), and a marker
        per named place, by role, for all events when there are at most
        :data:`ROLE_MARKERS_MAX`, else for those of ``geometry_of``.
    selected : str, optional
        The selected event's id: its point is ringed.
    points_source : (str, dict), optional
        The points as a published :class:`geo.view.points.PointsData` (its URL) and the
        view of it to show (:meth:`~geo.view.points.PointsData.view_of`): the script then
        carries no point data (``frame`` still gives the bounds).
    """
    events = [_as_event(e) for e in events]
    drawn = events if geometry_of is None else [_as_event(e) for e in geometry_of]
    wanted = set(layers)
    layers = EventLayers()
    # The view fits what is about distance (rings, zones, launch sites) when there is
    # any: a report about a launch is read around the launch; other places stay a pan away.
    points: list[tuple[float, float]] = []
    focus: list[tuple[float, float]] = []
    for key, build, class_name, style in (
        ("reach", potential_range_features, REACH_CLASS, REACH_STYLE),
        ("zones", impact_zone_features, ZONE_CLASS, ZONE_STYLE),
        ("rings", range_ring_features, RING_CLASS, RING_STYLE),
        ("paths", path_features, PATH_CLASS, PATH_STYLE),
    ):
        name = LAYER_NAMES[key]
        features = build(drawn) if key in wanted else []
        if not features:
            continue
        group = folium.FeatureGroup(name=name)
        for feature in features:
            folium.GeoJson(
                feature, className=class_name, **style,
                tooltip=folium.Tooltip(_feature_tooltip(feature["properties"]), sticky=True),
            ).add_to(group)
            if class_name not in (PATH_CLASS, REACH_CLASS):  # a footprint spans oceans: fit the launch
                focus.extend((lat, lon) for lon, lat, *_ in _coords(feature["geometry"]))
        layers.groups.append(group)

    if "density" in wanted and points_source is not None:
        # Events per screen cell, binned in the browser from the points it already holds
        # (the same fetched file: no more data on the wire), under the points.
        density = folium.FeatureGroup(name=LAYER_NAMES["density"])
        PointsLayer(source=points_source, class_name=DENSITY_CLASS, mode="density").add_to(density)
        layers.groups.append(density)

    if "places" in wanted:
        places = folium.FeatureGroup(name=LAYER_NAMES["places"])
        # One canvas layer for every event (geo.view.points): compact at 100,000 events.
        if frame is None:
            frame = points_frame(events)
        if points_source is not None:
            PointsLayer(source=points_source).add_to(places)
        elif len(frame):
            PointsLayer(frame, selected=selected).add_to(places)
        # Markers for each place an event names, by role, with their own tooltip and popup:
        # for all events when they are few, else for those whose rings are drawn.
        marked = events if len(events) <= ROLE_MARKERS_MAX else drawn
        markers = PlaceMarkers(marked)
        if markers.positions:
            markers.add_to(places)
        for lat, lon, role in markers.positions:
            (focus if role in ("launch_site", "impact_area") else points).append((lat, lon))
        if len(events) > ROLE_MARKERS_MAX or not events:
            lat = frame["lat"].to_numpy(dtype=float) if len(frame) else np.zeros(0)
            lon = frame["lon"].to_numpy(dtype=float) if len(frame) else np.zeros(0)
            ok = np.isfinite(lat) & np.isfinite(lon)
            if ok.any():
                points.extend([(float(lat[ok].min()), float(lon[ok].min())),
                               (float(lat[ok].max()), float(lon[ok].max()))])
        if places._children:
            layers.groups.append(places)
    # The first view fits everything shown: a launch's ring and zone, and the talks in
    # Washington too, so no point is off screen with nothing to say it is there.
    layers.bounds = content_bounds(focus + points)
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


def base_map(*, basemap: bool = True, online_tiles: bool = True, basemap_url: str | None = None) -> folium.Map:
    """The map without events: basemap and the optional online tile layers, world view.

    Its script is the same for every set of events, so the dashboard adds the event
    layers with ``st_folium(feature_group_to_add=...)`` and the map is not reloaded
    (and keeps the user's zoom) when filters change.

    The Natural Earth basemap and the online tiles are *base* layers (radio buttons in the
    layer control: one basemap at a time); event layers are overlays on top. With
    ``basemap_url`` the browser fetches the basemap from that URL
    (:class:`geo.view.basemap.FetchedBasemap`) instead of carrying it in the script.
    """
    m = folium.Map(
        location=WORLD_VIEW["location"], zoom_start=WORLD_VIEW["zoom"], tiles=None,
        control_scale=True, world_copy_jump=True, font_size="0.85rem",
    )
    # folium hands max_zoom to its default tile layer, and there is none: set them on
    # the map itself (cluster plugins fail without a maxZoom).
    m.options.update(max_zoom=MAX_ZOOM, min_zoom=MIN_ZOOM)
    if basemap:
        add_basemap(m, url=basemap_url)
    if online_tiles:
        with warnings.catch_warnings():
            # folium warns that CARTO wants an API key for commercial use; the layer is
            # an optional extra the user switches on, so the warning is noise in logs.
            warnings.filterwarnings("ignore", message="CartoDB tiles", category=UserWarning)
            for tiles, name in ONLINE_TILES:
                folium.TileLayer(tiles, name=name, overlay=not basemap, show=False, max_zoom=MAX_ZOOM).add_to(m)
    return m


def build_map(
    events: Sequence[Event | dict],
    *,
    basemap: bool = True,
    online_tiles: bool = True,
    local_assets: bool = True,
) -> folium.Map:
    """Build the complete folium map of the given events (for saving or showing whole).

    Parameters
    ----------
    events : sequence of Event (or their JSON form)
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
