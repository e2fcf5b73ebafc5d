"""The XSS payload corpus of tests/fixtures/xss_payloads.txt and events that carry it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.events import Actor, Event, Place

CORPUS = Path(__file__).resolve().parent / "fixtures" / "xss_payloads.txt"
# The marker benign text stands in for payloads, to compare documents' structure.
BENIGN = "benign text"


def payloads() -> list[str]:
    """The payloads, one a line (comment lines "# ..." and blank lines left out)."""
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line.strip() and not line.startswith("# ")]


def payload_event(payload: str, n: int = 0, *, lat: float = 39.0, lon: float = 125.7) -> Event:
    """An event whose sentence, actor, places, source, url and date text all carry ``payload``."""
    return Event(
        id=f"xss-{n}",
        type="missile_launch",
        source=f"{payload}.txt",
        date=dt.date(2024, 1, 15),
        report_date=dt.date(2024, 1, 15),
        date_text=payload,
        actors=(Actor(code=None, name=payload, role="initiator"),),
        places=(Place(name=payload, role="launch_site", lat=lat, lon=lon, text=payload),
                Place(name=f"{payload} (2)", role="mention", lat=lat + 1, lon=lon + 1)),
        range_km=570.0,
        sentence=f"{payload} fired a missile from {payload}.",
        url=f"https://example.org/?q={payload}",
    )
