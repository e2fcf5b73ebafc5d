"""Candidates: every place a mention may mean, before the text chooses among them.

The lookup by the mention's name (or its query: "La." is looked up as Louisiana), then,
for a name the index lacks, looser readings in order of how much meaning they keep:
spelling variants, a demonym, the name without a direction or a feature word
("Eastern Mediterranean" -> "Mediterranean"), the gazetteer's own search.
"""

from __future__ import annotations

from functools import lru_cache

from geo.errors import InvalidInput
from geo.gazetteer.normalize import normalize, query_variants
from geo.gazetteer.place import Place
from geo.geoparse.lookup import Lookup
from geo.geoparse.recognize import US_STATE_ABBREV, Mention, lexicon

MAX_CANDIDATES = 200  # "San Jose" has hundreds of namesakes; the most prominent are kept


def query_key(m: Mention) -> str:
    """The normalised name a mention is looked up by."""
    if m.query:
        return normalize(m.query)
    state = state_of_abbreviation(m.text)
    return normalize(state or m.text)


def state_of_abbreviation(surface: str) -> str | None:
    """The US state an AP-style abbreviation with its dot stands for ("Fla." -> "Florida"), else None."""
    if surface in US_STATE_ABBREV and "." in surface:
        return US_STATE_ABBREV[surface]
    if surface.endswith(".") and surface[:-1] in US_STATE_ABBREV and not surface[:-1].isupper():
        return US_STATE_ABBREV[surface[:-1]]
    return None


def candidates(lk: Lookup, m: Mention) -> list[Place]:
    """Every place ``m`` may mean: by its name, else by looser readings (at most MAX_CANDIDATES)."""
    if m.kind == "demonym":
        p = lk.demonym(m.text)
        return [p] if p is not None else []
    key = query_key(m)
    surface = m.query or m.text
    cands = lk.for_surface(surface, key)
    if not cands and surface.isupper() and len(surface.replace(".", "")) <= 2:
        # An abbreviation the index does not know ("EU") is not guessed at by spelling.
        p = lk.demonym(m.text)
        return [p] if p is not None else []
    if not cands:
        for v in query_variants(key):
            cands = lk.candidates(v)
            if cands:
                break
    if not cands:
        p = lk.demonym(m.text)
        cands = [p] if p is not None else []
    if not cands:
        cands = _looser(lk, key)
    if len(cands) > MAX_CANDIDATES:
        cands = sorted(cands, key=lambda p: lk.weight(p, key), reverse=True)[:MAX_CANDIDATES]
    return cands


_DIRECTIONS = ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater", "downtown")
_FEATURE_WORDS = ("valley", "river", "mountains", "mountain", "delta", "basin", "township", "twp", "region",
                  "area", "international airport", "airport", "proving ground", "square", "peninsula", "co")


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that name a kind of place, never one place ("creek", "valley"), normalised."""
    return frozenset(normalize(w) for w in lexicon().get("generic", ()))


def _looser(lk: Lookup, key: str) -> list[Place]:
    """Candidates for a name the index does not hold, tried in order of how much meaning is kept.

    "Eastern Mediterranean" -> "Mediterranean", "Salinas Valley" -> "Salinas",
    "Da Nang International Airport" -> "Da Nang"; then the gazetteer's own search
    (romanisation variants, "Sea" and "Province" suffixes), best match only.
    """
    words = key.split()
    tries = []
    if len(words) > 1 and words[0] in _DIRECTIONS:
        tries.append(" ".join(words[1:]))
    for fw in _FEATURE_WORDS:
        if key.endswith(" " + fw) and len(key) > len(fw) + 1:
            tries.append(key[: -len(fw) - 1])
    tries += [key + " sea", key + " ocean"]  # "Mediterranean", "Atlantic"
    generic = _generic_words()
    for k in tries:
        if k in generic:
            continue  # "Eastern Creek" is not some place called "Creek"
        cands = lk.candidates(k)
        if cands:
            return cands
    try:
        hits = lk.gz.search(key, limit=3)
    except InvalidInput:  # a query the gazetteer refuses (over 200 characters) is simply not found
        return []
    # Only a hit that still carries the name ("Sinpo" for "Sinp'o"), never a guess ("Baytown" for "Eastern Creek").
    return [h for h in hits
            if h.score >= 0.5 and (key in normalize(h.name) or normalize(h.name) in key)][:1]
