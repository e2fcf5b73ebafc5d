"""The name index the geoparser matches against: the project gazetteer plus
second-level divisions (US counties and parishes and their peers) from
``data/geoparse/admin2.tsv``, regions from ``regions.tsv``, and villages from
``minor_places.tsv.gz`` (candidates for a recognised name, never names on their own),
none of which the gazetteer holds.

Everything is keyed by :func:`geo.gazetteer.normalize`; lookups are cached, so a
name seen in many documents is looked up once per process.
"""

from __future__ import annotations

import gzip
import math
from functools import lru_cache

from geo.errors import DataError
from geo.gazetteer.normalize import normalize
from geo.gazetteer.place import Place
from geo.resources import data_path

DATA = data_path("geoparse")

# Prior prominence of a place by kind: what a reader assumes a bare name means
# when nothing else in the text says otherwise (a country before a town of the same name).
FEATURE_PRIOR = {
    "country": 1.0, "continent": 1.0, "admin1": 0.92, "sea": 0.85, "lake": 0.85, "ocean": 0.9, "region": 0.85,
    "capital": 0.95, "admin2": 0.62, "facility": 0.5,
}
ALT_NAME_PENALTY = 0.1  # "Berea" is an old name of Aleppo: a match on another name is weaker
# Generic words a county name carries; "Rapides Parish" is also written "Rapides".
_ADMIN2_SUFFIXES = ("county", "parish", "borough", "census area", "municipality", "city and borough")
# GeoNames writes many divisions with their designator first ("Province of Pangasinan",
# "Provincia de Salta"); news writes the bare name, which is then the division's own name.
_ADMIN2_PREFIXES = ("province of", "province du", "province de", "provincia de", "provincia di", "provincia del",
                    "departamento de", "departamento del", "partido de", "municipio de", "distrito de",
                    "politischer bezirk")


def prior(place: Place) -> float:
    """Prominence of a place in [0, 1]: its kind, and its population for towns (log scale)."""
    base = FEATURE_PRIOR.get(place.feature)
    if place.feature == "capital" and (place.population or 0) < 200_000:
        base = 0.82  # Douglas (Isle of Man), Victoria (Seychelles): capitals, but small ones
    if place.feature == "admin1" and (place.population or 0) < 500_000:
        base = 0.8  # "Central", "Northwest", "Saint Patrick": small divisions far away are not what a bare word means
    # A town never outranks a same-named state on size alone ("New York"); context must say so.
    by_pop = min(0.9, math.log10(max(place.population or 0, 0) + 1) / 7.0)
    if base is None:
        return by_pop
    return max(base, by_pop) if place.feature in ("capital", "admin2") else base


def read_table(name: str) -> list[list[str]]:
    """The rows of ``data/geoparse/<name>`` split on tabs, without comment and blank lines.

    Raises
    ------
    DataError
        The file is missing (rebuild it with ``scripts/build_geoparse_data.py``).
    """
    path = DATA / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataError(f"{path} is missing; run scripts/build_geoparse_data.py") from None
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _admin2_places() -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = {}
    for cc, a1, name, lat, lon, _n in read_table("admin2.tsv"):
        place = Place(id=f"admin2:{cc}.{a1}.{name}", name=name, lat=float(lat), lon=float(lon),
                      country_code=cc, feature="admin2", population=0, admin1=a1, score=0.0,
                      source="geonames", alternate_names=())
        key = normalize(name)
        out.setdefault(key, []).append(place)
    return out


def _short_admin2(admin2: dict[str, list[Place]]) -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """Divisions by their name without the generic word.

    Returns
    -------
    suffixed : dict
        "DeKalb" for "DeKalb County": a candidate only, since a bare "DeKalb" is more often the town.
    prefixed : dict
        "Pangasinan" for "Province of Pangasinan": the name the division goes by.
    """
    suffixed: dict[str, list[Place]] = {}
    prefixed: dict[str, list[Place]] = {}
    for key, places in admin2.items():
        for suffix in _ADMIN2_SUFFIXES:
            if key.endswith(" " + suffix):
                suffixed.setdefault(key[: -len(suffix) - 1], []).extend(places)
                break
        for prefix in _ADMIN2_PREFIXES:
            if key.startswith(prefix + " "):
                prefixed.setdefault(key[len(prefix) + 1:], []).extend(places)
                break
    return suffixed, prefixed


def _minor_places() -> dict[str, list[tuple[str, ...]]]:
    """Villages by normalised name, as raw rows (Places are made only for names a text uses)."""
    path = DATA / "minor_places.tsv.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    except FileNotFoundError:
        raise DataError(f"{path} is missing; run scripts/build_geoparse_data.py") from None
    out: dict[str, list[tuple[str, ...]]] = {}
    for row in rows:
        out.setdefault(normalize(row[0]), []).append(tuple(row))
    return out


def _minor_place(row: tuple[str, ...]) -> Place:
    name, lat, lon, cc, a1, pop = row
    return Place(id=f"geonames-minor:{cc}:{name}:{lat},{lon}", name=name, lat=float(lat), lon=float(lon),
                 country_code=cc, feature="city", population=int(pop), admin1=a1 or None, score=0.0,
                 source="geonames", alternate_names=())


def _regions() -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = {}
    for name, lat, lon, feature, cc in read_table("regions.tsv"):
        out.setdefault(normalize(name), []).append(
            Place(id=f"{feature}:{cc}:{name}", name=name, lat=float(lat), lon=float(lon), country_code=cc or None,
                  feature=feature, population=0, admin1=None, score=0.0, source="geonames"))
    return out


def _aliases() -> dict[str, tuple[str, str, str]]:
    out = {}
    for alias, name, cc, feature in read_table("aliases.tsv"):
        out[normalize(alias)] = (normalize(name), None if cc == "-" else cc, feature)
    return out


def _code_only(p: Place, key: str) -> bool:
    if normalize(p.name) == key:
        return False
    return any(normalize(a) == key and a.isupper() for a in p.alternate_names)


class Lookup:
    """Names, name prefixes and candidates for the recogniser and the resolver.

    Parameters
    ----------
    gazetteer : Gazetteer
        The project gazetteer.
    """

    def __init__(self, gazetteer) -> None:
        self.gz = gazetteer
        self.admin2 = _admin2_places()
        self.admin2_short, self.admin2_named = _short_admin2(self.admin2)
        self.regions = _regions()
        self.aliases = _aliases()
        self.minor = _minor_places()
        names = set(gazetteer.names())
        names.update(self.admin2)
        names.update(self.admin2_named)
        names.update(self.regions)
        names.update(self.aliases)
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

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "Lookup":
        """The process-wide index over :meth:`geo.gazetteer.Gazetteer.default`."""
        from geo.gazetteer import Gazetteer

        return cls(Gazetteer.default())

    @staticmethod
    def key(surface: str) -> str:
        """The normalised form of a surface string."""
        return normalize(surface)

    def starts_name(self, word: str) -> bool:
        """True when ``word`` is the first word of a multi-word place name ("New", "Santa")."""
        return normalize(word) in self.prefixes  # a word token normalises to one word

    def candidates(self, key: str) -> list[Place]:
        """Every place called ``key`` (already normalised), from the gazetteer and the admin2 table."""
        hit = self._cand.get(key)
        if hit is None:
            hit = list(self.gz.candidates(key)) + self.admin2.get(key, [])
            # "DeKalb" may be the county; a short county name is a candidate, never a recognised name.
            hit += self.admin2_short.get(key, []) + self.admin2_named.get(key, [])
            hit += self.regions.get(key, [])
            hit += [_minor_place(row) for row in self.minor.get(key, ())]
            if key in self.no_article:
                hit += self.gz.candidates(self.no_article[key])
            alias = self.aliases.get(key)
            if alias is not None:
                name, cc, feature = alias
                hit += [p for p in self.gz.candidates(name)
                        if p.country_code == cc and p.feature == feature]
            self._cand[key] = hit
        return hit

    def case_ok(self, surface: str, key: str) -> bool:
        """False when ``surface`` matches only all-capital codes of places ("Sen" and SEN, Senegal)."""
        return bool(self.for_surface(surface, key)) or not self.candidates(key)

    def for_surface(self, surface: str, key: str) -> list[Place]:
        """Candidates of ``key`` that ``surface`` can mean: a code ("SEN", "GEO") only when written in capitals."""
        cands = self.candidates(key)
        if len(key.replace(" ", "")) > 3:
            return cands
        if surface.isupper():
            # "MAC" is Macau's ISO code, but in news a code stands for a country only when it is
            # a short form readers know ("UK", "DPRK"): those the gazetteer's demonym() knows.
            if len(key) == 3 and self.gz.demonym(surface) is None:
                cands = [p for p in cands if not _code_only(p, key)]
            if len(surface.replace(".", "")) == 2 and key not in self.aliases:
                # Two capitals are an abbreviation ("EU", "UN", "NY"): they stand for a place only
                # through a code or a known short form, never for a town spelled so (Eu, Normandy).
                known = self.gz.demonym(surface)
                cands = [p for p in cands if normalize(p.name) != key
                         or (known is not None and p.country_code == known.country_code)]
            return cands
        return [p for p in cands if not _code_only(p, key)]

    def is_division(self, word: str) -> bool:
        """True when ``word`` names a country or a first-level division ("Texas", "Ohio")."""
        return any(p.feature in ("country", "admin1") for p in self.candidates(normalize(word)))

    def demonym(self, surface: str) -> Place | None:
        """The country (or place) a demonym or adjective stands for, or None."""
        p = self.gz.demonym(surface)
        if p is None:
            from geo.geoparse.demonyms import division_demonym  # it reads this index

            return division_demonym(self, surface)
        return p

    def prominence(self, key: str, surface: str | None = None, primary_only: bool = False) -> float:
        """The highest :func:`prior` among the candidates of ``key``; 0 when there are none.

        With ``surface``, codes written in lower case do not count ("Ben" is not BEN, Benin),
        and a place found only under another of its names counts a little less.
        """
        cands = self.candidates(key) if surface is None else self.for_surface(surface, key)
        if primary_only:
            cands = [p for p in cands if self.primary(p, key)]
        return max((prior(p) - (0.0 if self.primary(p, key) else ALT_NAME_PENALTY) for p in cands), default=0.0)

    def primary(self, p: Place, key: str) -> bool:
        """True when ``key`` is the place's own name (or a listed abbreviation of it), not an old or foreign one."""
        return normalize(p.name) == key or key in self.aliases
