"""``python -m geo impact``: the estimated impact zone of a launch as a GeoJSON Feature.

The Feature's geometry is the zone; its properties hold the estimate (``estimate``: lat, lon),
``area_km2``, ``band_km``, the ranked ``candidates`` and a ``note`` saying how they were ranked.
"""

from __future__ import annotations

import argparse

from geo import geodesy
from geo.commands._args import add_position_arguments
from geo.commands.ring import parse_band
from geo.errors import InvalidInput

NAME = "impact"
HELP = "estimated impact zone from a launch site, a range or band and where it came down"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_position_arguments(p, "launch site")
    p.add_argument("--range-km", type=float, default=None, help="reported range, km (band +-10%% unless --band)")
    p.add_argument("--band", default=None, metavar="MIN,MAX", help="range band, km, e.g. 400,600")
    p.add_argument("--sea", default=None, help='sea name ("East Sea", "Yellow Sea") or "the sea" for any water')
    p.add_argument("--bearing", type=float, default=None, help="bearing of the flight, degrees from north")
    p.add_argument("--direction", default=None, help='compass phrase, e.g. "off the east coast"')
    p.add_argument("--prior", action="append", default=[], metavar="LAT,LON",
                   help="an earlier impact point from the same site or actor (repeatable)")  # fmt: skip
    p.add_argument("--candidate-geometry", action="store_true", help="include each candidate's geometry")


def _prior(text: str) -> tuple[float, float]:
    try:
        la, lo = (float(v) for v in str(text).split(","))
    except ValueError:
        raise InvalidInput(f"earlier impact {text!r} is not LAT,LON in degrees") from None
    return la, lo


def run(args: argparse.Namespace) -> dict:
    zone = geodesy.impact_zone(
        args.lat, args.lon,
        range_km=args.range_km,
        band_km=parse_band(args.band) if args.band else None,
        sea=args.sea,
        bearing_deg=args.bearing,
        direction=args.direction,
        prior_impacts=[_prior(p) for p in args.prior],
    )  # fmt: skip
    return zone.to_feature(candidate_geometry=args.candidate_geometry)
