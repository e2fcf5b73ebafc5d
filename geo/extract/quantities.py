"""Quantities in report text: distances (km, miles, nautical miles), apogee,
flight time and numbers of missiles, each with what it measures.

A distance is classified by the words around it, nearest first:

- ``apogee``: "apogee", "altitude", "height", "peak", "... km high";
- ``range``: "flew", "traveled", "range of", "distance", "downrange", "covering";
- ``offset``: "200 km west of Oshima", "5 km outside of Sunchon", "off the coast":
  a position relative to a place, not how far something flew;
- ``capability``: "could fly", "maximum range", "capable of", "if launched": a
  potential, not an observation;
- ``perigee``: the low point of an orbit;
- ``distance``: any other distance.

Numbers sharing one unit ("390 and 340 km") give one quantity each; a
conversion in brackets ("581 km (361 mi)") is the same quantity and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.extract.patterns import ci, overlaps

KM_PER_UNIT = {
    "km": 1.0, "kms": 1.0, "kilometer": 1.0, "kilometers": 1.0, "kilometre": 1.0, "kilometres": 1.0,
    "mile": 1.609344, "miles": 1.609344, "mi": 1.609344,
    "nautical mile": 1.852, "nautical miles": 1.852, "nm": 1.852, "nmi": 1.852,
    "meter": 0.001, "meters": 0.001, "metre": 0.001, "metres": 0.001, "m": 0.001,
}
SECONDS_PER_UNIT = {"second": 1, "seconds": 1, "sec": 1, "secs": 1, "s": 1, "minute": 60, "minutes": 60, "min": 60, "mins": 60, "hour": 3600, "hours": 3600}
COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12, "dozens of": 24, "a pair of": 2, "a couple of": 2,
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUAL = r"(?P<qual>about|approximately|approx\.?|around|some|roughly|nearly|almost|over|more than|up to|at least|less than|under|an estimated|estimated|at most|just over|just under)\s+"
_DIST_UNIT = r"(?P<unit>nautical miles?|nmi|nm|kilomet(?:er|re)s?|kms?|miles?|mi|met(?:er|re)s?|m)"
_DISTANCE = ci(
    rf"(?:{_QUAL})?(?P<nums>(?:{_NUM})(?:\s*(?:,|and|or|to|-|\u2013)\s*(?:{_NUM})){{0,5}})\s?(?:-\s?)?{_DIST_UNIT}(?![A-Za-z])",
)
_ONE_NUM = re.compile(_NUM)
_BRACKETED = ci(rf"\s*\(\s*(?:{_NUM})\s?(?:{_DIST_UNIT.replace('?P<unit>', '')})\s*\)")
_DURATION = ci(
    rf"(?:{_QUAL})?(?P<num>{_NUM})\s?(?:-\s?)?(?P<unit>seconds?|secs?|minutes?|mins?|hours?)\b",
)
_COUNT = ci(
    r"(?:(?P<qual>more than|over|at least|about|some|nearly|up to|a total of|as many as)\s+)?"
    r"(?<![\w-])(?P<num>\d{1,3}(?:,\d{3})*|a dozen|dozens of|a pair of|a couple of|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<what>(?:[\w-]+\s+){0,4}?(?:missiles?|rockets?|projectiles?|launch(?:es)?|satellites?|warheads?|[SMI]RBMs?|ICBMs?|SLBMs?))\b",
)

# Cue words and their class; searched in a window around the number, nearest wins.
_APOGEE = r"apogees?|altitudes?|height|heights|peak(?:ed|ing)?|high|maximum altitude|ceiling"
_RANGE = r"flew|flown|fly|flying|flight of|trajectory of|travel(?:l)?ed|travel(?:l)?ing|range|ranges|distance|downrange|covered|covering|down range|reach(?:ed|ing)? a range"
_CAPABILITY = r"could|capable|capability|maximum range|max range|potential|designed|if (?:it )?(?:had been |were )?launched|would|able to|greater than or equal to|estimated range|can reach|can fly|theoretical|expected|minimum|believed"
_CUE = ci(rf"\b(?:(?P<apogee>{_APOGEE})|(?P<range>{_RANGE})|(?P<perigee>perigee))\b")
_CAP = ci(rf"\b(?:{_CAPABILITY})\b")
_OFFSET_AFTER = ci(
    r"^\s*(?:\)\s*)?(?:\(.*?\)\s*)?(?:(?:to the |due )?(?:north|south|east|west)(?:-?(?:north|south|east|west))?(?:east|west)?\s+of\b"
    r"|(?:off|outside|away|inland|offshore|from the coast|from shore|in the (?:ocean|sea)|beyond|short of)\b)",
)
_FOLLOWING_CUE = ci(r"^\s*(?:\([^)]*\)\s*)?(?P<word>apogee|altitude|high|downrange|down range|range|flight|trajectory)\b")


@dataclass(frozen=True)
class Quantity:
    """One quantity found in text.

    ``value`` is in km for distances (``kind`` apogee/range/offset/capability/distance),
    seconds for ``flight_time``, a number for ``count``. ``qualifier`` keeps
    "about", "more than"... as written (lower case). Offsets are into the text
    given to the finder.
    """

    kind: str
    value: float
    unit: str
    text: str
    start: int
    end: int
    qualifier: str | None = None


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _classify(text: str, start: int, end: int) -> str:
    after = text[end:end + 40]
    if _OFFSET_AFTER.match(after):
        return "offset"
    m = _FOLLOWING_CUE.match(after)
    before = text[max(0, start - 90):start]
    # stay in the clause: a semicolon or a sentence-like break ends the search
    cut = max(before.rfind(";"), before.rfind(". "))
    if cut >= 0:
        before = before[cut + 1:]
    # a cue inside brackets speaks of what is in the brackets: "350 km (apogee 100 km) and 800 km"
    before = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), before)
    if _CAP.search(before[-60:]):
        return "capability"
    if m:
        w = m.group("word").lower()
        if w in ("apogee", "altitude", "high"):
            return "apogee"
        return "range"
    best: tuple[int, str] | None = None
    for c in _CUE.finditer(before):
        kind = "apogee" if c.group("apogee") else "perigee" if c.group("perigee") else "range"
        dist = len(before) - c.end()
        if best is None or dist <= best[0]:
            best = (dist, kind)
    if best is not None:
        return best[1]
    return "distance"


def find_quantities(text: str) -> list[Quantity]:
    """Find distances, flight times and counts in ``text``.

    Parameters
    ----------
    text : str
        A sentence; offsets of the results are into it.

    Returns
    -------
    list of Quantity
        Sorted by start.
    """
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in _DISTANCE.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        unit = m.group("unit").lower()
        if unit == "m":
            continue  # "m" alone is too often something else ("7 m" is rare in this domain); keep only spelled meters
        factor = KM_PER_UNIT.get(unit) or KM_PER_UNIT.get(unit.rstrip("s"), 1.0)
        qual = (m.group("qual") or "").lower().rstrip(".") or None
        nums = list(_ONE_NUM.finditer(m.group("nums")))
        kind = _classify(text, m.start("nums"), m.end())
        bracket = _BRACKETED.match(text, m.end())
        end = bracket.end() if bracket else m.end()
        for n in nums:
            value = _num(n.group()) * factor
            s = m.start("nums") + n.start()
            e = m.start("nums") + n.end() if len(nums) > 1 else m.end()
            q_start = m.start() if len(nums) == 1 else s
            out.append(Quantity(kind, round(value, 3), unit, text[q_start:e], q_start, e, qual))
        taken.append((m.start(), end))
    for m in _DURATION.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        before = text[max(0, m.start() - 50):m.start()].lower()
        after = text[m.end():m.end() + 30].lower()
        if not re.search(r"\bfl(?:ew|ight|ying|own)\b|\bfor\b", before + " " + after):
            continue  # "launched within 30 seconds of each other" is not a flight time
        if re.search(r"\b(?:within|between|interval of|after|into)\s+(?:about\s+|some\s+)?$", before[-25:]) or \
                re.match(r"\s*(?:apart|later|earlier|of each other|after|before (?:the|it|its))\b", after):
            continue  # intervals between launches and times into a flight are not flight times
        unit = m.group("unit").lower()
        value = _num(m.group("num")) * SECONDS_PER_UNIT.get(unit, SECONDS_PER_UNIT.get(unit.rstrip("s"), 1))
        out.append(Quantity("flight_time", value, unit, m.group(), m.start(), m.end(), (m.group("qual") or "").lower() or None))
    for m in _COUNT.finditer(text):
        if overlaps(m.start(), m.end(), taken):
            continue
        raw = m.group("num").lower()
        value = COUNT_WORDS.get(raw) or int(raw.replace(",", ""))
        what = m.group("what").lower()
        if re.search(r"\b(?:km|kilomet|miles?|mm|kg)\b", what):
            continue
        if value >= 1900 and value <= 2100 and raw.isdigit():
            continue  # "2022 missile launches" is a year
        out.append(Quantity("count", value, what.split()[-1], m.group(), m.start(), m.end(), (m.group("qual") or "").lower() or None))
    out.sort(key=lambda q: q.start)
    return out


def disagree(values_km: list[float], tolerance: float = 0.05) -> bool:
    """True when claims differ by more than ``tolerance`` (relative to the largest)."""
    if len(values_km) < 2:
        return False
    lo, hi = min(values_km), max(values_km)
    return hi > 0 and (hi - lo) / hi > tolerance
