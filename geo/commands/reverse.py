"""``python -m geo reverse --lat LAT --lon LON``: nearest place, and the country or sea there."""

from __future__ import annotations

import argparse

NAME = "reverse"
HELP = "nearest populated place and the country or sea a point lies in (offline)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lat", type=float, required=True, help="latitude, degrees")
    p.add_argument("--lon", type=float, required=True, help="longitude, degrees")


def run(args: argparse.Namespace) -> dict:
    from geo.gazetteer import Gazetteer
    from geo.gazetteer.chain import place_result

    r = Gazetteer.default().reverse(args.lat, args.lon)
    out = dict(r)
    out["nearest"] = place_result(r["nearest"])
    return out
