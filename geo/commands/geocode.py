"""``python -m geo geocode QUERY``: place name -> ranked places, offline by default."""

from __future__ import annotations

import argparse
import sys

from geo.errors import InvalidInput

NAME = "geocode"
HELP = "look a place name up in the offline gazetteer (optionally an online service behind it)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help='a place name, e.g. "Sinpo" or "Washington, D.C."')
    p.add_argument("--limit", type=int, default=5, help="most results (default 5, at most 1000)")
    p.add_argument("--country", metavar="CC", help="keep places in this country (ISO alpha-2 or alpha-3)")
    p.add_argument("--context", metavar="CODE", action="append", default=[],
                   help="country code (US), division code (US.WA) or region name the text is about; repeatable")
    p.add_argument("--online", action="store_true",
                   help="ask Nominatim when the offline answer is weak (cached; 1 request/s; needs internet)")
    p.add_argument("--nominatim-domain", default="nominatim.openstreetmap.org", help=argparse.SUPPRESS)
    p.add_argument("--scheme", default="https", choices=["http", "https"], help=argparse.SUPPRESS)
    p.add_argument("--cache", metavar="FILE", help="SQLite cache for online answers")
    p.add_argument("--user-agent", help="user agent for the online service")


def run(args: argparse.Namespace) -> list[dict]:
    from geo.gazetteer import Gazetteer
    from geo.gazetteer.chain import RESULT_KEYS, USER_AGENT, GeocodingChain, place_result

    if not args.query.strip():
        raise InvalidInput("QUERY is empty")
    if not 1 <= args.limit <= 1000:
        raise InvalidInput(f"--limit must be in 1..1000, got {args.limit}")
    if args.online:
        from geo.gazetteer.chain import nominatim

        online = nominatim(user_agent=args.user_agent or USER_AGENT, timeout=10,
                           domain=args.nominatim_domain, scheme=args.scheme)
        chain = GeocodingChain(online, cache_path=args.cache)
        results = chain.geocode(args.query, limit=args.limit, country=args.country,
                                context_countries=args.context)
        if chain.notice:  # the service failed: say so, also when no offline answer is printed
            print(f"note: {chain.notice}", file=sys.stderr)
        return [{k: r.get(k) for k in RESULT_KEYS} for r in results]
    places = Gazetteer.default().search(args.query, limit=args.limit, country=args.country,
                                        context_countries=args.context)
    return [place_result(p) for p in places]
