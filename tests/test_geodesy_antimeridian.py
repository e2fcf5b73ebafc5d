"""From lon/lat loops and lines to RFC 7946 geometry: the cutting and pole-closing helpers."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, shape

from geo.geodesy.antimeridian import insert_crossings, line_to_shape, loop_to_shape, to_geojson, unwrap_lon


def test_unwrap_makes_longitudes_continuous():
    assert unwrap_lon(np.array([170.0, 179.0, -179.0, -170.0])).tolist() == [170.0, 179.0, 181.0, 190.0]
    assert unwrap_lon(np.array([-170.0, 180.0, 170.0])).tolist() == [-170.0, -180.0, -190.0]


def test_crossings_are_inserted_on_the_meridian_once():
    x, y = insert_crossings(np.array([170.0, 190.0]), np.array([0.0, 10.0]), closed=False)
    assert x.tolist() == [170.0, 180.0, 190.0] and y.tolist() == [0.0, 5.0, 10.0]
    x2, _ = insert_crossings(np.array([170.0, 180.0 + 1e-12, 190.0]), np.array([0.0, 5.0, 10.0]), closed=False)
    assert x2.tolist() == [170.0, 180.0, 190.0]  # snapped, not doubled


def test_square_across_the_antimeridian_becomes_two_parts():
    g = loop_to_shape(np.array([170.0, -170.0, -170.0, 170.0]), np.array([-10.0, -10.0, 10.0, 10.0]), False, False)
    assert g.geom_type == "MultiPolygon" and len(g.geoms) == 2
    assert g.area == 400.0  # 20 x 20 degrees, nothing lost or doubled
    assert g.covers(Point(180.0, 0.0)) and g.covers(Point(-180.0, 0.0)) and not g.covers(Point(0.0, 0.0))


def test_loop_round_the_north_pole_is_closed_over_it():
    lon = np.arange(0.0, 360.0, 30.0) - 180.0 + 15.0
    lat = np.full(lon.size, 80.0)
    g = loop_to_shape(lon, lat, True, False)
    assert g.is_valid and g.geom_type == "Polygon"
    assert g.covers(Point(0.0, 90.0)) and g.covers(Point(100.0, 85.0)) and not g.covers(Point(100.0, 75.0))
    assert g.bounds == (-180.0, 80.0, 180.0, 90.0)


def test_both_poles_inside_gives_the_world_minus_the_cap():
    lon = np.array([-10.0, 10.0, 10.0, -10.0])
    lat = np.array([-10.0, -10.0, 10.0, 10.0])
    g = loop_to_shape(lon, lat, True, True)
    assert not g.covers(Point(0.0, 0.0)) and g.covers(Point(100.0, 0.0))
    assert g.area == 360.0 * 180.0 - 400.0


def test_line_split_and_geojson_orientation():
    line = line_to_shape(np.array([170.0, -170.0]), np.array([0.0, 0.0]))
    assert line.geom_type == "MultiLineString"
    gj = to_geojson(loop_to_shape(np.array([0.0, 0.0, 10.0, 10.0]), np.array([0.0, 10.0, 10.0, 0.0]), False, False))
    ring = np.asarray(gj["coordinates"][0])
    assert np.sum(ring[:-1, 0] * ring[1:, 1] - ring[1:, 0] * ring[:-1, 1]) > 0  # counter-clockwise
    assert shape(gj).area == 100.0
