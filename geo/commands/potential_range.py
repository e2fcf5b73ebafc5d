"""``python -m geo potential-range``: what a lofted test means for a missile's reach.

From the test's apogee and ground range (and flight time): the burnout speed, the range band on
a standard (minimum-energy) trajectory by launch bearing and, with a launch site, the footprint
as GeoJSON (split at the antimeridian) and the capitals, countries and regions inside it.
The model and its assumptions: :mod:`geo.geodesy.footprint`, docs/ballistics.md.
"""

from __future__ import annotations

import argparse

from geo.geodesy.footprint import potential_range, summary

NAME = "potential-range"
HELP = "potential range of a missile from a lofted test's apogee, range and flight time (an estimate, with a band)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--apogee-km", type=float, required=True, help="highest altitude of the test, km")
    p.add_argument("--range-km", type=float, required=True, help="ground range of the test, km")
    p.add_argument("--flight-min", type=float, default=None, help="flight time of the test, minutes")
    p.add_argument("--lat", type=float, default=None, help="launch site latitude, degrees (with --lon)")
    p.add_argument("--lon", type=float, default=None, help="launch site longitude, degrees (with --lat)")
    p.add_argument("--test-bearing", type=float, default=None,
                   help="bearing the test flew, degrees from north (default 90: east)")
    p.add_argument("--no-covers", action="store_true", help="leave out what lies inside the footprint")


def run(args: argparse.Namespace) -> dict:
    flight_s = None if args.flight_min is None else args.flight_min * 60.0
    result = potential_range(args.apogee_km, args.range_km, flight_s, lat=args.lat, lon=args.lon,
                             test_bearing_deg=args.test_bearing, covers=not args.no_covers)
    result["summary"] = summary(result)
    for key in ("footprint", "footprint_low", "footprint_high"):
        if key in result:  # GeoJSON Features, so a GIS reads them as they are
            result[key] = {"type": "Feature", "geometry": result[key],
                           "properties": {"kind": key, "estimate": True, "label": result["summary"]}}
    return result
