"""What lies in range: places and countries within a geodesic radius, nearest first.

Coordinates and distances are public facts: Pyongyang-Seoul about 195 km, Pyongyang-Busan about
520 km, Pyongyang-Tokyo about 1,290 km, Pyongyang-Beijing about 810 km.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from geo.errors import InvalidInput
from geo.geodesy import countries_in_range, in_range

PYONGYANG = (39.0392, 125.7625)
PLACES = [
    {"name": "Tokyo", "lat": 35.6762, "lon": 139.6503, "country_code": "JP", "feature": "capital", "population": 14_000_000},
    {"name": "Busan", "lat": 35.1796, "lon": 129.0756, "country_code": "KR", "feature": "city", "population": 3_400_000},
    {"name": "Seoul", "lat": 37.5665, "lon": 126.9780, "country_code": "KR", "feature": "capital", "population": 9_400_000},
    {"name": "Beijing", "lat": 39.9042, "lon": 116.4074, "country_code": "CN", "feature": "capital", "population": 21_500_000},
    {"name": "Kaesong", "lat": 37.9708, "lon": 126.5544, "country_code": "KP", "feature": "city", "population": 190_000},
]


def test_570_km_from_pyongyang_reaches_seoul_and_busan_not_tokyo():
    got = in_range(*PYONGYANG, 570, PLACES)
    assert [p["name"] for p in got] == ["Kaesong", "Seoul", "Busan"]
    assert got[1]["distance_km"] == pytest.approx(195, abs=3)
    assert got[2]["distance_km"] == pytest.approx(520, abs=8)
    assert set(got[0]) == {"name", "lat", "lon", "country_code", "feature", "population", "distance_km"}
    far = in_range(*PYONGYANG, 1_300, PLACES)
    tokyo = next(p for p in far if p["name"] == "Tokyo")
    assert tokyo["distance_km"] == pytest.approx(1_287, abs=10)


def test_filters_and_limit():
    assert [p["name"] for p in in_range(*PYONGYANG, 1_300, PLACES, features=["capital"])] == ["Seoul", "Beijing", "Tokyo"]
    assert [p["name"] for p in in_range(*PYONGYANG, 570, PLACES, min_population=1_000_000)] == ["Seoul", "Busan"]
    assert len(in_range(*PYONGYANG, 1_300, PLACES, limit=2)) == 2


def test_objects_with_attributes_work_like_dicts():
    @dataclass
    class P:
        name: str
        lat: float
        lon: float
        country_code: str
        feature: str
        population: int

    got = in_range(*PYONGYANG, 300, [P(**d) for d in PLACES])
    assert [p["name"] for p in got] == ["Kaesong", "Seoul"]


def test_bad_input():
    with pytest.raises(InvalidInput, match="radius"):
        in_range(*PYONGYANG, -1, PLACES)
    with pytest.raises(InvalidInput, match="lat"):
        in_range(*PYONGYANG, 100, [{"name": "x", "lat": "north", "lon": 1}])
    assert in_range(*PYONGYANG, 100, []) == []


def test_default_places_come_from_the_gazetteer():
    got = in_range(*PYONGYANG, 570, min_population=5_000_000)
    names = [p["name"] for p in got]
    assert "Seoul" in names and "Tokyo" not in names
    assert all(p["distance_km"] <= 570 for p in got)
    assert [p["distance_km"] for p in got] == sorted(p["distance_km"] for p in got)


def test_countries_in_range():
    got = countries_in_range(*PYONGYANG, 570)
    codes = [c["iso_a2"] for c in got]
    assert codes[0] == "KP" and got[0]["distance_km"] == 0
    assert {"KR", "CN"} <= set(codes) and "JP" not in codes
    assert "JP" in {c["iso_a2"] for c in countries_in_range(*PYONGYANG, 1_300)}
