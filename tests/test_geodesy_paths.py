"""Geodesic paths and radials: vertices on the geodesic, split at the antimeridian, over poles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import shape

from geo.errors import InvalidInput
from geo.geodesy import great_circle, path_feature, radials

GEOD = Geod(ellps="WGS84")
TOKYO = (35.6762, 139.6503)
SAN_FRANCISCO = (37.7749, -122.4194)
PYONGYANG = (39.0392, 125.7625)
WASHINGTON = (38.9072, -77.0369)


def lines(geometry: dict) -> list[list[list[float]]]:
    return [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]


def on_geodesic_m(lat1, lon1, lat2, lon2, pts: np.ndarray) -> np.ndarray:
    """Excess length, m, of going via each point: 0 on the shortest path (triangle equality)."""
    n = len(pts)
    _, _, total = GEOD.inv(lon1, lat1, lon2, lat2)
    _, _, a = GEOD.inv(np.full(n, lon1), np.full(n, lat1), pts[:, 0], pts[:, 1])
    _, _, b = GEOD.inv(pts[:, 0], pts[:, 1], np.full(n, lon2), np.full(n, lat2))
    return np.asarray(a) + np.asarray(b) - total


def test_tokyo_to_san_francisco_is_split_at_the_antimeridian():
    g = great_circle(*TOKYO, *SAN_FRANCISCO)
    assert g["type"] == "MultiLineString" and len(g["coordinates"]) == 2
    first, second = g["coordinates"]
    assert first[0] == [TOKYO[1], TOKYO[0]] and second[-1] == [SAN_FRANCISCO[1], SAN_FRANCISCO[0]]
    assert abs(first[-1][0]) == 180.0 and second[0][0] == -first[-1][0] and first[-1][1] == second[0][1]
    pts = np.array([p for line in g["coordinates"] for p in line])
    assert np.max(np.abs(on_geodesic_m(*TOKYO, *SAN_FRANCISCO, pts))) < 1.0
    # the route bows north of both ends (it passes south of the Aleutians, near 48 N)
    assert 45.0 < pts[:, 1].max() < 50.0


def test_pyongyang_to_washington_takes_the_polar_route():
    g = great_circle(*PYONGYANG, *WASHINGTON)
    pts = np.array([p for line in lines(g) for p in line])
    assert pts[:, 1].max() > 60.0
    assert np.max(np.abs(on_geodesic_m(*PYONGYANG, *WASHINGTON, pts))) < 1.0
    for line in lines(g):
        assert shape({"type": "LineString", "coordinates": line}).is_valid


@settings(max_examples=60, deadline=None)
@given(
    lat1=st.floats(-85, 85), lon1=st.floats(-180, 180), lat2=st.floats(-85, 85), lon2=st.floats(-180, 180)
)
def test_paths_are_on_the_geodesic_and_within_range(lat1, lon1, lat2, lon2):
    _, _, d = GEOD.inv(lon1, lat1, lon2, lat2)
    if d < 10.0 or d > 19_900_000.0:  # coincident, or nearly antipodal (no unique geodesic)
        return
    g = great_circle(lat1, lon1, lat2, lon2)
    pts = np.array([p for line in lines(g) for p in line])
    assert np.all(np.abs(pts[:, 0]) <= 180.0) and np.all(np.abs(pts[:, 1]) <= 90.0)
    assert np.max(np.abs(on_geodesic_m(lat1, lon1, lat2, lon2, pts))) < 2.0
    for line in lines(g):
        steps = np.abs(np.diff(np.asarray(line)[:, 0]))
        assert np.all(steps < 180.0)  # no segment jumps across the map


def test_path_over_the_pole_goes_through_it():
    g = great_circle(80.0, 0.0, 80.0, 180.0)
    pts = [p for line in lines(g) for p in line]
    assert any(p[1] == 90.0 for p in pts)
    assert max(abs(p[0]) for p in pts if p[1] < 89.0) in (0.0, 180.0)


def test_path_feature_has_distance_and_bearing():
    f = path_feature(*PYONGYANG, 37.5665, 126.9780)
    assert f["properties"]["distance_km"] == pytest.approx(195, abs=3)  # Pyongyang-Seoul
    assert 140 < f["properties"]["bearing_deg"] < 160


def test_coincident_points_are_refused():
    with pytest.raises(InvalidInput, match="coincide"):
        great_circle(10, 10, 10, 10)


def test_radials_reach_their_radius_and_split():
    feats = radials(0.0, 179.0, [0, 90, 270], 1_000)
    assert [f["properties"]["bearing_deg"] for f in feats] == [0, 90, 270]
    assert feats[1]["geometry"]["type"] == "MultiLineString"
    for f in feats:
        end = lines(f["geometry"])[-1][-1]
        _, _, d = GEOD.inv(179.0, 0.0, end[0], end[1])
        assert d == pytest.approx(1_000_000, abs=1.0)
    with pytest.raises(InvalidInput, match="bearing"):
        radials(0, 0, ["north"], 100)


def test_drawn_segments_stay_within_1_km_of_the_geodesic():
    lat1, lon1 = PYONGYANG
    lat2, lon2 = WASHINGTON
    az, _, _ = GEOD.inv(lon1, lat1, lon2, lat2)
    worst = 0.0
    for line in lines(great_circle(lat1, lon1, lat2, lon2)):
        a = np.asarray(line)
        x1, y1, x2, y2 = a[:-1, 0], a[:-1, 1], a[1:, 0], a[1:, 1]
        merc = lambda lat: np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))  # noqa: E731
        unmerc = lambda y: np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)  # noqa: E731
        for t in (0.25, 0.5, 0.75):
            mx = x1 + t * (x2 - x1)
            for my in (y1 + t * (y2 - y1), unmerc(merc(y1) + t * (merc(y2) - merc(y1)))):
                n = mx.size
                _, _, s = GEOD.inv(np.full(n, lon1), np.full(n, lat1), mx, my)
                fx, fy, _ = GEOD.fwd(np.full(n, lon1), np.full(n, lat1), np.full(n, az), s)
                _, _, d = GEOD.inv(mx, my, fx, fy)
                worst = max(worst, float(np.max(d)))
    assert worst < 1_000.0
