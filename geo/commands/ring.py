"""``python -m geo ring``: geodesic range rings and bands as GeoJSON.

One ``--radius-km`` prints one GeoJSON Feature (the contract); several radii, ``--band`` or
``--classes`` print a FeatureCollection of rings (smallest first), then bands.
"""

from __future__ import annotations

import argparse

from geo import geodesy
from geo.commands._args import add_position_arguments
from geo.errors import InvalidInput

NAME = "ring"
HELP = "geodesic range ring(s) or band around a point, as GeoJSON (split at the antimeridian)"


def parse_band(text: str) -> tuple[float, float]:
    """``"400,600"`` -> ``(400.0, 600.0)``; InvalidInput naming the value otherwise."""
    parts = str(text).replace(" ", "").split(",")
    try:
        lo, hi = (float(p) for p in parts)
    except ValueError:
        raise InvalidInput(f"band {text!r} is not MIN,MAX in km (e.g. 400,600)") from None
    return lo, hi


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_position_arguments(p, "centre")
    p.add_argument("--radius-km", type=float, action="append", default=[],
                   help="radius, km (repeat for several rings)")  # fmt: skip
    p.add_argument("--band", action="append", default=[], metavar="MIN,MAX",
                   help="an uncertainty band (annulus) between two radii, km (repeatable)")  # fmt: skip
    p.add_argument("--classes", action="store_true", help="add the missile class bands SRBM/MRBM/IRBM/ICBM")
    p.add_argument("--points", type=int, default=None,
                   help="vertices to start from (default: from the radius; more are added to keep 1 km)")  # fmt: skip
    p.add_argument("--max-error-km", type=float, default=1.0,
                   help="largest distance of the drawn line from the true ring, km (default 1)")  # fmt: skip
    p.add_argument("--outline", action="store_true", help="rings as outlines (LineString) instead of polygons")


def run(args: argparse.Namespace) -> dict:
    if not args.radius_km and not args.band and not args.classes:
        raise InvalidInput("give at least one --radius-km, --band MIN,MAX or --classes")
    features = []
    if args.radius_km:
        features += geodesy.rings(args.lat, args.lon, args.radius_km, outline=args.outline, points=args.points,
                                  max_error_km=args.max_error_km)  # fmt: skip
    if len(features) == 1 and not args.band and not args.classes:
        return features[0]
    for b in args.band:
        lo, hi = parse_band(b)
        features.append(geodesy.band_feature(args.lat, args.lon, lo, hi, max_error_km=args.max_error_km))
    if args.classes:
        features += geodesy.class_bands(args.lat, args.lon)
    return {"type": "FeatureCollection", "features": features}
