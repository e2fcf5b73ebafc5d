"""Where a launch came down, stated as an offset from a named place: "landed about 250 km west
of Okushiri island", "fell 200 km (124 miles) northwest of Oga".

The distance is an ``offset`` claim (:mod:`geo.extract.quantities` classifies it from the
words after the number); here the words after it are read for a compass direction and a
place, and the place is located with the offline gazetteer. The result goes into the launch's
``impact_hint["offset"]``; :mod:`geo.geodesy.enrich` turns it into a point by geodesy (the
direct geodesic problem from the place) and a disc of uncertainty around it.

Only compass offsets are read ("N km <direction> of <place>"); "off the coast", "outside
Japan's EEZ" are handled as directions and maritime zones.
"""

from __future__ import annotations

import re

from geo.extract.patterns import ci

_COMPASS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
    "north-northeast": 22.5, "east-northeast": 67.5, "east-southeast": 112.5, "south-southeast": 157.5,
    "south-southwest": 202.5, "west-southwest": 247.5, "west-northwest": 292.5, "north-northwest": 337.5,
}  # fmt: skip
_OFFSET_WORDS = re.compile(
    r"\s*(?:\)\s*)?(?:\([^()]*\)\s*)?(?i:to the |due )?"
    r"(?P<dir>(?i:(?:north|south|east|west)(?:-?(?:north|south|east|west))?(?:-?(?:east|west))?))\s+of\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|island|islands|peninsula|prefecture|city|port|cape))*)"
)
#: How many places of the same name the offset keeps, for geodesy to choose the one the range fits.
MAX_PLACES = 5
_TRAILING = re.compile(r"\s+(?:island|islands|peninsula|prefecture|city|port|cape)$", re.I)
# a place that is a country or a sea would say little: "west of Japan" is a direction, not a point
_TOO_WIDE = ("country", "admin1", "region", "sea", "ocean", "continent")


def _bearing(word: str) -> float | None:
    w = word.lower().replace("-", "")
    for k, v in _COMPASS.items():
        if k.replace("-", "") == w:
            return v
    return None


def landing_offset(text: str, claims: list[dict]) -> dict | None:
    """The first offset claim of a launch that names a direction and a locatable place.

    Parameters
    ----------
    text : str
        The report text (claims' ``start``/``end`` index it).
    claims : list of dict
        The launch's claims; those with ``quantity == "offset"`` and ``value_km`` are read.

    Returns
    -------
    dict or None
        ``{"distance_km", "bearing_deg" (from the place to the landing, degrees clockwise from
        north), "place", "lat", "lon", "text", "start", "end"}``.
    """
    from geo.gazetteer import Gazetteer

    for c in claims:
        if c.get("quantity") != "offset" or c.get("value_km") is None or c.get("end") is None:
            continue
        m = _OFFSET_WORDS.match(text, c["end"])
        if not m:
            continue
        bearing = _bearing(m.group("dir"))
        name = m.group("place").rstrip(".")
        if bearing is None or not name:
            continue
        gaz = Gazetteer.default()
        hits = gaz.search(name, limit=MAX_PLACES) or gaz.search(_TRAILING.sub("", name), limit=MAX_PLACES)
        hits = [p for p in hits if (p.feature or "") not in _TOO_WIDE]
        if not hits:
            continue
        p = hits[0]
        # a name several places share ("Oshima"): all are kept, best first; the zone takes the
        # one whose offset point fits the stated range (geo/geodesy/enrich.py)
        return {"distance_km": float(c["value_km"]), "bearing_deg": bearing, "place": p.name,
                "lat": p.lat, "lon": p.lon, "text": text[c["start"]:m.end()], "start": c["start"], "end": m.end(),
                "places": [{"name": h.name, "lat": h.lat, "lon": h.lon} for h in hits]}
    return None


__all__ = ["failed_early", "landing_offset", "launching_country", "overflight"]


def launching_country(ev: dict, launch_initiators: list[str], report_actors: list, iso2: dict[str, str]) -> tuple[str | None, str | None]:
    """The launching state of a launch whose site is not located, and how it was found.

    The first rule that gives a country with an ISO alpha-2 code wins:

    1. ``initiator``: the launch's initiator ("North Korea fired ...");
    2. ``site_country``: the country of a launch-site place named but not located as a point
       ("from North Phyongan Province");
    3. ``report_launcher``: the initiator of another launch of the same report;
    4. ``most_named``: the state named most often in the report (first named on a tie), as
       the actor a report about a launch is about.

    Parameters
    ----------
    ev : dict
        The EVENT dict being finished (``actors``, ``places``).
    launch_initiators : list of str
        Alpha-3 codes of the initiators of the report's launches, in text order.
    report_actors : list of ActorMention
        Every actor mention of the report.
    iso2 : dict
        Alpha-3 -> alpha-2.

    Returns
    -------
    (str or None, str or None)
        ``(alpha-2, rule)``.
    """
    cc = next((iso2[a["code"]] for a in ev.get("actors") or () if a.get("role") == "initiator" and a.get("code") in iso2), None)
    if cc:
        return cc, "initiator"
    cc = next((p["country_code"] for p in ev.get("places") or () if p.get("role") == "launch_site" and p.get("country_code")), None)
    if cc:
        return cc, "site_country"
    cc = next((iso2[c] for c in launch_initiators if c in iso2), None)
    if cc:
        return cc, "report_launcher"
    counts: dict[str, int] = {}
    for a in report_actors:
        if a.kind in ("state", "government", "military", "leader") and a.code in iso2:
            counts[a.code] = counts.get(a.code, 0) + 1
    if counts:
        best = max(counts, key=lambda c: counts[c])  # dicts keep first-named order: ties go to the first
        return iso2[best], "most_named"
    return None, None


# "flew for 4135 seconds" is a whole flight, not a failure a few seconds after launch
_LONG_FLIGHT = ci(r"\bflew (?:for\s+)?(?:about\s+|some\s+|approximately\s+)?(?P<n>\d[\d,]*)\s+seconds\b")
#: A flight of at least this many seconds is not an early failure, s.
LONG_FLIGHT_S = 60


def failed_early(sentence: str) -> bool:
    """:func:`geo.extract.places.early_failure`, except for a long flight timed in seconds
    ("flew for 4135 seconds"), which is blanked out before the check."""
    from geo.extract.places import early_failure

    text = _LONG_FLIGHT.sub(lambda m: " " * len(m.group()) if int(m.group("n").replace(",", "")) >= LONG_FLIGHT_S else m.group(), sentence)
    return early_failure(text)


# "flew over Japan", "launched a missile over the Japanese home islands", "overflew northern Japan"
_OVER = re.compile(
    r"\b(?i:overflew|overflying|overflight of|(?:flew|flying|flown|passed|passing|launched|fired|sent|lobbed)"
    r"(?:\s+[\w'\u2019-]+){0,5}?\s+(?:over|across))\s+(?:the\s+)?(?i:(?:northern|southern|eastern|western|central)\s+)?"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?)(?:\s+(?i:home\s+islands|islands|archipelago|mainland))?"
)


def overflight(sentences: list[str]) -> dict | None:
    """The country a launch flew over ("flew over Japan", "over the Japanese home islands"):
    ``{"country": ISO alpha-2, "text": the words}``, or None. A country name or a demonym;
    a flight "over the sea" or over a place that is not a country says nothing here."""
    from geo.gazetteer.normalize import normalize

    short, demonyms = _names()
    for text in sentences:
        for m in _OVER.finditer(text):
            key = normalize(m.group("name"))
            cc = short.get(key) or demonyms.get(key)
            if cc:
                return {"country": cc, "text": m.group()}
    return None


_NAMES: tuple[dict, dict] | None = None


def _names() -> tuple[dict, dict]:
    global _NAMES
    if _NAMES is None:
        from geo.gazetteer.countries import read_country_names

        _NAMES = read_country_names()
    return _NAMES
