"""Demonyms of first-level divisions and regions ("Ohioans", "Texan", "South Ossetian").

The country table (:meth:`geo.gazetteer.Gazetteer.demonym`) knows "Japanese" and
"South Korean"; it does not know the people and adjectives of states, provinces and
regions. They follow English morphology closely enough to be derived from the
names themselves, so instead of a list this module builds, once per
:class:`~geo.geoparse.lookup.Lookup`, a table of derived forms:

- ``-n`` after ``-a``/``-ia``: Minnesota -> Minnesotan, Ossetia -> Ossetian; ``-ian`` for
  ``-a``: Carolina -> Carolinian; the bare stem of a long ``-ia``/``-ya`` name: Abkhazia -> Abkhaz;
- ``-an`` and ``-ian`` after ``-o``: Ohio -> Ohioan, Ontario -> Ontarian, Colorado -> Coloradan;
- a final ``-s`` dropped: Texas -> Texan, Kansas -> Kansan; ``-an`` after ``-s``: Illinoisan;
- ``-an`` after ``-e`` (Tennessee -> Tennessean, Crete -> Cretan), ``-ian`` for ``-y``
  (Kentucky -> Kentuckian), ``-an`` after ``-i`` (Hawaii -> Hawaiian), ``-n`` after ``-h`` (Utahn);
- after a consonant ``-an``, ``-ian`` (Tibetan, Oregonian); ``-i`` after ``-stan``/``-ab`` only
  (Dagestani, Punjabi: after other names it makes surnames, "Gilani", "Tehrani"); ``-ese``
  after ``-n`` (Hainanese);
- for first-level divisions only, the agent nouns ``-er``/``-ite``: New Yorker, Rhode Islander,
  Marylander, Mainer, Wisconsinite;
- plurals (``-s``; none for ``-ese`` and bare stems) and possessives (``Ohioans'``, ``Texan's``).

Multi-word names keep their first words ("South Ossetia" -> "South Ossetian"); generic
words are dropped first ("Novosibirsk Oblast" -> "Novosibirsk"), and a dash compound whose
first part has several words also gives that part ("North Ossetia-Alania" -> "North Ossetian").

Precision comes first, so a derived form (or the singular of a plural) is dropped when it is

- an English word: Zipf >= :data:`MAX_ZIPF` ("Victorian", "Roman"), or a word at all that is
  more frequent than its source name ("gunman" from Gunma), or an agent noun that is a word
  ("cooker", "hamburger"), or a given name or a word made from one ("Christian", "Marian");
- a country demonym or country name the country table already has ("Georgian");
- the name of a place in the index (a name is read as that place, never as our guess);
- derived from areas of different countries of like prominence ("Punjabi": Punjab in
  Pakistan and in India), unless one is far more prominent (:data:`PRIOR_MARGIN`,
  :data:`POP_RATIO`).

Only prominent areas are sources: first-level divisions of at least :data:`MIN_POPULATION`
people, the gazetteer's regions and countries (a country's own demonyms come from the country
table first; derived ones fill its gaps: "Ugandan", "Fijian"). Continents are left out
("North American", "Asians" name kinds of things more often than places), and so are cities
("Parisian", "Roman").
"""

from __future__ import annotations

import re
from functools import lru_cache

from typing import TYPE_CHECKING

from geo.gazetteer.countries import strip_possessive
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.normalize import normalize
from geo.gazetteer.place import Place
from geo.geoparse.lexicon import common_words, lexicon

if TYPE_CHECKING:  # the lookup imports this module; a lookup is only passed in
    from geo.geoparse.lookup import Lookup


def prior(place: Place) -> float:
    """The gazetteer's prior of a place (the one ranking's)."""
    return Gazetteer.default().prior(place)

MEMO_SIZE = 200_000  # surface strings remembered per lookup
MIN_STEM = 4  # letters: "Ohio", "Utah"; "Ibb" or "Est" give "Ibbian", "Estan" and other people's names
MIN_POPULATION = 200_000  # Abkhazia (217,000 people in GeoNames) is in; districts of small countries are out
MAX_ZIPF = 4.0  # "victorian" 4.1, "european" 5.1 are words; "georgian" 3.5, "texan" 3.2 are not yet
PRIOR_MARGIN = 0.05  # a region (prior 0.85) over a small division (0.8) of another country
NAME_MARGIN = 0.0  # a form that is a word needs a name at least as frequent ("bavaria" 3.2, "bavarian" 3.1)
POP_RATIO = 10.0  # between divisions of like prior, ten times the people is "far more prominent"
_SOURCE_FEATURES = ("admin1", "region", "country")
# Words that say what kind of area a name is, not which one: dropped before deriving.
_GENERIC = frozenset(
    "province state region oblast krai kray republic governorate department county prefecture voivodeship "
    "district territory municipality autonomous okrug division emirate canton parish community "
    "strip peninsula heights mountains states area zone capital federal".split()
)
# Stems that are directions or kinds of place: "Southern Region" must not give "Southerner".
_NO_STEM = frozenset(
    "north south east west central northern southern eastern western northeast northwest southeast "
    "southwest middle upper lower greater new great saint st san santa la le el al".split()
)
_DASH = re.compile(r"\s*[-–—]\s*")
_VOWELS = "aeiou"
_AGENT = ("er", "ite")


def _singulars(word: str, agent: bool = True) -> set[str]:
    """English demonyms and adjectives of one (last) word of a name, singular, lower case.

    ``agent`` adds the nouns in ``-er`` and ``-ite`` (New Yorker, Wisconsinite): a pattern of
    states and provinces, and the one most often an English word ("cooker", "pointer").
    """
    w = word
    out: set[str] = set()
    last = w[-1]
    if w.endswith(("ia", "ya")):
        out.add(w + "n")  # Ossetian, Californian
    elif last == "a":
        out.update((w + "n", w[:-1] + "ian"))  # Minnesotan, Carolinian
    elif last == "o":
        out.update((w + "an", w[:-1] + "ian", w[:-1] + "an"))  # Ohioan, Ontarian, Coloradan
    elif last == "s":
        if w[-2:-1] == "a":
            out.add(w[:-1] + "n")  # Texan, Kansan
        out.update((w + "an", w + "ian"))  # Illinoisan
    elif last == "e":
        out.update((w[:-1] + "an", w + "r", w[:-1] + "ite"))  # Cretan, Tennessean, Mainer
    elif last == "i":
        out.add(w + "an")  # Hawaiian, Missourian
    elif last == "y":
        out.update((w[:-1] + "ian", w + "ite"))  # Kentuckian, New Jerseyite
    elif last == "h":
        out.update((w + "n", w + "an", w + "ite"))  # Utahn
    elif last not in _VOWELS:
        out.update((w + "an", w + "ian", w + "ite"))  # Tibetan, Oregonian, Wisconsinite
        if w.endswith(("stan", "ab")):
            # Dagestani, Punjabi. Not after other names: "Gilani", "Tehrani", "Kermani" are surnames.
            out.add(w + "i")
        if last == "n":
            out.add(w + "ese")  # Hainanese, Bhutanese
        if w.endswith("land"):
            out.add(w + "er")  # Marylander, Queenslander
    out.discard(w)
    if not agent:
        out = {f for f in out if not f.endswith(_AGENT)}
    return out


def _bare_stem(word: str) -> str | None:
    """The people of an -ia/-ya land named by its stem: Abkhazia -> Abkhaz (longer names only: not "Georg")."""
    if word.endswith(("ia", "ya")) and len(word) >= 8:
        return word[:-2]
    return None


def _forms(words: list[str], agent: bool = True) -> list[tuple[str, str]]:
    """Every derived form of a name given as normalised words, as (form, its singular's last word)."""
    if not words or words[-1] in _NO_STEM or len(words[-1]) < MIN_STEM or "and" in words:
        return []
    head = " ".join(words[:-1])
    pairs = []
    if head and agent and words[-1][-1] not in _VOWELS:
        pairs += [(words[-1] + "er", words[-1] + "er"), (words[-1] + "ers", words[-1] + "er")]  # New Yorker
    for f in _singulars(words[-1], agent):
        pairs.append((f, f))
        if not f.endswith("ese"):
            pairs.append((f + "s", f))  # Ohioans, Dagestanis, New Yorkers
    bare = _bare_stem(words[-1])
    if bare is not None:
        pairs.append((bare, bare))  # no plural: "the Abkhaz"
    return [(f"{head} {f}" if head else f, sing) for f, sing in pairs]


def _stems(name: str) -> list[list[str]]:
    """The word lists a name's demonyms are built on: without generic words, and a dash compound's first part."""
    parts = [name]
    pieces = _DASH.split(name)
    if len(pieces) > 1 and " " in pieces[0].strip():
        parts.append(pieces[0])  # "North Ossetia-Alania" -> "North Ossetia"
    out = []
    for part in parts:
        words = normalize(part).split()
        while words and words[-1] in _GENERIC:
            words = words[:-1]
        if words:
            out.append(words)
    return out


def _sources(lookup: Lookup) -> list[Place]:
    """The areas demonyms are derived from: prominent divisions, regions and countries."""
    continents = {normalize(p.name) for p in lookup.gz.places_of_kind("continent")}
    out = []
    for p in lookup.gz.places_of_kind(*_SOURCE_FEATURES):
        if normalize(p.name) in continents:
            continue  # "North American", "Asian": kinds of things more often than places
        if p.feature == "admin1" and (p.population or 0) < MIN_POPULATION:
            continue
        out.append(p)
    return out


def _choose(places: list[Place]) -> Place | None:
    """The place a form shared by several areas stands for, or None when it is ambiguous."""
    if len(places) == 1:
        return places[0]
    places = sorted(places, key=lambda p: (-prior(p), -(p.population or 0)))
    best = places[0]
    for other in places[1:]:
        if other.country_code == best.country_code:
            continue  # Hawaii the region and the state: one area, either answer is right
        far = prior(best) - prior(other) >= PRIOR_MARGIN or (
            (best.population or 0) >= POP_RATIO * max(other.population or 0, 1))
        if not far:
            return None
    return best  # by prior: a country over its own division (Tunisian), a state over its region (Hawaiian)


def _plain_enough(form: str, singular: str, stem: str, common: dict[str, float], first: set[str]) -> bool:
    """False when a one-word form is an English word first: frequent, or more frequent than its
    source's name ("gunman" from Gunma, "dominican" from Dominica), an agent noun that is a word
    at all ("cooker", "hamburger"), or a word derived from a given name ("Marian" from Mary);
    while "texan" (Zipf 3.2 beside "texas" 4.9) is the word for the people of Texas."""
    z = max(common.get(form, 0.0), common.get(singular, 0.0))
    if z == 0.0:
        return True
    if singular.endswith(_AGENT) or stem in first:
        return False
    return z < MAX_ZIPF and common.get(stem, 0.0) >= z + NAME_MARGIN


def demonym_table(lookup: Lookup) -> dict[str, Place]:
    """Normalised derived form -> the division, region or country it stands for.

    Built once per lookup (about 0.4 s) and cached; see the module docstring for the rules.
    """
    return _cached(lookup)[0]


@lru_cache(maxsize=4)
def _cached(lookup: Lookup) -> tuple[dict[str, Place], dict[str, Place | None]]:
    """The table of a lookup, and a memo of answers by surface string (the recogniser asks
    about every capitalised word, most of them many times)."""
    return _build(lookup), {}


def _build(lookup: Lookup) -> dict[str, Place]:
    common = common_words()
    first = {w.lower() for w in lexicon().get("first", ())}
    gz = lookup.gz
    # form -> its one source, or a list when several give it: no container per form, because the
    # objects a build leaves to the collector's oldest generation slow every later geoparse.
    by_form: dict[str, Place | list[Place]] = {}
    for p in _sources(lookup):
        names = {p.name}
        if p.feature != "country":
            # English alternates only ("Bavaria" for "Bayern"); foreign spellings would add noise.
            names.update(a for a in p.alternate_names if a.isascii() and not a.isupper())
        for name in names:
            for words in _stems(name):
                for form, singular in _forms(words, agent=p.feature == "admin1"):
                    if len(words) == 1 and not _plain_enough(form, singular, words[0], common, first):
                        continue
                    had = by_form.setdefault(form, p)
                    if had is not p:
                        if isinstance(had, list):
                            if p not in had:
                                had.append(p)
                        else:
                            by_form[form] = [had, p]
    table: dict[str, Place] = {}
    for form, places in by_form.items():
        # A plural goes with its singular: "Marians" is out when "Marian" is.
        forms = (form, form[:-1]) if form.endswith("s") else (form,)
        if any(f.split()[-1] in first or f in lookup.names for f in forms):
            continue  # "Christian", "Norman"; a form that is itself a place name stays that place
        if any(gz.demonym(f) is not None for f in forms):
            continue  # "Georgian" is the country's; the table answers first anyway
        best = _choose(places) if isinstance(places, list) else places
        if best is not None:
            table[form] = best
    return table


def division_demonym(lookup: Lookup, surface: str) -> Place | None:
    """The division, region or country a capitalised demonym or adjective stands for.

    Parameters
    ----------
    lookup : Lookup
        The name index; the demonym table is built from it on first use and cached.
    surface : str
        The words as written: "Ohioans", "a Texan's" is not one ("Texan's" is),
        "South Ossetian", "New Yorkers".

    Returns
    -------
    Place or None
        The place, located as :meth:`Lookup.candidates` locates it (divisions at
        their area centre); None for anything not in the table.
    """
    table, memo = _cached(lookup)
    try:
        return memo[surface]
    except (KeyError, TypeError):
        pass
    if not isinstance(surface, str) or not surface[:1].isupper():
        return None
    p = table.get(normalize(strip_possessive(surface)))
    if len(memo) >= MEMO_SIZE:
        memo.clear()  # a long run over many texts: start again rather than grow without bound
    memo[surface] = p
    return p
