"""Geodesy on the WGS84 ellipsoid (pyproj's ``Geod``, Karney's algorithm).

First version: a single geodesic range ring. The geodesy issue grows this into
rings, bands, paths, impact zones and what lies in range.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod

from geo.coords import check_lat_lon
from geo.errors import InvalidInput

WGS84 = Geod(ellps="WGS84")


def ring(lat: float, lon: float, radius_km: float, points: int = 360) -> dict:
    """Return the geodesic circle of ``radius_km`` around a point as GeoJSON geometry.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    radius_km : float
        Geodesic radius, km; more than 0 and less than 19,000.
    points : int
        Number of vertices (bearings evenly spaced).

    Returns
    -------
    dict
        A GeoJSON Polygon (lon, lat order), closed.
    """
    lat, lon = check_lat_lon(lat, lon)
    if not 0 < radius_km < 19_000:
        raise InvalidInput(f"radius {radius_km!r} km is outside 0..19000 km")
    if points < 8:
        raise InvalidInput(f"points {points!r} is too few for a ring (need at least 8)")
    az = np.linspace(0.0, 360.0, points, endpoint=False)
    lons, lats, _ = WGS84.fwd(np.full(points, lon), np.full(points, lat), az, np.full(points, radius_km * 1000.0))
    coords = [[round(float(x), 6), round(float(y), 6)] for x, y in zip(lons, lats)]
    coords.append(coords[0])
    return {"type": "Polygon", "coordinates": [coords]}
