"""The one place where our ``lat, lon`` order meets the lon-first world.

Our API names coordinates ``lat=``/``lon=``; pyproj, shapely and GeoJSON take
``(x, y) = (lon, lat)``. Every crossing goes through these helpers so the order is
decided once.
"""

from __future__ import annotations

import math

import numpy as np

from geo.errors import InvalidInput

#: Mean Earth radius (IUGG), km: for great-circle distances on the sphere.
EARTH_MEAN_RADIUS_KM = 6371.0088


def check_lat_lon(lat: float, lon: float) -> tuple[float, float]:
    """Validate a position given by a user.

    Parameters
    ----------
    lat, lon : float
        Latitude in [-90, 90] and longitude in [-180, 180], degrees.

    Returns
    -------
    tuple of float
        ``(lat, lon)`` as floats.

    Raises
    ------
    InvalidInput
        Naming the value that is out of range or not a number.
    """
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InvalidInput(f"latitude/longitude must be numbers, got lat={lat!r}, lon={lon!r}") from None
    if not math.isfinite(lat_f) or not -90.0 <= lat_f <= 90.0:
        raise InvalidInput(f"latitude {lat!r} is outside -90..90 degrees")
    if not math.isfinite(lon_f) or not -180.0 <= lon_f <= 180.0:
        raise InvalidInput(f"longitude {lon!r} is outside -180..180 degrees")
    return lat_f, lon_f


def to_xy(lat: float, lon: float) -> tuple[float, float]:
    """``(lat, lon)`` -> ``(x, y)`` = ``(lon, lat)`` for GeoJSON, shapely and pyproj."""
    return lon, lat


def from_xy(x: float, y: float) -> tuple[float, float]:
    """``(x, y)`` = ``(lon, lat)`` -> ``(lat, lon)``."""
    return y, x


def wrap_lon(lon: float) -> float:
    """Longitude wrapped into [-180, 180), degrees."""
    return (lon + 180.0) % 360.0 - 180.0


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance on the mean-radius sphere, km (within 0.5% of the geodesic).

    For ranking, grouping and "within 161 km" tests; what the map draws uses the WGS84
    ellipsoid (:mod:`geo.geodesy`). Takes floats (returns a float, with no numpy overhead)
    or numpy arrays that broadcast (``lat[:, None]`` against ``lat[None, :]`` gives all pairs).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float or numpy.ndarray
        Degrees.
    """
    if all(isinstance(v, (int, float)) for v in (lat1, lon1, lat2, lon2)):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_MEAN_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.subtract(lon2, lon1))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_MEAN_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
