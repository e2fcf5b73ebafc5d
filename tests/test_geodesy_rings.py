"""Range rings and bands: vertices on the true geodesic circle, valid RFC 7946 geometry,
the right side inside (poles, antimeridian, beyond a quarter of the circumference).

The oracle is pyproj's inverse geodesic (Karney), independent of the forward solution the
rings are built from.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point, shape

from geo.errors import InvalidInput
from geo.geodesy import band, class_bands, ring, ring_line, rings, rings_batch
from geo.geodesy.circles import area_km2, disc_area_km2
from geo.geodesy.vertices import chord_error_m, ring_lonlat

GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.0392, 125.7625)
EARTH_KM2 = 510_065_621.7

lats = st.one_of(st.floats(-89.9, 89.9), st.sampled_from([89.9, -89.9, 0.0, 45.0, -45.0]))
lons = st.one_of(st.floats(-180.0, 180.0), st.sampled_from([180.0, -180.0, 0.0, 179.99, -179.99]))
radii = st.one_of(st.floats(1.0, 19_000.0), st.sampled_from([1.0, 570.0, 5_500.0, 10_001.0, 15_000.0, 19_000.0]))


def dist_km(lat, lon, lons, lats):
    """Geodesic distances, km, from (lat, lon) to points given lon-first as arrays."""
    _, _, d = GEOD.inv(np.broadcast_to(lon, np.shape(lons)), np.broadcast_to(lat, np.shape(lats)), lons, lats)
    return np.asarray(d) / 1000.0


def all_positions(geometry: dict) -> list[list[float]]:
    c = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        return [p for r in c for p in r]
    return [p for poly in c for r in poly for p in r]


def covers(geom, lon, lat) -> bool:
    if geom.covers(Point(lon, lat)):
        return True
    return abs(lon) == 180.0 and geom.covers(Point(-lon, lat))


def assert_rfc7946(geometry: dict) -> None:
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        for k, r in enumerate(poly):
            assert len(r) >= 4 and r[0] == r[-1]
            a = np.asarray(r)
            assert np.all(np.abs(a[:, 0]) <= 180.0) and np.all(np.abs(a[:, 1]) <= 90.0)
            # shoelace in lon/lat: exteriors counter-clockwise, holes clockwise (RFC 7946 3.1.6)
            signed = np.sum(a[:-1, 0] * a[1:, 1] - a[1:, 0] * a[:-1, 1])
            assert (signed > 0) if k == 0 else (signed < 0)
    assert shape(geometry).is_valid


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lat=lats, lon=lons, radius_km=radii)
def test_ring_vertices_lie_on_the_geodesic_circle_and_the_right_side_is_inside(lat, lon, radius_km):
    # raw vertices, exact antimeridian crossings included: all at the radius within 1 m
    x, y = ring_lonlat(lat, lon, radius_km)
    assert np.max(np.abs(dist_km(lat, lon, x, y) - radius_km)) * 1000.0 < 1.0
    # the drawn segments (Web Mercator and lon/lat) stay within 1 km of the true ring
    err = chord_error_m(lat, lon, radius_km * 1000.0, x, y, np.roll(x, -1), np.roll(y, -1), samples=(0.25, 0.5, 0.75))
    assert np.max(err) < 1000.0

    geometry = ring(lat, lon, radius_km)
    assert_rfc7946(geometry)
    # every output vertex is on the ring, or on the edges a split or pole closure adds
    pos = np.asarray(all_positions(geometry))
    off = np.abs(dist_km(lat, lon, pos[:, 0], pos[:, 1]) - radius_km) * 1000.0 > 1.0
    assert np.all((np.abs(pos[off, 0]) == 180.0) | (np.abs(pos[off, 1]) == 90.0))

    geom = shape(geometry)
    margin = min(1.5, radius_km / 2.0)
    az = np.arange(3.0, 360.0, 17.0)
    for d, inside in ((radius_km - margin, True), (radius_km + margin, False)):
        px, py, _ = GEOD.fwd(np.full(az.size, lon), np.full(az.size, lat), az, np.full(az.size, d * 1000.0))
        truly = dist_km(lat, lon, px, py) < radius_km  # past ~20,000 km fwd wraps: ask the oracle
        for qx, qy, t in zip(px, py, truly):
            assert covers(geom, qx, qy) == bool(t), (qx, qy, d)
    assert covers(geom, lon, lat)
    for pole in (90.0, -90.0):
        d = float(dist_km(lat, lon, np.array([0.0]), np.array([pole]))[0])
        if abs(d - radius_km) > margin:
            assert geom.covers(Point(0.0, pole)) == (d < radius_km), pole


def test_ring_keeps_the_first_signature_and_exact_vertex_count():
    g = ring(*PYONGYANG, 570, 360, max_error_km=None)
    assert g["type"] == "Polygon" and len(g["coordinates"][0]) == 361
    g2 = ring(lat=PYONGYANG[0], lon=PYONGYANG[1], radius_km=570, points=360)
    assert len(g2["coordinates"][0]) >= 361


def test_ring_across_the_antimeridian_is_split_into_two_valid_parts():
    g = ring(0.0, 179.5, 300)
    assert g["type"] == "MultiPolygon" and len(g["coordinates"]) == 2
    xs = [sorted({p[0] for p in poly[0]}) for poly in g["coordinates"]]
    assert {xs[0][0], xs[1][-1]} == {-180.0} | {180.0} or {xs[0][-1], xs[1][0]} == {180.0, -180.0}
    geom = shape(g)
    assert geom.covers(Point(179.9, 0.0)) and geom.covers(Point(-179.9, 0.0))
    assert not geom.covers(Point(0.0, 0.0))
    # chords within 1 km of a 300 km ring cut off about perimeter x 0.5 km = 0.35 % of the area
    assert area_km2(g) == pytest.approx(disc_area_km2(0.0, 179.5, 300), rel=5e-3)


def test_ring_round_the_north_pole_contains_it():
    g = ring(89.9, 0.0, 50)
    assert_rfc7946(g)
    geom = shape(g)
    assert geom.covers(Point(0.0, 90.0)) and geom.covers(Point(123.0, 89.99))
    assert not geom.covers(Point(0.0, 89.0))  # 111 km from the pole
    assert geom.bounds[0] == -180.0 and geom.bounds[2] == 180.0 and geom.bounds[3] == 90.0


def test_ring_round_the_south_pole_from_antarctica_contains_it():
    g = ring(-80.0, 40.0, 2_000)
    geom = shape(g)
    assert geom.covers(Point(0.0, -90.0)) and not geom.covers(Point(0.0, 90.0))
    # the South Pole is 1,114 km from the centre, the far side 2,000 - 1,114 = 886 km beyond it
    assert geom.covers(Point(-140.0, -82.5)) and not geom.covers(Point(-140.0, -80.0))


def test_ring_beyond_a_quarter_of_the_circumference_is_the_complement_of_a_cap():
    # 15,000 km round Pyongyang: both poles and Washington DC (about 11,000 km) are inside,
    # the antipode (in the South Atlantic off Argentina) is not.
    g = ring(*PYONGYANG, 15_000)
    assert_rfc7946(g)
    geom = shape(g)
    assert geom.covers(Point(0, 90)) and geom.covers(Point(0, -90))
    assert geom.covers(Point(-77.04, 38.90))
    assert not geom.covers(Point(-54.2375, -39.0392))
    assert area_km2(g) == pytest.approx(disc_area_km2(*PYONGYANG, 15_000), rel=1e-3)
    assert area_km2(g) > EARTH_KM2 / 2


def test_near_antipode_ring_leaves_only_a_small_cap():
    g = ring(0.0, 0.0, 19_900)
    geom = shape(g)
    assert geom.covers(Point(0, 0)) and not geom.covers(Point(180.0, 0.0))
    x, y = ring_lonlat(0.0, 0.0, 19_900)
    assert np.max(np.abs(dist_km(0.0, 0.0, x, y) - 19_900)) * 1000.0 < 1.0
    cap = EARTH_KM2 - area_km2(g)
    assert 0 < cap < math.pi * 200**2  # the cap is ~100-140 km across the antipode's side
    assert disc_area_km2(0.0, 0.0, 19_900) == pytest.approx(area_km2(g), rel=1e-4)


def test_570_km_ring_area_is_about_pi_r_squared():
    # a small cap on a sphere: pi r^2 (1 - r^2 / 12 R^2) = 1,019,900 km^2 for r = 570, R = 6371
    assert disc_area_km2(*PYONGYANG, 570) == pytest.approx(1_019_900, rel=3e-3)


@pytest.mark.parametrize("bad", [0, -3, 20_500, float("nan"), "far"])
def test_bad_radius_is_refused_with_its_value(bad):
    with pytest.raises(InvalidInput, match="radius"):
        ring(0, 0, bad)


def test_bad_points_are_refused():
    with pytest.raises(InvalidInput, match="points"):
        ring(0, 0, 100, points=3)


def test_band_is_an_annulus():
    g = band(*PYONGYANG, 400, 600)
    assert_rfc7946(g)
    geom = shape(g)
    az = np.array([0.0, 90.0, 200.0])
    for d, want in ((300, False), (500, True), (700, False)):
        px, py, _ = GEOD.fwd(np.full(3, PYONGYANG[1]), np.full(3, PYONGYANG[0]), az, np.full(3, d * 1000.0))
        assert all(geom.covers(Point(a, b)) == want for a, b in zip(px, py))
    want = disc_area_km2(*PYONGYANG, 600) - disc_area_km2(*PYONGYANG, 400)
    assert area_km2(g) == pytest.approx(want, rel=3e-3)


def test_band_across_the_antimeridian_and_round_a_pole_is_valid():
    g = band(70.0, 175.0, 1_000, 3_000)
    assert_rfc7946(g)
    geom = shape(g)
    assert not geom.covers(Point(175.0, 70.0))  # the centre is in the hole
    assert geom.covers(Point(0.0, 90.0))  # the pole is 2,230 km away
    with pytest.raises(InvalidInput, match="below"):
        band(0, 0, 600, 400)
    with pytest.raises(InvalidInput, match="band minimum 'x'"):
        band(0, 0, "x", 400)


def test_rings_give_features_with_tooltip_numbers():
    feats = rings(*PYONGYANG, [1_000, 570])
    assert [f["properties"]["radius_km"] for f in feats] == [570, 1_000]
    assert feats[0]["properties"]["label"] == "570 km"
    assert feats[0]["properties"]["area_km2"] == pytest.approx(1_020_000, rel=3e-3)
    assert "WGS84" in feats[0]["properties"]["source"]
    lines = rings(0.0, 179.5, [300], outline=True)
    assert lines[0]["geometry"]["type"] == "MultiLineString"


def test_outline_of_a_polar_ring_has_no_antimeridian_edge():
    g = ring_line(89.0, 0.0, 500)
    coords = [p for line in (g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]]) for p in line]
    assert all(abs(p[1]) < 90.0 for p in coords)
    d = dist_km(89.0, 0.0, np.array([p[0] for p in coords]), np.array([p[1] for p in coords]))
    assert np.max(np.abs(d - 500)) * 1000 < 1.0


def test_class_bands_cover_the_missile_classes():
    feats = class_bands(*PYONGYANG)
    assert [f["properties"]["class"] for f in feats] == ["SRBM", "MRBM", "IRBM", "ICBM"]
    assert feats[0]["properties"]["max_km"] == 1_000 and feats[3]["properties"]["min_km"] == 5_500
    for f in feats:
        assert shape(f["geometry"]).is_valid


def test_rings_batch_matches_single_rings():
    lat = np.array([39.0392, 0.0, 89.9, -33.9])
    lon = np.array([125.7625, 179.5, 0.0, 151.2])
    r = np.array([570.0, 300.0, 50.0, 2_000.0])
    out = rings_batch(lat, lon, r, points=360)
    for i in range(4):
        single = ring(lat[i], lon[i], r[i], 360, max_error_km=None)
        assert shape(out[i]).equals_exact(shape(single), 1e-6) or shape(out[i]).symmetric_difference(shape(single)).area < 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lat=lats, lon=lons, inner=st.floats(1.0, 9_000.0), width=st.floats(20.0, 9_000.0))
def test_bands_are_valid_annuli_anywhere(lat, lon, inner, width):
    outer = min(inner + width, 19_000.0)
    g = band(lat, lon, inner, outer)
    assert_rfc7946(g)
    geom = shape(g)
    az = np.array([10.0, 130.0, 250.0])
    for d, want in ((inner / 2.0, False), ((inner + outer) / 2.0, True)):
        px, py, _ = GEOD.fwd(np.full(3, lon), np.full(3, lat), az, np.full(3, d * 1000.0))
        for qx, qy in zip(px, py):
            assert covers(geom, qx, qy) == want, (qx, qy, d)


@pytest.mark.parametrize("lat, lon, radius_km, north, south", [
    (90.0, 0.0, 1_000, True, False),      # centred on the North Pole: a parallel
    (-90.0, 45.0, 5_000, False, True),    # centred on the South Pole
    (90.0, 0.0, 15_000, True, False),     # cap round the South Pole left out
    (0.0, 0.0, 10_001.965729312724, False, False),  # a quarter meridian: through both poles
])  # fmt: skip
def test_rings_centred_on_or_through_a_pole(lat, lon, radius_km, north, south):
    g = ring(lat, lon, radius_km)
    assert_rfc7946(g)
    geom = shape(g)
    assert covers(geom, lon, lat)
    # a ring through a pole keeps it 10 cm outside, so the disc's side is still well defined
    assert geom.covers(Point(0.0, 90.0)) == north
    assert geom.covers(Point(0.0, -90.0)) == south
    x, y = ring_lonlat(lat, lon, radius_km)
    assert np.max(np.abs(dist_km(lat, lon, x, y) - radius_km)) * 1000.0 < 1.0


def test_rings_batch_refuses_bad_values_by_name():
    with pytest.raises(InvalidInput, match="latitude 95"):
        rings_batch([0, 95], [0, 1], [100, 200])
    with pytest.raises(InvalidInput, match="radius -200"):
        rings_batch([0, 5], [0, 1], [100, -200])
