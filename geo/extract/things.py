"""Named things that are not places: ships, aircraft, weapons and operations.

A capitalised name after a vessel noun ("the tanker Marlin Luanda", "the destroyer USS
Carney", "the flagship Moskva"), after a ship prefix ("USS Carney", "HMS Diamond", "MV
Rubymar"), or in an apposition that says what it is ("the Moskva, the flagship of ...") is
a vessel; an aircraft or weapon designation ("MQ-9 Reaper", "Su-34", "Shahed-136") or a
weapon system's name ("Kinzhal", "Storm Shadow", "Iron Dome") is an aircraft or a weapon;
"Operation Prosperity Guardian" is an operation. None of them is geocoded: their words are
kept out of the geoparser's places and the actor dictionary's actors, and they are kept
as event attributes (``attributes.things``, docs/events.md), with the role the sentence
gives them (``target`` after "at", "on", "targeting", "hit", "struck"...) and, for vessels,
the flag or owner the text states ("British-flagged" -> ``flag: GBR``).

The vessel nouns, ship prefixes, designation shapes and weapon-system names are
dictionaries of *kinds of things*, not of test reports' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.extract.patterns import DisjointSpans, ci

_VESSEL_NOUN = (
    r"(?:oil |crude |chemical |product |LNG |LPG |gas )?tankers?|bulk carriers?|bulkers?|container ?ships?|cargo (?:ships?|vessels?)|"
    r"merchant (?:ships?|vessels?)|commercial (?:ships?|vessels?)|freighters?|car carriers?|vehicle carriers?|vessels?|ships?|"
    r"warships?|destroyers?|frigates?|cruisers?|corvettes?|aircraft carriers?|carriers?|submarines?|patrol (?:boats?|vessels?)|"
    r"landing ships?|amphibious (?:assault )?ships?|flagship|trawlers?|ferry|ferries|yachts?|tugs?|minesweepers?|"
    r"guided-missile destroyers?|missile boats?|dhows?"
)
_NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|\d+|of|the|de|al|el)"
_NOT_NAME = ci(r"^(?:on|in|at|near|off|and|or|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
               r"July|August|September|October|November|December|The|A|An|It|Its|Their|This|That|Yemen|Israel|Iran)$")
_SHIP_PREFIX = r"USS|HMS|HMCS|HMAS|HMNZS|INS|FS|RFS|ITS|HNLMS|HDMS|KRI|ROKS|PNS|ARA|MV|M/V|MT|M/T|SS|NS"
_VESSEL_AFTER_NOUN = re.compile(
    rf"(?<![\w-])(?P<noun>(?i:{_VESSEL_NOUN}))\s+(?P<name>(?:(?:{_SHIP_PREFIX})\s+)?[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|\d+))*)")
_VESSEL_PREFIXED = re.compile(rf"(?<![\w/])(?P<name>(?:{_SHIP_PREFIX})\s+[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){{0,2}})")
_VESSEL_APPOSITION = re.compile(
    rf"\bthe\s+(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){{0,2}}),\s+(?:a|an|the)\s+(?:[\w'\u2019-]+\s+){{0,4}}?(?P<noun>(?i:{_VESSEL_NOUN}))\b")
_AIRCRAFT = re.compile(
    r"(?<![\w-])(?P<name>(?:MQ|RQ|F|FA|F/A|Su|Tu|Il|B|A|C|KC|E|P|AH|UH|CH|MH|MiG|J|H|Ka|Mi|TB)-\d+[A-Z]?(?:\s+(?:Reaper|Global Hawk|Super Hornet|Hornet|Lightning(?: II)?|Strike Eagle|Eagle|Falcon|Raptor|Backfire|Bear|Blackjack|Flanker|Fullback|Apache|Black Hawk|Poseidon|Stratofortress|Spirit|Lancer))?)(?![\w-])")
# Weapon systems reported by name (missiles, drones, air defences); a kind of thing, not a place.
_WEAPON_NAMES = (
    "Shahed", "Geran", "Kinzhal", "Kalibr", "Iskander", "Oreshnik", "Zircon", "Tsirkon", "Storm Shadow", "SCALP", "ATACMS", "HIMARS",
    "Patriot", "Iron Dome", "David's Sling", "Arrow", "THAAD", "Aegis", "Tomahawk", "Harpoon", "BrahMos", "Fattah", "Kheibar Shekan",
    "Emad", "Ghadr", "Sejjil", "Zolfaghar", "Dezful", "Burkan", "Toufan", "Quds", "Samad", "Lancet", "Bayraktar", "Hellfire",
    "Standard Missile", "SM-2", "SM-3", "SM-6", "Sea Sparrow", "Nasr", "Shaheen", "Ghauri", "Babur", "Fateh", "Agni", "Prithvi",
    "Akash", "S-300", "S-400", "Pantsir", "Tor", "Buk", "Kh-101", "Kh-22", "Kh-47", "Onyx", "P-800", "Neptune", "Grad", "Smerch",
    "Tochka", "Kornet", "Qassam", "Fajr", "Zelzal", "Falaq", "Burkan", "Tomahawks",
)
_WEAPON = re.compile(r"(?<![\w-])(?P<name>(?:" + "|".join(re.escape(w).replace("'", "['\u2019]") for w in sorted(_WEAPON_NAMES, key=len, reverse=True))
                     + r")(?:-\d+\w*)?(?:\s+(?:Mk\s?\d+|M|II|\d+))?)(?![\w])")
_OPERATION = re.compile(r"\bOperation\s+(?P<name>[A-Z][\w'\u2019-]*(?:\s+(?:[A-Z][\w'\u2019-]*|\d+|of|the))*)")
_FLAG = re.compile(r"(?P<adj>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)-(?P<how>flagged|owned|operated|registered|managed|linked|bound)\s+(?:[\w-]+\s+){0,4}$")
_DEMONYM_BEFORE = re.compile(r"(?<![\w-])(?P<adj>(?!The\b|A\b|An\b|Its\b|This\b)[A-Z][a-z]+)\s+(?:[a-z-]+\s+){0,2}$")
_TARGET_CUE = ci(
    r"\b(?:at|on|against|targeting|targeted|toward|towards|hit|hitting|struck|striking|attacked|attacking|attack on|strike on|"
    r"struck by|damaged|damaging|sank|sinking of|sunk|hijacked|seized|boarded)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'\u2019-]+\s+){0,5}$")


@dataclass(frozen=True)
class Thing:
    """A named thing in text: ``kind`` is vessel, aircraft, weapon or operation; offsets into the text."""

    kind: str
    name: str
    start: int
    end: int
    noun: str | None = None  # what the text calls it ("tanker", "destroyer")
    flag: str | None = None  # words before "-flagged" ("British"); resolved to a code by the caller
    owner: str | None = None  # words before "-owned", "-operated", "-linked"


def _trim_name(name: str) -> str:
    """Cut a name at the first word that cannot belong to it ("Marlin Luanda On" -> "Marlin Luanda")."""
    words = name.split()
    keep: list[str] = []
    for w in words:
        if _NOT_NAME.match(w.strip(".,")) and keep:
            break
        keep.append(w)
    while keep and keep[-1].lower() in ("of", "the", "de", "al", "el"):
        keep.pop()
    return " ".join(keep).rstrip(".,")


def find_things(text: str) -> list[Thing]:
    """Ships, aircraft, weapons and operations named in ``text``, sorted, not overlapping."""
    found: list[Thing] = []
    taken = DisjointSpans()  # spans already claimed (a list scanned per match would be quadratic)

    def add(kind: str, name: str, start: int, noun: str | None = None) -> None:
        name = _trim_name(name)
        if not name or _NOT_NAME.match(name):
            return
        end = start + len(name)
        if not taken.free(start, end):
            return
        taken.add(start, end)
        flag = owner = None
        m = _FLAG.search(text[max(0, start - 80):start])
        if kind == "vessel" and m:
            if m.group("how") in ("flagged", "registered"):
                flag = m.group("adj")
            else:
                owner = m.group("adj")
        found.append(Thing(kind, name, start, end, noun, flag, owner))

    for m in _OPERATION.finditer(text):
        add("operation", m.group(0), m.start())
    for m in _VESSEL_PREFIXED.finditer(text):
        add("vessel", m.group("name"), m.start("name"))
    for m in _VESSEL_AFTER_NOUN.finditer(text):
        if not m.group("name")[:1].isupper():
            continue
        add("vessel", m.group("name"), m.start("name"), m.group("noun").lower())
        demonym = _DEMONYM_BEFORE.search(text[max(0, m.start("noun") - 40):m.start("noun")])
        if demonym and found and found[-1].start == m.start("name") and found[-1].flag is None:
            # "the Russian cruiser Moskva": the adjective says whose ship it is (resolved by the caller)
            t = found.pop()
            found.append(Thing(t.kind, t.name, t.start, t.end, t.noun, demonym.group("adj"), t.owner))
    for m in _VESSEL_APPOSITION.finditer(text):
        add("vessel", m.group("name"), m.start("name"), m.group("noun").lower())
    for m in _AIRCRAFT.finditer(text):
        add("aircraft", m.group("name"), m.start("name"))
    for m in _WEAPON.finditer(text):
        add("weapon", m.group("name"), m.start("name"))
    found.sort(key=lambda t: t.start)
    return found


def thing_role(sentence: str, start: int) -> str:
    """``target`` when the words before the thing make it what was struck, else ``mention``."""
    return "target" if _TARGET_CUE.search(sentence[max(0, start - 60):start]) else "mention"


# Navy ship prefixes and the state whose navy they name.
_NAVY = {"USS": "USA", "HMS": "GBR", "HMCS": "CAN", "HMAS": "AUS", "HMNZS": "NZL", "INS": "IND", "FS": "FRA", "RFS": "RUS",
         "ITS": "ITA", "HNLMS": "NLD", "HDMS": "DNK", "KRI": "IDN", "ROKS": "KOR", "PNS": "PAK", "ARA": "ARG", "JS": "JPN"}


def navy_state(name: str) -> str | None:
    """The ISO alpha-3 code of the navy a ship's prefix names ("USS Carney" -> USA), or None."""
    return _NAVY.get(name.split()[0]) if name else None
