"""``python -m geo ring``: a geodesic range ring as a GeoJSON Feature."""

from __future__ import annotations

import argparse

from geo import geodesy

NAME = "ring"
HELP = "geodesic range ring around a point, as a GeoJSON Feature"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lat", type=float, required=True, help="centre latitude, degrees")
    p.add_argument("--lon", type=float, required=True, help="centre longitude, degrees")
    p.add_argument("--radius-km", type=float, required=True, help="radius, km")
    p.add_argument("--points", type=int, default=360, help="vertices (default 360)")


def run(args: argparse.Namespace) -> dict:
    geometry = geodesy.ring(args.lat, args.lon, args.radius_km, points=args.points)
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"center": [args.lat, args.lon], "radius_km": args.radius_km},
    }
