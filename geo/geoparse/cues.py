"""Cues in the text around a mention that say what kind of place it is, or that it is no
place: "City, State" qualifiers, designator words ("Washington state"), lists of names
("Mexico, China, Japan and Brazil"), and metonymy ("Washington said").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from geo.gazetteer.place import Place
from geo.geoparse.recognize import Mention, lexicon, state_name


def link_qualifiers(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Set ``qualifier`` on "A, B" pairs where B directly follows A after a comma.

    A state abbreviation as B ("Alexandria, La.") is looked up as the state's name.
    """
    out = list(mentions)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.kind != "place" or text[a.end:b.start] not in (", ", ","):
            continue
        if a.qualifier is None:
            out[k] = replace(a, qualifier=k + 1)
        state = state_name(b.text)
        if b.query is None and state is not None:
            out[k + 1] = replace(b, query=state)
    return out


# Words next to a name that say what kind of place it is. After the name ("Washington state",
# "Laguna province") or before it with "of" ("the state of Washington", "the city of Paris").
# "Region" and "district" are left out: "the Charlotte region", "the Lancaster district" are
# the area around a town as often as a division of that name.
_DESIGNATORS = {
    "state": ("admin1",), "province": ("admin1", "admin2"), "county": ("admin2",), "parish": ("admin2",),
    "city": ("point",), "town": ("point",), "village": ("point",),
}
_AFTER = re.compile(r"[ \t]+(state|province|county|parish)\b(?![ \t]+(?:(?-i:[A-Z])|of\b))",
                    re.IGNORECASE)
_BEFORE = re.compile(r"\b(state|province|county|parish|city|town|village)[ \t]+of[ \t]+$", re.IGNORECASE)
# Between two items of a list: a comma, a conjunction, or both ("A, B and C", "A, B, or C").
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|&)\s+)$")


# A name as the subject of a verb of saying or deciding stands for a government ("Washington
# said", "Tokyo has protested", "Japan have decided"): the verbs are in the lexicon (kinds
# "speech" and "decision"); up to two auxiliaries or adverbs may come between.
_AUX = r"(?:(?:has|have|had|will|would|could|may|might|is|was|were|are|also|then|later|again|already|quickly|" \
       r"repeatedly|strongly|publicly|formally|officially|not|never)\s+){0,2}"
_SUBJECT = re.compile(r"[ \t]*(?:\([^()]{0,40}\)[ \t]*)?" + _AUX + r"([a-z]+)\b")
# "Officials in Washington said": a preposition before the name makes it where the speakers are.
_PLACE_PREP = re.compile(r"\b(?:in|at|from|to|into|near|of|across|throughout|outside|inside|around|within|"
                         r"toward|towards|via|over|through|by|for|on|between|among|with|against|than|about|under)\s+(?:the\s+)?$", re.IGNORECASE)
METONYM_FEATURES = ("country", "capital")


def metonymic(text: str, m: Mention, feature: str | None) -> bool:
    """True when a country or capital is the subject of a verb of saying or deciding ("Washington said").

    Such a mention stands for a government, not for where something happens; it keeps its
    coordinates but is marked ``kind="metonym"``. A preposition before the name ("officials
    in Washington said") keeps it a place, and so does a possessive ("Washington's streets").
    """
    if feature not in METONYM_FEATURES or m.kind != "place":
        return False
    if text[m.end:m.end + 1] in ("'", "\u2019"):
        return False
    s = _SUBJECT.match(text, m.end)
    if s is None:
        return False
    lx = lexicon()
    verb = s.group(1)
    if verb not in lx.get("speech", frozenset()) and verb not in lx.get("decision", frozenset()):
        return False
    return _PLACE_PREP.search(text, max(0, m.start - 30), m.start) is None


def level(p: Place) -> str:
    """The kind of place for list coherence: country, admin1, admin2, region (continents, seas) or point."""
    if p.feature in ("country", "admin1", "admin2"):
        return p.feature
    if p.feature in ("continent", "region", "sea", "ocean", "lake"):
        return "region"
    return "point"


def designator(text: str, m: Mention) -> tuple[str, ...]:
    """The levels a neighbouring word gives a mention ("Washington state" -> admin1), or ()."""
    a = _AFTER.match(text, m.end)
    # "Ohio State University": a capitalised word after the designator makes it part of
    # another name; the regex leaves those out. "City" or "town" after a name says nothing
    # ("a U.S. city", "Kansas City", "the Dublin city council"); only "the city of X" does.
    if a is not None:
        return _DESIGNATORS[a.group(1).lower()]
    b = _BEFORE.search(text, max(0, m.start - 20), m.start)
    if b is not None:
        return _DESIGNATORS[b.group(1).lower()]
    return ()


def list_siblings(text: str, mentions: Sequence[Mention]) -> list[list[int]]:
    """For each mention, the mentions listed with it ("Mexico, China, Japan and Brazil").

    A list is a run of place mentions separated by commas and conjunctions with at
    least three items, or two joined by "and"/"or"; demonyms do not take part.
    """
    n = len(mentions)
    out: list[list[int]] = [[] for _ in range(n)]
    k = 0
    while k < n:
        run = [k]
        conj = False
        while run[-1] + 1 < n:
            a, b = mentions[run[-1]], mentions[run[-1] + 1]
            gap = text[a.end:b.start]
            if a.kind != "place" or b.kind != "place" or len(gap) > 8 or not _LIST_SEP.match(gap):
                break
            conj = conj or "," not in gap or gap.strip(", ") != ""
            run.append(run[-1] + 1)
        if len(run) >= 3 or (len(run) == 2 and conj):
            for i in run:
                out[i] = [j for j in run if j != i]
        k = run[-1] + 1
    return out


def list_is_metonymic(text: str, first: Mention, last: Mention, last_feature: str | None) -> bool:
    """True when a coordinated subject ends in a metonym and no preposition governs the list
    ("The United States and Japan have decided", but not "talks between Paris and Rome said")."""
    return metonymic(text, last, last_feature) and \
        _PLACE_PREP.search(text, max(0, first.start - 30), first.start) is None
