"""Hand-written EVENT dicts for the view tests (shaped as DESIGN.md describes), and
``enriched`` to turn them into stored-like events (typed, with their geometry made once).

Coordinates are public facts: Pyongyang 39.0392 N 125.7625 E, Washington DC
38.9072 N 77.0369 W, Tokyo 35.6762 N 139.6503 E.
"""

from geo.events import Event, event_from_dict
from geo.geodesy.enrich import enrich

PYONGYANG = (39.0392, 125.7625)
WASHINGTON = (38.9072, -77.0369)


def launch_event(**overrides) -> dict:
    event = {
        "id": "r1-e1",
        "type": "missile_launch",
        "date": "2023-12-17",
        "date_precision": "day",
        "date_end": None,
        "actors": [{"code": "PRK", "name": "North Korea", "role": "initiator"}],
        "places": [
            {"name": "Pyongyang", "role": "launch_site", "lat": PYONGYANG[0], "lon": PYONGYANG[1],
             "country_code": "KP", "start": 10, "end": 19},
        ],
        "range_km": 570,
        "apogee_km": None,
        "impact_zone": None,
        "sentence": "The missile, launched from near Pyongyang, traveled approximately 570 kilometers.",
        "start": 0,
        "end": 80,
        "source": "seed.txt",
        "confidence": 0.9,
    }
    event.update(overrides)
    return event


def talks_event(**overrides) -> dict:
    event = {
        "id": "r1-e2",
        "type": "talks",
        "date": "2023-12-01",
        "date_precision": "month",
        "date_end": "2023-12-31",
        "actors": [{"code": "USA", "name": "United States", "role": "participant"},
                   {"code": "KOR", "name": "South Korea", "role": "participant"}],
        "places": [
            {"name": "Washington", "role": "venue", "lat": WASHINGTON[0], "lon": WASHINGTON[1],
             "country_code": "US", "start": 100, "end": 110},
        ],
        "range_km": None,
        "apogee_km": None,
        "impact_zone": None,
        "sentence": "Talks between U.S. and South Korean officials in Washington.",
        "start": 90,
        "end": 150,
        "source": "seed.txt",
        "confidence": 0.7,
    }
    event.update(overrides)
    return event


EVENT_KEYS = {"id", "type", "date", "date_precision", "date_end", "actors", "places", "range_km", "apogee_km",
              "impact_zone", "sentence", "start", "end", "source", "confidence"}
PLACE_KEYS = {"name", "role", "lat", "lon", "country_code", "start", "end"}


def test_hand_written_events_have_the_design_shape():
    # The view tests rely on these; keep them in step with DESIGN.md's EVENT.
    for event in (launch_event(), talks_event()):
        assert set(event) == EVENT_KEYS
        assert all(set(p) == PLACE_KEYS for p in event["places"])


def enriched(*dicts: dict) -> list[Event]:
    """The events as the store holds them: typed, with their geometry computed once."""
    return [enrich(event_from_dict(d)) for d in dicts]
