"""The name index the geoparser matches against: a view of the one gazetteer.

Counties and parishes, regions made of divisions, abbreviations ("NSW") and villages are
built into the gazetteer (``scripts/build_gazetteer.py``); villages and county names without
their generic word ("DeKalb") are candidates for a recognised name, never names on their own
(:meth:`geo.gazetteer.Gazetteer.names`). Candidates come in the gazetteer's ranking order
with their weight (:meth:`geo.gazetteer.Gazetteer.ranked_candidates`), so the geoparser's
choice for a name alone is the gazetteer's first answer.

Everything is keyed by :func:`geo.gazetteer.normalize`; lookups are cached, so a
name seen in many documents is looked up once per process.
"""

from __future__ import annotations

import math
from functools import lru_cache

from geo.gazetteer.index import Gazetteer
from geo.gazetteer.normalize import normalize
from geo.gazetteer.place import Place
from geo.geoparse.demonyms import division_demonym

# How prominent a place is *as a name*, for recognition only: whether a capitalised word is
# taken for a place ("The Dalles", a surname that is also a town). It never orders places:
# choosing among places is the gazetteer's ranking (:func:`prior`, :meth:`Lookup.weight`).
_NAME_PROMINENCE = {
    "country": 1.0, "continent": 1.0, "admin1": 0.92, "sea": 0.85, "lake": 0.85, "ocean": 0.9, "region": 0.85,
    "capital": 0.95, "admin2": 0.62, "facility": 0.5,
}
ALT_NAME_PENALTY = 0.1  # "Berea" is an old name of Aleppo: as a name, another name is weaker


def name_prominence(place: Place) -> float:
    """Prominence in [0, 1] of a place's name, for recognition: its kind, and its population for towns."""
    base = _NAME_PROMINENCE.get(place.feature)
    if place.feature == "capital" and (place.population or 0) < 200_000:
        base = 0.82  # Douglas (Isle of Man), Victoria (Seychelles): capitals, but small ones
    if place.feature == "admin1" and (place.population or 0) < 500_000:
        base = 0.8  # "Central", "Northwest", "Saint Patrick": small divisions far away are not what a bare word means
    # A town never outranks a same-named state on size alone ("New York"); context must say so.
    by_pop = min(0.9, math.log10(max(place.population or 0, 0) + 1) / 7.0)
    if base is None:
        return by_pop
    return max(base, by_pop) if place.feature in ("capital", "admin2") else base


def prior(place: Place) -> float:
    """The gazetteer's prior weight of a place (kind and population): the one ranking's prior."""
    return Gazetteer.default().prior(place)


class Lookup:
    """Names, name prefixes and candidates for the recogniser and the resolver.

    Parameters
    ----------
    gazetteer : Gazetteer
        The project gazetteer.
    """

    def __init__(self, gazetteer) -> None:
        self.gz = gazetteer
        self.aliases = gazetteer.alias_keys()
        names = set(gazetteer.names())
        # "Democratic Republic of Congo", "Isle of Man": news drops the article of "X of the Y".
        self.no_article = {n.replace(" of the ", " of "): n for n in names if " of the " in n}
        self.no_article = {k: v for k, v in self.no_article.items() if k not in names}
        names.update(self.no_article)
        self.names = frozenset(names)
        # Proper prefixes only ("gulf", "gulf of" for "gulf of mexico"): where a longer match may continue.
        prefixes = set()
        for name in names:
            if " " in name:
                words = name.split()
                for k in range(1, len(words)):
                    prefixes.add(" ".join(words[:k]))
        self.prefixes = frozenset(prefixes)
        self._cand: dict[str, list[Place]] = {}
        self._weight: dict[str, dict[str, float]] = {}
        self._codes: dict[str, set[str]] = {}  # places a name reaches only as a code ("sen": Senegal)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Lookup":
        """The process-wide index over :meth:`geo.gazetteer.Gazetteer.default`."""
        return cls(Gazetteer.default())

    @staticmethod
    def key(surface: str) -> str:
        """The normalised form of a surface string."""
        return normalize(surface)

    def starts_name(self, word: str) -> bool:
        """True when ``word`` is the first word of a multi-word place name ("New", "Santa")."""
        return normalize(word) in self.prefixes  # a word token normalises to one word

    def candidates(self, key: str) -> list[Place]:
        """Every place called ``key`` (already normalised), in the gazetteer's ranking order."""
        hit = self._cand.get(key)
        if hit is None:
            ranked = self.gz.ranked_candidates(key)
            if key in self.no_article:
                ranked = ranked + self.gz.ranked_candidates(self.no_article[key])
            hit = [p for p, _, _ in ranked]
            self._weight[key] = {p.id: w for p, w, _ in ranked}
            self._codes[key] = {p.id for p, _, code in ranked if code}
            self._cand[key] = hit
        return hit

    def _code_only(self, p: Place, key: str) -> bool:
        """True when ``key`` reaches ``p`` only as a code, as the gazetteer's index stores it."""
        if key not in self._codes:
            self.candidates(key)
        return p.id in self._codes[key]

    def weight(self, p: Place, key: str) -> float:
        """The gazetteer's weight of ``p`` as a meaning of ``key``: its prior times how the name
        reaches it (own name, alternate, county name without its generic word), plus the
        water bonus; the prior alone for a place not reached by ``key`` (a demonym's country)."""
        if key not in self._weight:
            self.candidates(key)
        w = self._weight[key].get(p.id)
        return prior(p) if w is None else w

    def case_ok(self, surface: str, key: str) -> bool:
        """False when ``surface`` matches only all-capital codes of places ("Sen" and SEN, Senegal)."""
        return bool(self.for_surface(surface, key)) or not self.candidates(key)

    def for_surface(self, surface: str, key: str) -> list[Place]:
        """Candidates of ``key`` that ``surface`` can mean: a code ("SEN", "GEO") only when written in capitals."""
        cands = self.candidates(key)
        if len(key.replace(" ", "")) > 3:
            # As the gazetteer's search: a code counts only when written in capitals ("DPRK").
            return cands if surface.isupper() else [p for p in cands if not self._code_only(p, key)]
        if surface.isupper():
            # "MAC" is Macau's ISO code, but in news a code stands for a country only when it is
            # a short form readers know ("UK", "DPRK"): those the gazetteer's demonym() knows.
            if len(key) == 3 and self.gz.demonym(surface) is None:
                cands = [p for p in cands if not self._code_only(p, key)]
            if len(surface.replace(".", "")) == 2 and key not in self.aliases:
                # Two capitals are an abbreviation ("EU", "UN", "NY"): they stand for a place only
                # through a code or a known short form, never for a town spelled so (Eu, Normandy).
                known = self.gz.demonym(surface)
                cands = [p for p in cands if normalize(p.name) != key
                         or (known is not None and p.country_code == known.country_code)]
            return cands
        return [p for p in cands if not self._code_only(p, key)]

    def is_division(self, word: str) -> bool:
        """True when ``word`` names a country or a first-level division ("Texas", "Ohio")."""
        return any(p.feature in ("country", "admin1") for p in self.candidates(normalize(word)))

    def demonym(self, surface: str) -> Place | None:
        """The country (or place) a demonym or adjective stands for, or None."""
        p = self.gz.demonym(surface)
        if p is None:
            return division_demonym(self, surface)
        return p

    def prominence(self, key: str, surface: str | None = None, primary_only: bool = False) -> float:
        """The highest :func:`name_prominence` among the candidates of ``key``; 0 when there are none.

        With ``surface``, codes written in lower case do not count ("Ben" is not BEN, Benin),
        and a place found only under another of its names counts a little less.
        """
        cands = self.candidates(key) if surface is None else self.for_surface(surface, key)
        if primary_only:
            cands = [p for p in cands if self.primary(p, key)]
        return max((name_prominence(p) - (0.0 if self.primary(p, key) else ALT_NAME_PENALTY) for p in cands),
                   default=0.0)

    def primary(self, p: Place, key: str) -> bool:
        """True when ``key`` is the place's own name (or a listed abbreviation of it), not an old or foreign one."""
        return normalize(p.name) == key or key in self.aliases
