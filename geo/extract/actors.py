"""Actors: find states, their institutions and leaders, and international bodies in text.

The dictionary is ``data/actors/actors.json`` (built by ``scripts/build_actors.py``):
every country with its ISO 3166 alpha-3 code, short forms and demonyms;
international bodies with their organs ("U.N. Security Council" -> ``UN``);
institutions that act for a state ("South Korea's Joint Chiefs of Staff",
"the North Korean ministry", "Pentagon"); leaders and officials ("Kim Jong Un").

Matching is case-sensitive (names are proper nouns; "us" is not "US"), longest
first. A person's bare surname ("Kim") refers to the last person of that name
written in full earlier in the same text. A capital stands for its government
("Pyongyang fired ...") unless a preposition makes it a place ("from near
Pyongyang"); "the North" is North Korea in a text that names North Korea.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from geo.errors import DataError
from geo.extract.patterns import DisjointSpans, ci
from geo.resources import data_path

ACTORS_FILE = data_path("actors", "actors.json")
_FAMILY_NAME_FIRST = {"PRK", "KOR", "CHN"}  # Korean and Chinese names put the family name first


# Words after which a capital is a place rather than its government.
_PLACE_PREPOSITION = ci(
    r"\b(?:in|near|from|to|at|of|over|toward|towards|around|outside|into|across|via|between|off|north|south|east|west)\s+(?:the\s+)?$",
)


_POSSESSIVE = re.compile(r"['\u2019]s$")
# "British-flagged", "Iranian-backed", "Houthi-controlled": the name qualifies a ship, a group or a
# place; it is an attribute of that, not an actor of the event.
# A demonym before a place or vessel noun describes it ("the central Iranian city of", "Ukrainian cities",
# "the Russian cruiser"): where it is or whose flag it flies, not who acts.
_PLACE_OR_VESSEL_NOUN = re.compile(
    r"\s+(?:[a-z-]+\s+){0,2}?(?:(?:city|cities|town|towns|village|villages|region|regions|province|provinces|territory|capital|port|"
    r"coast|coastline|waters|airspace|border|soil|district|districts)\b|"
    r"(?:cruiser|tanker|ship|vessel|frigate|destroyer|corvette|freighter|carrier|warship|flagship|submarine)\s+[A-Z])")  # a named ship
_ATTRIBUTE_AFTER = re.compile(
    r"-(?:flagged|owned|linked|operated|registered|managed|chartered|made|built|designed|supplied|backed|funded|"
    r"sponsored|armed|controlled|held|occupied|run|administered|annexed|bound|based|allied|aligned|affiliated)\b")


@dataclass(frozen=True)
class ActorMention:
    """An actor named in text: ``code`` (ISO alpha-3 or a body code), ``name`` (canonical),
    ``kind`` (state, body, government, military, leader, official, media), offsets into the text;
    for people (``person``) ``name`` is the person's full name, otherwise the state's or body's."""

    text: str
    start: int
    end: int
    code: str
    name: str
    kind: str
    person: bool = False
    country: str | None = None  # groups and commands: the state they belong to or act in (ISO alpha-3)

    @property
    def bare(self) -> str:
        """The words without a trailing possessive: "the U.N. Security Council's" -> "the U.N. Security Council"."""
        return _POSSESSIVE.sub("", self.text)


def _alternation(names) -> str:
    names = sorted(set(n for n in names if n), key=len, reverse=True)
    return "|".join(re.escape(n).replace("\\'", "['\u2019]").replace("'", "['\u2019]") for n in names)


class ActorDictionary:
    """The loaded dictionary with compiled matchers; use :func:`default_dictionary`."""

    def __init__(self, data: dict) -> None:
        self.by_name: dict[str, tuple[str, str, str]] = {}  # surface -> (code, canonical name, kind)
        self.names: dict[str, str] = {}  # code -> canonical name
        self.iso2: dict[str, str] = {}  # alpha-3 -> alpha-2, for the geoparser's context
        for s in data["states"]:
            self.names[s["code"]] = s["name"]
            if s.get("iso2"):
                self.iso2[s["code"]] = s["iso2"]
            for n in s["names"]:
                self.by_name.setdefault(n, (s["code"], s["name"], "state"))
            for d in s["demonyms"]:
                self.by_name.setdefault(d, (s["code"], s["name"], "state"))
        self.cameo: dict[str, str] = {}  # actor code -> CAMEO actor code, where one exists
        self.country: dict[str, str] = {}  # group or command code -> its state's alpha-3
        for b in data["bodies"]:
            self.names[b["code"]] = b["name"]
            if b.get("cameo"):
                self.cameo[b["code"]] = b["cameo"]
            for n in b["names"]:
                self.by_name[n] = (b["code"], b["name"], "body")
        for g in data.get("groups", ()):  # non-state groups and commands (older dictionaries have none)
            self.names[g["code"]] = g["name"]
            if g.get("cameo"):
                self.cameo[g["code"]] = g["cameo"]
            if g.get("country"):
                self.country[g["code"]] = g["country"]
            for n in g["names"]:
                self.by_name[n] = (g["code"], g["name"], g["kind"])
        self.attach: dict[str, str] = {}
        self.fixed: dict[str, tuple[str, str]] = {}
        for i in data["institutions"]:
            if i.get("attach"):
                self.attach[i["name"]] = i["kind"]
            else:
                self.fixed[i["name"]] = (i["code"], i["kind"])
        self.people: dict[str, tuple[str, str, str]] = {}
        self.short_names: dict[str, str] = {}  # canonical person -> surname used alone
        for p in data["people"]:
            for n in p["names"]:
                self.people[n] = (p["code"], p["name"], p["kind"])
            parts = p["name"].split()
            self.short_names[p["name"]] = parts[0] if p["code"] in _FAMILY_NAME_FIRST else parts[-1]
        self.metonyms: dict[str, str] = dict(data.get("metonyms", {}))
        self._metonym = re.compile(rf"(?<![\w.])(?P<m>{_alternation(self.metonyms)})(?:['\u2019]s)?(?![\w-])") if self.metonyms else None
        entity = _alternation(self.by_name)
        self._normal = {self._key(k): v for k, v in self.by_name.items()}
        self._attach_norm = {self._key(k): v for k, v in self.attach.items()}
        self._composite = re.compile(
            rf"(?<![\w.])(?P<ent>{entity})(?:['\u2019]s)?\s+(?:(?:[A-Z][\w-]*|state|top|senior|military|defen[cs]e|foreign|government|ruling|central|national|official|armed|naval|air)\s+){{0,2}}?(?P<inst>{_alternation(self.attach)})(?![\w])"
        )
        self._single = re.compile(
            rf"(?<![\w.])(?:(?P<person>{_alternation(self.people)})|(?P<fixed>{_alternation(self.fixed)})|(?P<ent>{entity}))"
            rf"(?:['\u2019]s)?(?![\w])"
        )
        self._fixed_norm = {self._key(k): v for k, v in self.fixed.items()}
        self._people_norm = {self._key(k): v for k, v in self.people.items()}

    @staticmethod
    def _key(s: str) -> str:
        return s.replace("\u2019", "'")

    def find(self, text: str) -> list[ActorMention]:
        """Find actor mentions in ``text``; offsets are into ``text``, sorted, not overlapping."""
        out: list[ActorMention] = []
        taken = DisjointSpans()  # spans already claimed; a list searched per match was quadratic
        free = taken.free
        named_in_text: dict[str, bool] = {}  # name -> written in the text (searched once per name, not per match)

        for m in self._composite.finditer(text):
            code, name, _ = self._normal[self._key(m.group("ent"))]
            inst = m.group("inst")
            kind = self._attach_norm[self._key(inst)]
            between = text[m.end("ent"):m.start("inst")]
            if re.search(r"[,;:]|\b(?:and|or|to|of|in|at|on|for|with|from|by|that|who|which|is|was|has|have|had)\b", between):
                continue  # "the United States and South Korea to strengthen" is two actors, not one institution
            out.append(ActorMention(m.group(), m.start(), m.end(), code, name, kind))
            taken.add(*m.span())
        seen_people: dict[str, tuple[str, str, str]] = {}
        for m in self._single.finditer(text):
            if not free(*m.span()):
                continue
            if m.group("person"):
                code, name, kind = self._people_norm[self._key(m.group("person"))]
                seen_people[self.short_names[name]] = (code, name, kind)
                out.append(ActorMention(m.group(), m.start(), m.end(), code, name, kind, True))
                taken.add(*m.span())
                continue
            elif m.group("fixed"):
                code, kind = self._fixed_norm[self._key(m.group("fixed"))]
                name = self.names.get(code, code)
            else:
                code, name, kind = self._normal[self._key(m.group("ent"))]
            out.append(ActorMention(m.group(), m.start(), m.end(), code, name, kind))
            taken.add(*m.span())
        if self._metonym is not None:
            for m in self._metonym.finditer(text):
                if not free(*m.span()) or _PLACE_PREPOSITION.search(text[max(0, m.start() - 30):m.start()]):
                    continue  # "launched from near Pyongyang" is a place, not the government
                word = m.group("m")
                code = self.metonyms[word]
                full_name = self.names.get(code, "")
                if full_name not in named_in_text:
                    named_in_text[full_name] = full_name in text
                if word.startswith("the ") and not named_in_text[full_name]:
                    continue  # "the North" means North Korea only in a text about North Korea
                if word.startswith("the ") and not (m.start() == 0 or text[m.start()].isupper() or text[m.start() - 1] in " \n"):
                    continue
                out.append(ActorMention(m.group(), m.start(), m.end(), code, self.names.get(code, code), "government"))
                taken.add(*m.span())
        if seen_people:
            full = sorted((a for a in out if a.person), key=lambda a: a.start)
            # per surname, the people written in full, in text order; they never overlap, so
            # their ends are in order too and the latest one before a point is a bisection away
            by_surname: dict[str, list[ActorMention]] = {}
            for a in full:
                by_surname.setdefault(self.short_names[a.name], []).append(a)
            ends = {k: [a.end for a in v] for k, v in by_surname.items()}
            short = re.compile(rf"(?<![\w.])(?P<s>{_alternation(seen_people)})(?:['\u2019]s)?(?![\w-])(?!\s+[A-Z][a-z]+\b)")
            for m in short.finditer(text):
                if not free(*m.span()):
                    continue
                # the latest person of that surname written in full before this point
                k = bisect_right(ends.get(m.group("s"), ()), m.start())
                if not k:
                    continue
                p = by_surname[m.group("s")][k - 1]
                out.append(ActorMention(m.group(), m.start(), m.end(), p.code, p.name, p.kind, True))
                taken.add(*m.span())
        out.sort(key=lambda a: a.start)
        return self._groups_and_attributes(text, out)

    def _groups_and_attributes(self, text: str, found: list[ActorMention]) -> list[ActorMention]:
        """Drop adjectives that describe something else ("British-flagged", "Iranian-backed",
        "Houthi-controlled areas") and a state's possessive before its own group ("Yemen's Houthi
        rebels" is the Houthis, not also Yemen); give groups and commands their country."""
        out: list[ActorMention] = []
        for i, a in enumerate(found):
            if _ATTRIBUTE_AFTER.match(text, a.end):
                continue
            if a.kind == "state" and not _POSSESSIVE.search(a.text) and a.text not in self.names.values() \
                    and _PLACE_OR_VESSEL_NOUN.match(text, a.end):
                continue  # "the Iranian city of Isfahan", "the Russian cruiser Moskva": an attribute of the place or ship
            nxt = found[i + 1] if i + 1 < len(found) else None
            if (nxt is not None and _POSSESSIVE.search(a.text) and self.country.get(nxt.code) == a.code
                    and re.fullmatch(r"\s+(?:[\w-]+\s+)?", text[a.end:nxt.start])):
                continue
            if a.code in self.country and a.country is None:
                a = ActorMention(a.text, a.start, a.end, a.code, a.name, a.kind, a.person, self.country[a.code])
            out.append(a)
        return out


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    """The bundled dictionary, loaded once per process."""
    try:
        data = json.loads(ACTORS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"actor dictionary {ACTORS_FILE} is missing or damaged ({exc}); run scripts/build_actors.py") from None
    return ActorDictionary(data)


def find_actors(text: str) -> list[ActorMention]:
    """Find actor mentions in ``text`` with the bundled dictionary."""
    return default_dictionary().find(text)


def actor_name(code: str) -> str:
    """Canonical name for an actor code (``PRK`` -> ``North Korea``); the code itself when unknown."""
    return default_dictionary().names.get(code, code)
