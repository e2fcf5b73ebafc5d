"""Events as GeoParquet 1.1, for pandas, GeoPandas, DuckDB, QGIS and Arrow users.

One row per event with the flat columns of :mod:`geo.export.columns` (dates as
``date32``, figures as ``float64``, text as UTF-8 strings, ``json`` the whole record)
and five geometry columns, WKB-encoded, lon/lat in OGC:CRS84 (GeoParquet's default CRS,
so none is written):

- ``geometry`` (the primary column): a Point at :attr:`Event.position`;
- ``ring`` and ``impact_zone``: Polygon, or MultiPolygon when split at the antimeridian;
- ``path``: LineString or MultiLineString; ``impact_point``: Point.

Null where the event has no such geometry. The file's ``geo`` metadata (GeoParquet 1.1)
lists every geometry column with its encoding, the geometry types present and its
bounding box. Geometry is converted from the event's GeoJSON by shapely, not computed.
"""

from __future__ import annotations

import json
import os
from typing import Sequence

import pyarrow as pa
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape

from geo.errors import InvalidInput
from geo.events import Event
from geo.export._common import atomic_path, event_of, parse_json, point_lonlat, record_json
from geo.export.columns import COLUMNS, DATE_COLUMNS, FLOAT_COLUMNS, flat_row

GEOPARQUET_VERSION = "1.1.0"
GEOMETRY_COLUMNS = ("geometry", "ring", "impact_zone", "path", "impact_point")


def _geojson_geometries(event: Event) -> dict[str, dict | None]:
    g = event.geometry
    lonlat = point_lonlat(event)
    return {
        "geometry": {"type": "Point", "coordinates": lonlat} if lonlat else None,
        "ring": g.ring, "impact_zone": g.impact_zone, "path": g.path,
        "impact_point": {"type": "Point", "coordinates": [g.impact_point[1], g.impact_point[0]]}
        if g.impact_point else None,
    }


def _schema() -> pa.Schema:
    types = {c: pa.string() for c in COLUMNS}
    types.update({c: pa.date32() for c in DATE_COLUMNS})
    types.update({c: pa.float64() for c in FLOAT_COLUMNS})
    return pa.schema([pa.field(c, types[c]) for c in COLUMNS]
                     + [pa.field(c, pa.binary()) for c in GEOMETRY_COLUMNS])


def _column_metadata(geoms: list) -> dict:
    present = [g for g in geoms if g is not None]
    meta: dict = {"encoding": "WKB", "geometry_types": sorted({g.geom_type for g in present})}
    if present:
        meta["bbox"] = [float(v) for v in shapely.total_bounds(present)]
    return meta


def write_parquet(events: Sequence[Event], path: str | os.PathLike) -> int:
    """Write the events as a GeoParquet 1.1 file, atomically.

    Parameters
    ----------
    events : sequence of Event
        The events.
    path : str or path-like
        The file to write (``.parquet``); its folder must exist.

    Returns
    -------
    int
        The number of rows written.
    """
    rows = [{**flat_row(e), "json": record_json(e)} for e in events]
    shapes = {c: [] for c in GEOMETRY_COLUMNS}
    for event in events:
        for column, geometry in _geojson_geometries(event).items():
            shapes[column].append(shape(geometry) if geometry else None)
    data = {c: [r[c] for r in rows] for c in COLUMNS}
    for column, geoms in shapes.items():
        data[column] = [shapely.to_wkb(g, output_dimension=2) if g is not None else None for g in geoms]
    geo = {"version": GEOPARQUET_VERSION, "primary_column": "geometry",
           "columns": {c: _column_metadata(shapes[c]) for c in GEOMETRY_COLUMNS}}
    table = pa.Table.from_pydict(data, schema=_schema()).replace_schema_metadata(
        {b"geo": json.dumps(geo).encode("utf-8")})
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return table.num_rows


def read_parquet(path: str | os.PathLike) -> list[Event]:
    """The events of a Parquet file with a ``json`` column (as :func:`write_parquet` writes it).

    Raises
    ------
    InvalidInput
        The file is missing, not Parquet, has no ``json`` column, or a record is not an event.
    """
    where = str(path)
    try:
        table = pq.read_table(path, columns=["json"])
    except FileNotFoundError:
        raise InvalidInput(f"Parquet file {where!r} does not exist") from None
    except (pa.ArrowInvalid, KeyError) as exc:
        raise InvalidInput(f"{where}: not a Parquet file with a 'json' column ({exc})") from None
    return [event_of(parse_json(text, f"{where} row {i}"), f"{where} row {i}")
            for i, text in enumerate(table.column("json").to_pylist())]
