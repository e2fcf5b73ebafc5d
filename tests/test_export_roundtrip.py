"""Every export format gives back the events written: import -> export -> import."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from geo.errors import GeoError, InvalidInput
from geo.export import FORMATS, get_format, read, write
from tests.export_samples import HOSTILE, hostile_event, kamchatka_launch, normal, sample_events, seed_events

# HTML is tested in test_export_html.py (it needs the front-end files of `make setup`).
TABULAR_AND_GIS = ["geojson", "kml", "csv", "parquet"]


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_round_trip_gives_the_same_events(tmp_path: Path, fmt: str) -> None:
    events = sample_events()
    path = tmp_path / f"events{FORMATS[fmt].suffix}"
    write(fmt, events, path)
    back = read(fmt, path)
    assert [e.id for e in back] == [e.id for e in events]
    for before, after in zip(events, back):
        assert normal(after) == normal(before), f"{fmt}: event {before.id} changed"
    assert back == events  # the typed records too, not only their JSON forms


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_the_geometry_survives_the_round_trip(tmp_path: Path, fmt: str) -> None:
    launch = kamchatka_launch()
    assert launch.geometry.ring["type"] == "MultiPolygon"  # the sample does cross the antimeridian
    path = tmp_path / f"k{FORMATS[fmt].suffix}"
    write(fmt, [launch], path)
    [back] = read(fmt, path)
    assert back.geometry.ring == json.loads(json.dumps(launch.geometry.ring))
    assert back.geometry.impact_zone == json.loads(json.dumps(launch.geometry.impact_zone))
    assert back.geometry.path == json.loads(json.dumps(launch.geometry.path))
    assert back.geometry.impact_point == launch.geometry.impact_point
    assert back.geometry.ring_area_km2 == launch.geometry.ring_area_km2 > 1e7


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_hostile_text_reads_back_exactly(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"h{FORMATS[fmt].suffix}"
    write(fmt, [hostile_event()], path)
    [back] = read(fmt, path)
    assert back.sentence == HOSTILE
    assert back.source == HOSTILE
    assert back.actors[0].name == HOSTILE
    assert back.places[0].name == HOSTILE
    assert back.attributes["note"] == HOSTILE


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_writer_returns_what_it_wrote(tmp_path: Path, fmt: str) -> None:
    events = list(seed_events())
    count = write(fmt, events, tmp_path / f"s{FORMATS[fmt].suffix}")
    with_geometry = sum(bool(g) for e in events
                        for g in (e.geometry.ring, e.geometry.impact_zone, e.geometry.path, e.geometry.impact_point))
    assert with_geometry >= 2  # the seed launch has a ring and an impact zone
    # GeoJSON and KML write one feature per event plus one per geometry; tables a row per event.
    assert count == (len(events) + with_geometry if fmt in ("geojson", "kml") else len(events))


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_no_events_is_a_valid_empty_file(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"empty{FORMATS[fmt].suffix}"
    assert write(fmt, [], path) == 0
    assert read(fmt, path) == []


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_writes_are_atomic_and_readable_by_others(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"a{FORMATS[fmt].suffix}"
    path.write_text("old")
    os.chmod(path, 0o640)
    write(fmt, [kamchatka_launch()], path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    assert path.stat().st_mode & 0o777 == 0o640  # the replaced file's mode is kept
    fresh = tmp_path / f"b{FORMATS[fmt].suffix}"
    write(fmt, [kamchatka_launch()], fresh)
    assert fresh.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_missing_folder_is_a_clear_error(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        write(fmt, [kamchatka_launch()], tmp_path / "no" / "such" / f"x{FORMATS[fmt].suffix}")


@pytest.mark.parametrize("fmt", TABULAR_AND_GIS)
def test_reading_a_missing_or_foreign_file_is_a_clear_error(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        read(fmt, tmp_path / f"missing{FORMATS[fmt].suffix}")
    other = tmp_path / f"other{FORMATS[fmt].suffix}"
    other.write_text('{"type": "Feature"}\n' if fmt != "csv" else "a,b\n1,2\n")
    with pytest.raises(InvalidInput) as info:
        read(fmt, other)
    assert str(other) in str(info.value)


def test_a_record_that_is_not_an_event_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('id,json\nx,"{""id"": ""x"", ""type"": ""t"", ""date"": ""yesterday""}"\n')
    with pytest.raises(InvalidInput, match=r"row 2.*date 'yesterday'"):
        read("csv", path)


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="'shp' is not one of geojson, kml, csv, parquet, html"):
        get_format("shp")
    assert issubclass(InvalidInput, GeoError)
