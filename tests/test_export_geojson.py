"""GeoJSON export: RFC 7946 (lon-first, split at the antimeridian) and its documented properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import LinearRing, shape

from geo.errors import InvalidInput
from geo.export.geojson import read_geojson, write_geojson
from tests.export_samples import HOSTILE, hostile_event, kamchatka_launch, sample_events, seed_events


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("geojson") / "events.geojson"
    write_geojson(sample_events(), path)
    return json.loads(path.read_text(encoding="utf-8"))


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    if geometry["type"] == "MultiPolygon":
        return [r for poly in geometry["coordinates"] for r in poly]
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiLineString":
        return geometry["coordinates"]
    return [[geometry["coordinates"]]]


def test_every_coordinate_is_lon_lat_within_range(collection: dict) -> None:
    positions = [p for f in collection["features"] if f["geometry"] for r in _rings(f["geometry"]) for p in r]
    assert len(positions) > 500
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat, *_ in positions)


def test_the_seed_launch_is_a_point_at_pyongyang_lon_first(collection: dict) -> None:
    launch = next(f for f in collection["features"]
                  if f["properties"]["kind"] == "event" and f["properties"]["range_km"] == 570)
    lon, lat = launch["geometry"]["coordinates"]
    assert 125 < lon < 126.5 and 38.5 < lat < 39.5  # Pyongyang, longitude first
    assert launch["properties"]["type"] == "missile_launch"
    assert launch["properties"]["date"] == "2023-12-17"
    assert {a["name"] for a in launch["properties"]["actors"]} >= {"North Korea"}


def test_no_ring_or_line_crosses_the_antimeridian(collection: dict) -> None:
    for feature in collection["features"]:
        if feature["geometry"] is None:
            continue
        for ring in _rings(feature["geometry"]):
            for (lon1, _), (lon2, _) in zip(ring, ring[1:]):
                # a segment from 179 to -179 would run the wrong way round the world
                assert abs(lon2 - lon1) < 180, f"{feature['id']} jumps from {lon1} to {lon2}"


def test_a_ring_across_the_antimeridian_is_split_in_two_valid_polygons(collection: dict) -> None:
    ring = next(f for f in collection["features"] if f["id"] == f"{kamchatka_launch().id}:ring")
    assert ring["geometry"]["type"] == "MultiPolygon"
    parts = [shape({"type": "Polygon", "coordinates": p}) for p in ring["geometry"]["coordinates"]]
    assert len(parts) == 2 and all(p.is_valid for p in parts)
    east, west = sorted(parts, key=lambda p: -p.bounds[2])
    assert east.bounds[2] == 180 and west.bounds[0] == -180  # the two halves meet at the antimeridian


def test_exterior_rings_are_counterclockwise(collection: dict) -> None:
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry and geometry["type"] in ("Polygon", "MultiPolygon"):
            polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            for poly in polys:
                assert LinearRing(poly[0]).is_ccw, f"{feature['id']}: RFC 7946 right-hand rule"


def test_geometry_features_link_to_their_event(collection: dict) -> None:
    features = collection["features"]
    events = {f["properties"]["event_id"] for f in features if f["properties"]["kind"] == "event"}
    linked = [f for f in features if f["properties"]["kind"] != "event"]
    assert {f["properties"]["kind"] for f in linked} == {"ring", "impact_zone", "path", "impact_point"}
    assert all(f["properties"]["event_id"] in events for f in linked)
    ring = next(f for f in linked if f["properties"]["kind"] == "ring"
                and f["properties"]["event_id"] == seed_events()[0].id)
    assert ring["properties"]["radius_km"] == 570
    assert 1.0e6 < ring["properties"]["area_km2"] < 1.03e6  # pi * 570^2 = 1.02e6 km2


def test_event_properties_hold_the_record_but_not_the_geometry(collection: dict) -> None:
    props = next(f["properties"] for f in collection["features"] if f["id"] == hostile_event().id)
    assert "geometry" not in props and "impact_zone" not in props
    assert props["sentence"] == HOSTILE  # JSON escapes it; no HTML is made here
    assert props["kind"] == "event" and props["event_id"] == hostile_event().id


def test_an_unlocated_event_has_null_geometry(collection: dict) -> None:
    unlocated = [f for f in collection["features"] if f["properties"]["kind"] == "event" and f["geometry"] is None]
    assert unlocated and all(f["properties"]["places"] == [] or
                             all(p["lat"] is None for p in f["properties"]["places"]) for f in unlocated)


def test_a_geometry_of_an_unknown_event_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orphan.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"kind": "ring", "event_id": "nope"}}]}))
    with pytest.raises(InvalidInput, match="'nope'"):
        read_geojson(path)


def test_invalid_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", ')
    with pytest.raises(InvalidInput, match="not valid JSON"):
        read_geojson(path)
