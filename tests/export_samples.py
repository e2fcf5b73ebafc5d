"""Events the export tests write and read back: the seed report's, a launch whose ring
crosses the antimeridian, and one whose text is hostile.

Built through the library's own pipeline (extraction, enrichment): the exporters get
what the store would hold.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from geo.events import Actor, Claim, Event, Place
from geo.geodesy.enrich import enrich
from geo.pipeline import events_of_report
from geo.reports import read_report

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2023-12-18_north-korea-srbm-launch.txt"

HOSTILE = ('<script>alert(1)</script> "]]></Data><x> ${alert(1)} `backtick` \\ & \'quote\' '
           '=HYPERLINK("http://x") \x01\x1f </style></kml> \u2028 \U0001F680')


@lru_cache(maxsize=1)
def seed_events() -> tuple[Event, ...]:
    return tuple(events_of_report(read_report(SEED)))


@lru_cache(maxsize=1)
def kamchatka_launch() -> Event:
    """A 2,000 km launch from Petropavlovsk-Kamchatsky into the Bering Sea: ring, zone and
    path all cross the antimeridian."""
    return enrich(Event(
        id="kam-2024-01-02", type="missile_launch", source="test:antimeridian",
        date=dt.date(2024, 1, 2), date_precision="day", range_km=2000.0,
        actors=(Actor(code="RUS", name="Russia", role="initiator", kind="state"),),
        places=(Place(name="Petropavlovsk-Kamchatsky", role="launch_site", lat=53.0, lon=158.65,
                      country_code="RU", feature="facility"),),
        claims=(Claim(quantity="range", value=2000.0, unit="km", text="2,000 km"),),
        impact_hint={"sea": "Bering Sea"}, sentence="Russia fired a missile 2,000 km into the Bering Sea.",
        url="https://example.org/report", confidence=0.75,
    ))


@lru_cache(maxsize=1)
def hostile_event() -> Event:
    """A launch whose every free text is hostile (markup, CDATA end, template literal...)."""
    return enrich(Event(
        id="hostile-1", type="missile_launch", source=HOSTILE, date=dt.date(2023, 11, 1),
        date_end=dt.date(2023, 11, 30), date_precision="month", date_text=HOSTILE, range_km=300.0,
        actors=(Actor(code="X<Y", name=HOSTILE, role="initiator"),),
        places=(Place(name=HOSTILE, role="launch_site", lat=-33.5, lon=-70.25),
                Place(name="nowhere", role="mention")),
        sentence=HOSTILE, url="javascript:alert(1)", attributes={"note": HOSTILE, "n": 3},
        evidence={"type": [1, 2]},
    ))


def sample_events() -> list[Event]:
    """Seed events, the antimeridian launch and the hostile event, in that order."""
    return [*seed_events(), kamchatka_launch(), hostile_event()]


def normal(event: Event) -> dict:
    """The JSON form as it reads back from JSON (tuples as lists)."""
    return json.loads(json.dumps(event.to_dict()))
