"""The geodesy verbs on the command line: ring, inrange, impact (JSON out, one-line errors)."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

from tests.conftest import run_cli


def test_ring_single_radius_is_one_feature_with_tooltip_numbers():
    proc = run_cli("ring", "--lat", "0", "--lon", "179.5", "--radius-km", "300")
    assert proc.returncode == 0, proc.stderr
    f = json.loads(proc.stdout)
    assert f["type"] == "Feature" and f["geometry"]["type"] == "MultiPolygon"
    assert f["properties"]["radius_km"] == 300 and f["properties"]["area_km2"] > 280_000


def test_ring_several_radii_and_a_band_is_a_feature_collection():
    proc = run_cli("ring", "--lat", "39.0392", "--lon", "125.7625", "--radius-km", "1000", "--radius-km", "570",
                   "--band", "400,600")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    fc = json.loads(proc.stdout)
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"]["kind"] for f in fc["features"]] == ["ring", "ring", "band"]
    assert [f["properties"].get("radius_km") for f in fc["features"][:2]] == [570, 1000]
    assert fc["features"][2]["properties"]["min_km"] == 400


def test_inrange_lists_places_and_countries():
    proc = run_cli("inrange", "--lat", "39.0392", "--lon", "125.7625", "--radius-km", "570", "--min-population", "3000000")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    names = [p["name"] for p in out["places"]]
    assert "Seoul" in names and "Busan" in names and "Tokyo" not in names
    assert out["countries"][0]["iso_a2"] == "KP"


def test_impact_on_the_seed_prints_the_zone_with_estimate_and_candidates():
    proc = run_cli("impact", "--lat", "39.0392", "--lon", "125.7625", "--range-km", "570", "--sea", "the sea")
    assert proc.returncode == 0, proc.stderr
    f = json.loads(proc.stdout)
    props = f["properties"]
    assert props["kind"] == "impact_zone" and props["band_km"] == [513.0, 627.0]
    assert props["candidates"][0]["sea"] == "Sea of Japan"
    est = props["estimate"]
    assert shape(f["geometry"]).covers(Point(est["lon"], est["lat"]))


@pytest.mark.parametrize(
    "args, needle",
    [
        (["ring", "--lat", "0", "--lon", "0"], "radius"),
        (["ring", "--lat", "0", "--lon", "0", "--band", "a,b"], "band"),
        (["ring", "--lat", "0", "--lon", "0", "--band", "600,400"], "below"),
        (["impact", "--lat", "39", "--lon", "125", "--range-km", "570", "--sea", "Atlantis Sea"], "Atlantis"),
        (["impact", "--lat", "39", "--lon", "125"], "range"),
        (["impact", "--lat", "39", "--lon", "125", "--range-km", "570", "--prior", "1"], "earlier impact"),
        (["inrange", "--lat", "91", "--lon", "0", "--radius-km", "5"], "latitude"),
    ],
)
def test_bad_input_is_one_clear_line(args, needle):
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr
