"""Events made by hand for the store tests (no extraction: each test says what it stores)."""

from __future__ import annotations

import datetime as dt

from geo.events import Actor, Claim, Event, Place


def launch(id_: str, source: str, day: dt.date = dt.date(2023, 12, 17), *, actors=("PRK",), lat: float | None = 39.03,
           lon: float | None = 125.75, range_km: float | None = 570.0, type_: str = "missile_launch",
           phrase: str | None = None) -> Event:
    """A missile launch as one source reports it."""
    claims = (Claim("range", range_km, "km", phrase or f"{range_km:g} km", source_name=source),) if range_km else ()
    places = (Place("Pyongyang", "launch_site", lat, lon, "KP", "capital"),) if lat is not None else ()
    return Event(id=id_, type=type_, source=source, date=day, date_precision="day",
                 actors=tuple(Actor(c, f"name of {c}", "initiator") for c in actors), places=places,
                 range_km=range_km, claims=claims, sentence=f"{source} says a missile flew.")
