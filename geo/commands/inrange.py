"""``python -m geo inrange``: populated places, capitals and countries within a geodesic radius."""

from __future__ import annotations

import argparse

from geo import geodesy
from geo.commands._args import add_position_arguments

NAME = "inrange"
HELP = "populated places, capitals and countries within a radius, nearest first"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_position_arguments(p, "centre")
    p.add_argument("--radius-km", type=float, required=True, help="radius, km")
    p.add_argument("--min-population", type=int, default=0, help="leave out smaller places (default 0)")
    p.add_argument("--capitals", action="store_true", help="only national capitals")
    p.add_argument("--limit", type=int, default=None, help="at most N places, nearest first")


def run(args: argparse.Namespace) -> dict:
    places = geodesy.in_range(
        args.lat, args.lon, args.radius_km,
        min_population=args.min_population,
        features=["capital"] if args.capitals else None,
        limit=args.limit,
    )  # fmt: skip
    return {
        "center": [args.lat, args.lon],
        "radius_km": args.radius_km,
        "places": places,
        "countries": geodesy.countries_in_range(args.lat, args.lon, args.radius_km),
    }
