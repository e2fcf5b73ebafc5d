"""The one place where our ``lat, lon`` order meets the lon-first world.

Our API names coordinates ``lat=``/``lon=``; pyproj, shapely and GeoJSON take
``(x, y) = (lon, lat)``. Every crossing goes through these helpers so the order is
decided once.
"""

from __future__ import annotations

import math

from geo.errors import InvalidInput


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
