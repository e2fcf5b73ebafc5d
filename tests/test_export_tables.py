"""CSV and GeoParquet exports: the flat columns, CSV injection, GeoParquet 1.1 metadata, DuckDB."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import shapely
from shapely.geometry import shape

from geo.export.columns import COLUMNS
from geo.export.csv import read_csv, write_csv
from geo.export.parquet import GEOMETRY_COLUMNS, write_parquet
from tests.export_samples import kamchatka_launch, sample_events, seed_events


def _csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_the_documented_columns_and_values(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    write_csv(sample_events(), path)
    rows = _csv_rows(path)
    assert list(rows[0]) == list(COLUMNS)
    launch = next(r for r in rows if r["id"] == seed_events()[0].id)
    assert launch["type"] == "missile_launch" and launch["date"] == "2023-12-17"
    assert 38.5 < float(launch["lat"]) < 39.5 and 125 < float(launch["lon"]) < 126.5
    assert float(launch["range_km"]) == 570
    assert "North Korea" in launch["actors"] and "PRK" in launch["actor_codes"]
    assert "Pyongyang [launch_site]" in launch["places"]
    assert json.loads(launch["json"])["geometry"]["ring"]["type"] == "Polygon"
    kam = next(r for r in rows if r["id"] == kamchatka_launch().id)
    assert float(kam["impact_lon"]) < -160  # east of the antimeridian, in the Bering Sea


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(tmp_path: Path) -> None:
    event = dataclasses.replace(kamchatka_launch(), sentence='=HYPERLINK("http://evil","x")', source="+1-2",
                                subtype="@SUM(A1)")
    path = tmp_path / "f.csv"
    write_csv([event], path)
    [row] = _csv_rows(path)
    assert row["sentence"] == "'" + event.sentence and row["source"] == "'+1-2" and row["subtype"] == "'@SUM(A1)"
    assert float(row["lon"]) == 158.65  # numbers are left alone
    [back] = read_csv(path)
    assert back.sentence == event.sentence  # the json column keeps the exact text


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "events.parquet"
    write_parquet(sample_events(), path)
    return path


def test_geoparquet_metadata_is_valid_1_1(parquet_file: Path) -> None:
    schema = pq.read_schema(parquet_file)
    geo = json.loads(schema.metadata[b"geo"])
    assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry"
    assert set(geo["columns"]) == set(GEOMETRY_COLUMNS)
    for name, meta in geo["columns"].items():
        assert meta["encoding"] == "WKB"
        assert str(schema.field(name).type) == "binary"
        assert "crs" not in meta  # absent means OGC:CRS84, lon/lat
        assert set(meta["geometry_types"]) <= {"Point", "Polygon", "MultiPolygon", "LineString", "MultiLineString"}
    assert geo["columns"]["geometry"]["geometry_types"] == ["Point"]
    assert set(geo["columns"]["ring"]["geometry_types"]) == {"Polygon", "MultiPolygon"}
    west, south, east, north = geo["columns"]["geometry"]["bbox"]
    assert west <= -77 and east >= 158.65 and south <= -33.5 and north >= 53  # Washington .. Kamchatka


def test_geoparquet_geometry_is_the_events_geometry(parquet_file: Path) -> None:
    table = pq.read_table(parquet_file)
    events = {e.id: e for e in sample_events()}
    rows = table.to_pylist()
    assert len(rows) == len(events)
    for row in rows:
        event = events[row["id"]]
        pos = event.position
        if pos is None:
            assert row["geometry"] is None
        else:
            point = shapely.from_wkb(row["geometry"])
            assert (point.x, point.y) == (pos[1], pos[0])  # lon, lat
        for column in ("ring", "impact_zone", "path"):
            geometry = getattr(event.geometry, column)
            if geometry is None:
                assert row[column] is None
            else:
                assert shapely.from_wkb(row[column]).equals_exact(shape(geometry), tolerance=0)


def test_geoparquet_columns_are_typed(parquet_file: Path) -> None:
    schema = pq.read_schema(parquet_file)
    assert str(schema.field("date").type) == "date32[day]"
    assert str(schema.field("range_km").type) == "double"
    assert str(schema.field("sentence").type) == "string"


def test_duckdb_reads_the_geoparquet(parquet_file: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    [(count,)] = con.execute(f"SELECT count(*) FROM '{parquet_file}'").fetchall()
    assert count == len(sample_events())
    [(rng, date)] = con.execute(
        f"SELECT range_km, date FROM '{parquet_file}' WHERE type = 'missile_launch' AND range_km = 570").fetchall()
    assert rng == 570 and str(date) == "2023-12-17"


def test_pandas_reads_the_geoparquet(parquet_file: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(parquet_file)
    assert len(frame) == len(sample_events())
    assert frame["ring"].notna().sum() == sum(e.geometry.ring is not None for e in sample_events())
