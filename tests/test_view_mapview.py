"""Events -> folium map (geo.view.mapview): rings, zones, markers, escaping, offline."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Geod

from geo.geodesy import area_km2, ring
from geo.view.mapview import (
    MAX_ZOOM,
    build_map,
    impact_zone_features,
    range_ring_features,
    view_for_bounds,
)
from geo.errors import InvalidInput
from geo.events import event_from_dict
from tests.test_view_events import PYONGYANG, WASHINGTON, enriched, launch_event, talks_event

GEOD = Geod(ellps="WGS84")


def _html(m) -> str:
    return m.get_root().render()


def test_ring_feature_is_570_km_around_the_launch_site():
    [feature] = range_ring_features(enriched(launch_event()))
    props = feature["properties"]
    assert props["radius_km"] == 570 and props["site"] == "Pyongyang"
    assert props["label"] == "570 km range ring from Pyongyang (geodesic, WGS84)"
    lons, lats = zip(*feature["geometry"]["coordinates"][0])
    _, _, dist_m = GEOD.inv([PYONGYANG[1]] * len(lons), [PYONGYANG[0]] * len(lats), lons, lats)
    assert max(abs(d / 1000 - 570) for d in dist_m) < 1.0
    # A geodesic circle of 570 km encloses about pi * 570^2 = 1.02 million km^2.
    assert props["area_km2"] == pytest.approx(math.pi * 570**2, rel=0.01)


def test_one_ring_per_site_and_range_and_none_without_site_or_range():
    events = enriched(launch_event(), launch_event(id="dup"), talks_event(), launch_event(range_km=None, id="n"))
    assert len(range_ring_features(events)) == 1
    no_site = launch_event(places=[dict(launch_event()["places"][0], role="mention")])
    assert range_ring_features(enriched(no_site)) == []
    unlocated = launch_event(places=[dict(launch_event()["places"][0], lat=None)])
    assert range_ring_features(enriched(unlocated)) == []
    # a ring is drawn only when enrichment stored one: the view computes no geometry
    assert range_ring_features([event_from_dict(launch_event())]) == []


def test_area_of_one_degree_cell_at_the_equator():
    # 1 deg of longitude at the equator is 111.32 km, 1 deg of latitude there 110.57 km.
    cell = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    assert area_km2(cell) == pytest.approx(111.32 * 110.57, rel=0.005)
    assert area_km2({"type": "Point", "coordinates": [0, 0]}) == 0.0


def test_impact_zone_feature_carries_area_and_source():
    zone = ring(39.0, 131.0, 50, max_error_km=0.05)  # fine enough that the area is within 1 %
    [feature] = impact_zone_features([launch_event(impact_zone=zone)])
    assert feature["properties"]["area_km2"] == pytest.approx(math.pi * 50**2, rel=0.01)
    assert feature["properties"]["source"] == "seed.txt"
    assert impact_zone_features([launch_event(impact_zone={"type": "Point", "coordinates": [1, 2]})]) == []


def test_map_has_basemap_ring_markers_and_no_circle():
    m = build_map(enriched(launch_event(impact_zone=ring(39.0, 131.0, 50)), talks_event()))
    out = _html(m)
    for css_class in ("basemap-land", "basemap-border", "range-ring", "impact-zone", "event-place-launch_site",
                      "event-place-venue"):
        assert f'"{css_class}' in out or f" {css_class}" in out, css_class
    assert "L.circle(" not in out  # distances are our geometry, never Leaflet's circle
    assert "570 km range ring from Pyongyang (geodesic, WGS84)" in out
    assert f'"maxZoom": {MAX_ZOOM}' in out


def test_online_tile_layers_are_offered_but_not_shown():
    out = _html(build_map(enriched(launch_event())))
    tile_vars = re.findall(r"var (tile_layer_\w+) = L\.tileLayer", out)
    assert len(tile_vars) == 2 and "tile.openstreetmap.org" in out and "cartocdn" in out
    for name in tile_vars:
        assert f"{name}.addTo(" not in out  # only the layer control may add them


def _fit_bounds(m):
    return next(c for c in m._children.values() if type(c).__name__ == "FitBounds").bounds


def test_map_fits_the_ring_zone_and_every_place():
    [(south, west), (north, east)] = _fit_bounds(build_map(enriched(launch_event(impact_hint={"sea": "the sea"}),
                                                                    talks_event())))
    # the impact zone reaches 627 km (570 km + 10 %) from Pyongyang, beyond the ring's
    # 5.1 deg of latitude; Washington, the other event's place, is in view too
    assert PYONGYANG[0] - 5.8 < south < PYONGYANG[0] - 5.13
    assert north == pytest.approx(max(PYONGYANG[0] + 5.13, WASHINGTON[0]), abs=0.6)
    assert west == pytest.approx(WASHINGTON[1]) and east > PYONGYANG[1] + 6


def test_map_fits_all_places_without_a_ring():
    tokyo = talks_event(places=[dict(talks_event()["places"][0], name="Tokyo", lat=35.6762, lon=139.6503)])
    [(south, west), (north, east)] = _fit_bounds(build_map([talks_event(), tokyo]))
    assert (south, west) == pytest.approx((35.6762, WASHINGTON[1]))
    assert (north, east) == pytest.approx((WASHINGTON[0], 139.6503))


def test_map_of_no_events_is_a_world_view_with_basemap():
    m = build_map([])
    out = _html(m)
    assert "basemap-land" in out and "range-ring" not in out
    assert not any(type(c).__name__ == "FitBounds" for c in m._children.values())


def test_report_text_is_escaped_in_tooltips_and_popups():
    evil = '<img src=x onerror="alert(1)">`${alert(2)}`\\u'
    event = talks_event(sentence=evil, places=[dict(talks_event()["places"][0], name=evil)])
    out = _html(build_map([event]))
    assert "<img src=x" not in out and "${alert(2)}" not in out and "onerror=\"alert" not in out
    # the place marker's tooltip and popup are data that places.js sets with textContent
    assert "\\u003cimg src=x onerror=\\\"alert(1)\\\"\\u003e\\u0060\\u0024{alert(2)}" in out
    # a ring's tooltip is HTML (folium's): escaped
    ring = _html(build_map(enriched(launch_event(places=[dict(launch_event()["places"][0], name=evil)]))))
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in ring and "<img src=x" not in ring


def test_ring_across_the_antimeridian_and_bad_values_do_not_break_the_map():
    kamchatka = launch_event(places=[dict(launch_event()["places"][0], name="Far east", lat=60.0, lon=178.0)],
                             range_km="1500")
    unlocated = talks_event(places=[dict(talks_event()["places"][0], lat=None, lon=None)], range_km=float("nan"))
    m = build_map(enriched(kamchatka, unlocated))
    out = _html(m)
    assert "1,500 km range ring from Far east" in out
    assert "event-place-venue" not in out  # the unlocated venue is skipped
    # values that are not coordinates are refused where events enter, naming the value
    with pytest.raises(InvalidInput, match="'north'"):
        event_from_dict(talks_event(places=[dict(talks_event()["places"][0], lat="north")]))


def _pixels(bounds, zoom):
    """Width and height in Web-Mercator pixels of ``bounds`` at ``zoom`` (256-px tiles)."""
    (south, west), (north, east) = bounds
    y = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    world = 256 * 2**zoom
    return (east - west) / 360 * world, (y(north) - y(south)) / (2 * math.pi) * world


def test_view_for_bounds_of_the_ring_and_of_nothing():
    [feature] = range_ring_features(enriched(launch_event()))
    lons, lats = zip(*feature["geometry"]["coordinates"][0])
    bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
    (lat, lon), zoom = view_for_bounds(bounds, width_px=600, height_px=560)
    assert zoom == 5  # 13.2 deg of longitude is 600 px at zoom 5.99; the Mercator height 5.9
    assert lat == pytest.approx(PYONGYANG[0], abs=0.5) and lon == pytest.approx(PYONGYANG[1], abs=0.01)
    assert view_for_bounds(None) == ((20.0, 0.0), 2)
    assert view_for_bounds([[10, 20], [10, 20]])[1] == 7  # one point: the regional cap


@given(
    south=st.floats(-80, 79), height=st.floats(0.01, 80), west=st.floats(-180, 170), width=st.floats(0.01, 180),
)
def test_view_for_bounds_fits_and_is_the_closest_that_does(south, height, west, width):
    north, east = min(south + height, 80.0), min(west + width, 180.0)
    bounds = [[south, west], [north, east]]
    _, zoom = view_for_bounds(bounds, width_px=600, height_px=560)
    w, h = _pixels(bounds, zoom)
    assert zoom == 1 or (w <= 600 + 1e-6 and h <= 560 + 1e-6)
    if zoom < 7:
        w2, h2 = _pixels(bounds, zoom + 1)
        assert w2 > 600 or h2 > 560
