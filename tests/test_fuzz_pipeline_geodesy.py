"""Property-based tests (issue 16, item 3): extraction never raises on any text, and the geodesy
functions on any finite position and range give valid GeoJSON (within [-180, 180] x [-90, 90])
or raise a :class:`~geo.errors.GeoError`."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from geo.errors import GeoError
from geo.events import Actor, Event, Place
from geo.geodesy import impact_zone, ring
from geo.geodesy.enrich import enrich
from geo.pipeline import events_of_report
from geo.reports import Report

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text with the words extraction looks for, so examples reach deep into it.
WORDS = ["North Korea", "fired", "launched", "a ballistic missile", "from", "near Pyongyang", "into the East Sea",
         "570 km", "on Sunday", "last month", "since the beginning of 2022", "talks", "in Washington", "Japan",
         "the UN Security Council", ".", ",", "\n\n", "Mr.", "U.S.", "2023-12-17", "(", ")", "“", "”", "-", "km/h",
         "ICBM", "Hwasong-18", "apogee of 6,000 km", "flew 1,000 km", "drills", "Seoul", "Tokyo"]
report_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=60).map(" ".join),
)


@FUZZ
@given(text=report_text)
@example(text="North Korea fired a missile from near Pyongyang 0 km.")
@example(text="North Korea fired a missile 99999999999999999999 km from Pyongyang.")
def test_events_of_report_never_raises(text):
    report = Report(source="fuzz.txt", date=dt.date(2023, 12, 18), text=text)
    for event in events_of_report(report):
        assert event.source == "fuzz.txt"
        for place in event.places:
            if place.lat is not None:
                assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
        for geometry in (event.geometry.ring, event.geometry.impact_zone, event.geometry.path):
            if geometry is not None:
                assert_valid_geojson(geometry)


def assert_valid_geojson(geometry: dict) -> None:
    assert geometry["type"] in ("Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point")
    def walk(c):
        if c and isinstance(c[0], (int, float)):
            lon, lat = c[0], c[1]
            assert math.isfinite(lon) and math.isfinite(lat)
            assert -180 <= lon <= 180 and -90 <= lat <= 90, (lon, lat)
            return 1
        return sum(walk(x) for x in c)
    assert walk(geometry["coordinates"]) > 0
    if geometry["type"] == "Polygon":
        for loop in geometry["coordinates"]:
            assert len(loop) >= 4 and loop[0] == loop[-1]


finite = st.floats(allow_nan=False, allow_infinity=False)
lat_in = st.floats(-90, 90)
lon_in = st.floats(-180, 180)
radius = st.one_of(finite, st.floats(0, 20_100))


@FUZZ
@given(lat=st.one_of(lat_in, finite), lon=st.one_of(lon_in, finite), radius_km=radius)
@example(lat=90.0, lon=0.0, radius_km=570.0)
@example(lat=-90.0, lon=180.0, radius_km=19_900.0)
@example(lat=0.0, lon=179.999, radius_km=1e-9)
def test_ring_is_valid_geojson_or_a_geo_error(lat, lon, radius_km):
    try:
        geometry = ring(lat, lon, radius_km)
    except GeoError:
        return
    assert -90 <= lat <= 90 and 0 < radius_km  # anything else must have been refused
    assert_valid_geojson(geometry)


# Found by this property: radii > 0 but below ~1e-10 km gave a degenerate polygon and ring()
# returned None; radii under one metre (geodesy._core.MIN_RADIUS_KM) are now refused by name.
@settings(max_examples=20, deadline=None)
@given(lat=lat_in, lon=lon_in, radius_km=st.floats(1e-300, 1e-11))
@example(lat=0.0, lon=0.0, radius_km=1e-12)
def test_ring_of_a_tiny_radius_is_valid_geojson_or_a_geo_error(lat, lon, radius_km):
    try:
        geometry = ring(lat, lon, radius_km)
    except GeoError:
        return
    assert geometry is not None
    assert_valid_geojson(geometry)


@FUZZ
@given(lat=st.one_of(lat_in, finite), lon=st.one_of(lon_in, finite), range_km=radius,
       sea=st.sampled_from([None, "the sea", "East Sea", "Sea of Japan", "Yellow Sea", "no such sea"]),
       bearing=st.one_of(st.none(), finite))
@example(lat=39.0, lon=125.7, range_km=570.0, sea="East Sea", bearing=None)
def test_impact_zone_is_valid_geojson_or_a_geo_error(lat, lon, range_km, sea, bearing):
    try:
        zone = impact_zone(lat, lon, range_km=range_km, sea=sea, bearing_deg=bearing)
    except GeoError:
        return
    if zone.geometry is not None:
        assert_valid_geojson(zone.geometry)
        assert zone.area_km2 >= 0
    if zone.centroid is not None:
        assert -90 <= zone.centroid[0] <= 90 and -180 <= zone.centroid[1] <= 180


@FUZZ
@given(lat=st.one_of(lat_in, finite), lon=st.one_of(lon_in, finite), range_km=st.one_of(st.none(), finite),
       landing=st.one_of(st.none(), st.tuples(st.one_of(lat_in, finite), st.one_of(lon_in, finite))))
def test_enrich_never_raises_and_draws_valid_geometry(lat, lon, range_km, landing):
    places = [Place(name="site", role="launch_site", lat=lat, lon=lon)]
    if landing:
        places.append(Place(name="landing", role="impact_area", lat=landing[0], lon=landing[1]))
    event = Event(id="f", type="missile_launch", source="fuzz", date=dt.date(2024, 1, 1), range_km=range_km,
                  actors=(Actor(code="PRK", name="North Korea"),), places=tuple(places))
    try:
        out = enrich(event)
    except GeoError:
        return
    for geometry in (out.geometry.ring, out.geometry.impact_zone, out.geometry.path):
        if geometry is not None:
            assert_valid_geojson(geometry)
