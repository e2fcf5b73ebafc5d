"""Places in a sentence with their role in an event, and the impact zone.

Place mentions come from the geoparser (:func:`geo.geoparse.geoparse`). On top of
them this module

- gives each mention a role from the words before it: ``launch_site`` ("launched
  from near Pyongyang", "from the Sunan area", "took place at Sinpo"),
  ``impact_area`` ("landed in the East Sea", "fell into the sea", "200 km west of
  Oshima"), ``venue`` ("talks ... in Washington"), ``target`` ("targets in South
  Korea", "aimed at Guam"), else ``mention``;
- matches a launch site to a known launch facility (the CNS table, through
  :meth:`Gazetteer.launch_sites`) when the text names one of the facility's names
  and that name is not a capital or a province ("Sunan" -> Pyongyang International
  Airport; "near Pyongyang" stays the city);
- finds unnamed impact areas the geoparser does not know ("the sea", "Japan's
  exclusive economic zone");
- turns launch site + range + impact words into an impact zone with
  :func:`geo.geodesy.impact_zone`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from geo.gazetteer import Gazetteer, normalize
from geo.extract.patterns import ci


@dataclass(frozen=True)
class PlaceMention:
    """A place named in text; offsets into the text given to :func:`locate`."""

    text: str
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    country_code: str | None
    feature: str
    score: float
    place_id: str | None = None


def locate(text: str, context_countries: Sequence[str] = ()) -> list[PlaceMention]:
    """Find and locate place mentions in ``text`` (demonyms excluded).

    Parameters
    ----------
    text : str
        The report text; offsets are into it.
    context_countries : sequence of str
        ISO alpha-2 codes the text is about, to prefer their places.
    """
    from geo.geoparse import geoparse  # imported on first use: it loads the gazetteer's index

    return [
        PlaceMention(t.text, t.start, t.end, t.name, t.lat, t.lon, t.country_code, t.feature or "", float(t.score or 0),
                     t.place.id if t.place is not None else None)
        for t in geoparse(text, context_countries=context_countries)
        if t.kind == "place" and t.lat is not None
    ]


@lru_cache(maxsize=1)
def _facilities() -> tuple[dict[str, object], re.Pattern[str] | None]:
    """Launch facilities by normalised name, and a regex that finds their names in text."""
    by_name: dict[str, object] = {}
    surfaces: set[str] = set()
    for p in Gazetteer.default().launch_sites():
        for n in (p.name, *p.alternate_names):
            key = normalize(n)
            if len(key) < 4:  # "PY" and such are too ambiguous to find in prose
                continue
            # Korean village names end in -ri or -ni by sound; texts use either ("Mupyong-ni"/"Mupyong-ri")
            for variant in {n, re.sub(r"-ni\b", "-ri", n), re.sub(r"-ri\b", "-ni", n)}:
                by_name.setdefault(normalize(variant), p)
                surfaces.add(variant)
    if not surfaces:
        return by_name, None
    alt = "|".join(
        re.escape(s).replace("\\-", "[- ]?").replace("\\ ", r"\s+").replace("'", "['\u2019]?").replace("\u2019", "['\u2019]?")
        for s in sorted(surfaces, key=len, reverse=True)
    )
    return by_name, ci(rf"(?<![\w-])(?:{alt})(?![\w-])")


def find_facilities(text: str) -> list[PlaceMention]:
    """Launch-facility names in ``text`` (CNS table names and other names)."""
    by_name, pattern = _facilities()
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        p = by_name.get(normalize(m.group()))
        if p is not None:
            out.append(PlaceMention(m.group(), m.start(), m.end(), p.name, p.lat, p.lon, p.country_code, "facility", 1.0, p.id))
    return out


# Places too wide or too prominent to be a launch facility of the same name ("Pyongyang"
# is the city, not the airport named after it).
NOT_FACILITY = ("capital", "admin1", "country", "region", "sea", "lake")


def facility_for(mention: PlaceMention) -> PlaceMention | None:
    """The launch facility a launch-site mention names, if the text allows that match.

    A name shared by a capital, a province or a country ("Pyongyang") does not
    pinpoint a facility; a town or district name does ("Sunan", "Sinpo").
    """
    if mention.feature == "facility":
        return mention
    if mention.feature in NOT_FACILITY:
        return None
    by_name, _ = _facilities()
    p = by_name.get(normalize(mention.text)) or by_name.get(normalize(mention.name))
    if p is None:
        return None
    return PlaceMention(mention.text, mention.start, mention.end, p.name, p.lat, p.lon, p.country_code, "facility", mention.score, p.id)


# Role cues: regexes matched against the sentence text just before a mention.
_LAUNCH_PLACE_BEFORE = ci(
    r"\b(?:took place|taken place|occurred|launched|fired|conducted|carried out|tested|detected|test-fired|located|location of the (?:test|launch)s?"
    r"(?:\s+(?:to be|was|is))?)(?:\s+[\w-]+){0,6}?\s+(?:at|in|near|outside(?:\s+of)?|from|by|(?:north|south|east|west)(?:east|west)?\s+of|to be)"
    r"\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}$",
)
_LAUNCH_BEFORE = ci(
    r"(?:\bfrom|\b(?:launch(?:ed|es)?|fired|test-fired|conducted|carried out|took place|tested|occur(?:red)?|detected|lifted off)"
    r"(?:\s+[\w-]+){0,3}?\s+(?:at|in|near|from))"
    r"\s+(?:(?:near|around|outside|the|a|an|site|sites|launch|pad|in|of|area|areas|vicinity|outskirts|suburbs|city|town|county|province|facility|base)\s+"
    r"|[A-Z][\w-]*['\u2019]s\s+)*$",
)
_LAUNCH_AREA_AFTER = ci(r"^(?:['\u2019]s)?\s+(?:area|region|county|district|launch|airport|airfield|air ?base|shipyard|site|coast|province)\b")
_IMPACT_BEFORE = ci(
    r"(?:\b(?:land(?:ed|ing|s)?|fell|falls?|falling|splash(?:ed|ing)?(?:\s+down)?|impact(?:ed|ing|s)?|crash(?:ed|ing)?|came down|dropped|hit|struck)"
    r"(?:\s+[\w.,()-]+){0,7}?\s+(?:in|into|inside|off|near|within|on|of|outside)"
    r"|\b(?:into|toward|towards)|\b(?:of|off)\b(?=\s+(?:the\s+)?(?:coast|shore))|\bkm\s+(?:\w+\s+)?(?:of|off))"
    r"\s+(?:(?:the|waters?|coast|of|off|sea|japan['\u2019]s|exclusive|economic|zone)\s+)*$",
)
_VENUE_BEFORE = ci(r"\b(?:in|at|to|hosted by|held in)\s+(?:the\s+)?$")
_TARGET_BEFORE = ci(r"\b(?:targets?\s+in|against|aimed at|at targets in|strike|toward|towards|threaten(?:ed|ing)?)\s+(?:the\s+)?$")

_NEGATED_BEFORE = ci(r"\b(?:not|never|no)\s+(?:[\w-]+\s+)?\w+$")
# Impact areas the gazetteer cannot name.
_GENERIC_IMPACT = re.compile(
    r"\b(?P<verb>land(?:ed|ing|s)?|fell|falls?|falling|splash(?:ed|ing)?(?:\s+down)?|impact(?:ed|ing)?|crash(?:ed|ing)?|came down|fired|launched|dropped)"
    r"(?:\s+[\w,-]+){0,8}?\s+(?P<prep>in|into|inside|within|off|outside)\s+(?P<place>(?:(?P<owner>[A-Z][\w]*(?:\s+[A-Z][\w]*)?)['\u2019]s\s+)?"
    r"(?:exclusive economic zone|EEZ|territorial waters)|the (?:sea|ocean|waters?)(?! of)\b|waters (?:between|off|near)\b[^,.;]*)",
)


def role_of(sentence: str, start: int, end: int, event_type: str | None, facility: bool = False) -> str:
    """The role of the place at ``sentence[start:end]`` in an event of ``event_type``.

    ``facility``: the place is a known launch facility, which in a launch event is
    the launch site unless the words say it was hit.
    """
    before = sentence[max(0, start - 80):start]
    after = sentence[end:end + 30]
    if event_type in ("missile_launch", "satellite_launch", "weapons_test", "nuclear_test", None):
        m = _IMPACT_BEFORE.search(before)
        if m and not re.search(r"\b(?:not|never)\s+(?:\w+\s+)?$", before[:m.start()], re.I):  # "did not land in"
            return "impact_area"
        if facility and event_type is not None:
            return "launch_site"
        if _LAUNCH_BEFORE.search(before) or _LAUNCH_PLACE_BEFORE.search(before) or (_LAUNCH_AREA_AFTER.match(after) and re.search(r"\b(?:from|at|in|near)\s+(?:the\s+)?$", before, re.I)):
            return "launch_site"
    if event_type == "meeting" and _VENUE_BEFORE.search(before):
        return "venue"
    if event_type in ("agreement", "statement") and re.search(r"\b(?:in|at|held in|hosted by)\s+(?:the\s+)?$", before, re.I):
        return "venue"
    if _TARGET_BEFORE.search(before):
        return "target"
    if event_type == "attack" and re.search(r"\b(?:on|in|against|at)\s+(?:the\s+)?$", before, re.I):
        return "target"
    if event_type == "deployment" and re.search(r"\b(?:to|in|into|at)\s+(?:the\s+)?$", before, re.I):
        return "venue"
    return "mention"


def generic_impacts(sentence: str) -> list[tuple[str, int, int, str | None]]:
    """Unnamed impact areas: ``(name, start, end, owner)``; owner is who owns an EEZ (text)."""
    out = []
    for m in _GENERIC_IMPACT.finditer(sentence):
        if _NEGATED_BEFORE.search(sentence[max(0, m.start() - 20):m.start("verb") + len(m.group("verb"))]):
            continue  # "did not land inside Japan's exclusive economic zone"
        name = m.group("place")
        if m.group("prep") == "outside":  # "fell outside Japan's EEZ" is not in it
            out.append((f"outside {name}", m.start("prep"), m.end("place"), m.group("owner")))
        else:
            out.append((name, m.start("place"), m.end("place"), m.group("owner")))
    return out


_DIRECTION = ci(
    r"\b(?:off (?:the|its) (?:north|south|east|west)(?:ern)? coast|(?:flew|fired|launched|headed|flying|toward|towards|into the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<dir>north-?east|north-?west|south-?east|south-?west|north|south|east|west)(?:wards?)?\b(?!\s+(?:sea|coast|of)\b))"
    r"|\b(?P<dir2>north-?east|north-?west|south-?east|south-?west|north|south|east|west)wards?\b",  # "northeastward"
)


def find_direction(sentence: str) -> str | None:
    """A compass phrase for a flight ("flew east", "off the east coast"), as written."""
    m = _DIRECTION.search(sentence)
    if not m:
        return None
    return m.group("dir") or m.group("dir2") or m.group()


_EARLY_FAILURE = ci(
    r"\b(?:exploded|blew up|disintegrated|broke (?:up|apart)|failed|crashed|fell)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:shortly|soon|seconds|moments|minutes|immediately|right|just)\s+(?:after|following)\s+(?:the\s+|its\s+)?(?:launch|lift-?off|take-?off|firing|ignition)"
    r"|\b(?:exploded|blew up|failed|disintegrated)\s+(?:in\s+)?(?:mid-?air|on the (?:launch )?pad|at (?:an|the) early stage|during (?:the\s+)?(?:early|initial|boost)\b)"
    r"|\bflew (?:for\s+)?(?:only\s+|just\s+)?(?:a few|several|a couple of|\d+|one|two|three|four|five|ten)\s+seconds\b"
    r"|\b(?:within|after only|after just)\s+(?:a few\s+)?seconds (?:of|after)\s+(?:the\s+)?(?:launch|lift-?off)"
)


def early_failure(sentence: str) -> bool:
    """The sentence says a launch failed early ("exploded shortly after launch", "flew a few seconds")."""
    return bool(_EARLY_FAILURE.search(sentence))


def impact_geometry(lat: float, lon: float, *, range_km: float | None, band_km: tuple[float, float] | None,
                    sea: str | None, direction: str | None = None) -> tuple[dict | None, str | None]:
    """The impact zone geometry and a note, via :func:`geo.geodesy.impact_zone`; ``(None, reason)`` when impossible."""
    from geo.geodesy import impact_zone

    if range_km is None and band_km is None:
        return None, "no range stated"
    try:
        zone = impact_zone(lat, lon, range_km=range_km, band_km=band_km, sea=sea, direction=direction or None)
    except Exception as exc:  # geometry failures must not lose the event; the note says why
        return None, f"impact zone not computed: {exc}"
    return zone.geometry, zone.note


# Roles across theatres (issue 18): the words before a place, for strikes and interceptions.
_FROM_BEFORE = ci(r"(?<!away )\bfrom\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,4}?(?:(?:areas?|parts?|territory|territories|regions?|positions?|soil)\s+(?:of|in)\s+(?:the\s+)?)?$")
_AT_BEFORE = ci(r"\b(?:at|against|targeting|targeted|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:(?:city|town|village|port|region|province)\s+of\s+)?$")
_STRUCK_BEFORE = ci(
    r"\b(?:struck|hit|hitting|striking|strikes? on|attacks? on|bombed|shelled|pounded|targeted|invasion of|occupation of|"
    r"offensive (?:on|against|in)|siege of|bombing of|shelling of|assault on|captured|capturing|seized|seizing|took control of|"
    r"taking control of|overran|retook|recaptured|entered|encircled|besieged)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$"
    r"|\b(?:captured|capturing|seized|seizing|took control of|taking control of|overran|retook|recaptured|entered|struck|hit|shelled)"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:city|town|village|port|side|district|suburbs?|outskirts)\s+of\s+(?:the\s+)?$")
_OVER_BEFORE = ci(r"\b(?:over|above|across|off|near|in|within|outside)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
_IN_AREA_BEFORE = ci(
    r"\b(?:in|inside|into|across|near|around|outside|at)\s+(?:the\s+)?(?:[A-Z][\w-]*['\u2019]s\s+)?"
    r"(?:(?:north|south|east|west|central|(?:north|south)?(?:east|west)?ern|northern|southern|occupied|besieged)\s+)?"
    r"(?:(?:[\w-]+\s+){0,3}?(?:city|town|village|port|suburbs?|outskirts|districts?|parts?|areas?|province|region)\s+of\s+(?:the\s+)?)?$")
# Installations the gazetteer may not know, named by their kind ("Nevatim air base", "Zaporizhzhia
# nuclear power plant"); located, when the text says so, by the place they are "in" or "near".
INSTALLATION = re.compile(
    r"(?P<name>(?:[A-Z][\w'\u2019-]*\s+){1,3}(?i:air ?base|airbase|airfield|air field|air station|naval base|military base|army base|"
    r"base|airport|port|harbou?r|refinery|oil terminal|power (?:plant|station)|nuclear (?:power )?(?:plant|facility|site)|"
    r"enrichment (?:facility|plant|site)|depot|barracks|military camp|refugee camp|camp|hospital|dam|bridge))\b")
_INSTALLATION_IN = ci(r"^\s*,?\s+(?:in|near|outside|south of|north of|east of|west of|at)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|occupied)\s+)?$")
INSTALLATION_EXTENT_KM = {"country": 150.0, "region": 50.0, "admin1": 50.0}


def installations(text: str, located: list[PlaceMention]) -> list[tuple[PlaceMention, float | None, str | None]]:
    """Named installations not among ``located`` mentions: ``(mention, uncertainty_km, anchor)``.

    One is placed at the place it is said to be in ("Nevatim air base in southern Israel" -> at
    Israel, uncertain by the extent of Israel: 150 km for a country, 50 km for a province or
    region, 10 km for a town); otherwise it is kept unlocated (``lat`` None).
    """
    from bisect import bisect_left

    from geo.extract.patterns import SpanIndex

    out = []
    starts = sorted(located, key=lambda p: p.start)
    start_keys = [p.start for p in starts]
    taken = SpanIndex((p.start, p.end) for p in located)
    for m in INSTALLATION.finditer(text):
        s, e = m.span("name")
        first = m.group("name").split()[0]
        if first in ("The", "A", "An", "This", "That", "Its", "Their") or taken.overlaps(s, e):
            continue
        k = bisect_left(start_keys, e)  # the first place after the name: "... air base in southern Israel"
        nxt = starts[k] if k < len(starts) else None
        anchor = nxt if nxt is not None and nxt.lat is not None and _INSTALLATION_IN.match(text[e:nxt.start]) else None
        if anchor is not None:
            unc = INSTALLATION_EXTENT_KM.get(anchor.feature, 10.0)
            out.append((PlaceMention(m.group("name"), s, e, m.group("name"), anchor.lat, anchor.lon, anchor.country_code,
                                     "installation", 0.5), unc, anchor.name))
        else:
            out.append((PlaceMention(m.group("name"), s, e, m.group("name"), None, None, None, "installation", 0.3), None, None))
    return out


def theatre_role(sentence: str, start: int, end: int, event_type: str | None, *, feature: str | None = None,
                 country_code: str | None = None, launcher_countries: frozenset = frozenset(),
                 facility: bool = False) -> str:
    """The role of a place in an event, with strikes and interceptions read from the sentence.

    On top of :func:`role_of`: in an interception, "over / above / off / near" the place is
    the *interception* point ("shot down over the Red Sea"); in a launch or strike, "from
    [... areas of]" is the launch site ("from Houthi-controlled areas of Yemen"), "at /
    against / targeting / on" a place outside the launcher's country is the *target*
    ("launched missiles at Israel"), as are places "struck", "hit", "invasion of"...
    A sea after "at" stays where the launch came down.

    Parameters
    ----------
    feature, country_code : str, optional
        The place's kind and ISO alpha-2 country.
    launcher_countries : frozenset of str
        ISO alpha-2 codes of the event's initiators' states.
    """
    before = sentence[max(0, start - 80):start]
    if event_type == "interception":
        if _FROM_BEFORE.search(before):
            return "launch_site"
        if _STRUCK_BEFORE.search(before) or _AT_BEFORE.search(before) and feature != "sea":
            return "target"
        if _OVER_BEFORE.search(before):
            return "interception"
        return "mention"
    if event_type in ("missile_launch", "weapons_test", "attack"):
        if _FROM_BEFORE.search(before) and not _IMPACT_BEFORE.search(before):
            return "launch_site"
        if event_type == "attack":
            foreign = country_code is None or not launcher_countries or country_code not in launcher_countries
        else:  # a launch "at" a place is aimed at it only when that place is known to lie abroad
            foreign = bool(country_code and launcher_countries and country_code not in launcher_countries)
        if event_type == "attack" and _STRUCK_BEFORE.search(before) and feature != "sea":
            return "target"
        if _AT_BEFORE.search(before) and feature != "sea" and foreign and not facility:
            return "target"
        if event_type == "attack" and _IN_AREA_BEFORE.search(before) and feature != "sea":
            return "target"  # "struck a base in southern Israel"
    if re.search(r"\btargets?\s+(?:in|on)\s+(?:the\s+)?$", before, re.I):
        return "target"  # "simulated attacks on targets in South Korea": aimed at, not held in
    if event_type in ("military_exercise", "deployment") and _OVER_BEFORE.search(before) and not facility:
        return "venue"  # "a naval exercise near Jeju": where it was held
    return role_of(sentence, start, end, event_type, facility=facility)


def town_named(mention: PlaceMention) -> PlaceMention:
    """The town of the same name when ``mention`` was read as a province, region or country.

    Distances are measured from towns ("40 km north of Kharkiv" is from the city, not from the
    centroid of Kharkiv oblast; "30 nautical miles off Djibouti" from the port): a relative
    position's anchor read as an area is replaced by the best-ranked city or capital of that
    name in the same country, when the gazetteer has one.
    """
    if mention.feature not in ("admin1", "region", "country"):
        return mention
    cc = mention.country_code
    for p in Gazetteer.default().search(mention.text, limit=10, country=cc):
        if p.feature in ("city", "capital") and normalize(p.name) == normalize(mention.text) or (
                p.feature in ("city", "capital") and normalize(mention.text) in {normalize(n) for n in p.alternate_names}):
            return PlaceMention(mention.text, mention.start, mention.end, p.name, p.lat, p.lon, p.country_code or cc,
                                p.feature, mention.score, p.id)
    return mention
