"""``python -m geo reverse --lat LAT --lon LON``: nearest place, and the country or sea there."""

from __future__ import annotations

import argparse

from geo.commands._args import add_position_arguments

NAME = "reverse"
HELP = "nearest populated place and the country or sea a point lies in (offline)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_position_arguments(p, "point")


def run(args: argparse.Namespace) -> dict:
    from geo.gazetteer import Gazetteer
    from geo.gazetteer.chain import place_result

    r = Gazetteer.default().reverse(args.lat, args.lon)
    out = dict(r)
    out["nearest"] = place_result(r["nearest"])
    return out
