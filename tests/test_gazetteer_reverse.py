"""Reverse geocoding: nearest place, and the country or sea a point is in."""

from __future__ import annotations

import pytest

from geo.errors import InvalidInput
from geo.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("lat", "lon", "cc", "nearest"),
    [
        (39.03, 125.75, "KP", "Pyongyang"),     # central Pyongyang
        (37.57, 126.98, "KR", "Seoul"),
        (48.857, 2.352, "FR", "Paris"),         # France is coded -99 in Natural Earth: still found
        (1.29, 103.85, "SG", "Singapore"),      # a city state missing from the 1:110m layer
        (38.897, -77.036, "US", "Washington"),
    ],
)
def test_points_on_land_give_country_and_nearest_town(gz: Gazetteer, lat: float, lon: float, cc: str,
                                                      nearest: str) -> None:
    r = gz.reverse(lat, lon)
    assert r["country_code"] == cc
    # GeoNames lists city districts too ("Paris 04 Hôtel-de-Ville").
    assert r["nearest"].name.startswith(nearest)
    assert r["distance_km"] < 10
    assert r["sea"] is None
    assert r["country"] == gz.country(cc).name


@pytest.mark.parametrize(
    ("lat", "lon", "sea"),
    [
        (40.0, 134.0, "Sea of Japan"),          # where North Korean missiles come down
        (35.5, 123.5, "Yellow Sea"),
        (30.0, -40.0, "North Atlantic Ocean"),
        (43.0, 34.0, "Black Sea"),
    ],
)
def test_points_at_sea_give_the_sea(gz: Gazetteer, lat: float, lon: float, sea: str) -> None:
    r = gz.reverse(lat, lon)
    assert r["sea"] == sea
    assert r["country_code"] is None and r["country"] is None
    assert r["distance_km"] > 20


def test_distance_is_great_circle_km(gz: Gazetteer) -> None:
    # One degree of latitude north of Pyongyang's GeoNames point is about 111 km away from it
    # (another town may be nearer, so the distance can only be smaller).
    r = gz.reverse(40.03385, 125.75432)
    assert 0 < r["distance_km"] <= 111.5


@pytest.mark.parametrize(("lat", "lon"), [(91, 0), (0, 181), ("x", 0), (float("nan"), 0)])
def test_bad_points_raise_invalid_input(gz: Gazetteer, lat, lon) -> None:
    with pytest.raises(InvalidInput):
        gz.reverse(lat, lon)
