"""Resolution: choose, for every mention, the place it means; jointly per document.

Each distinct name of a text has candidate places (one sense per discourse: every
"Paris" of a text is the same Paris). A candidate's score is

    weight(place, name)               the gazetteer's ranking weight: its prior (kind and population)
                                      times how the name reaches it, plus 0.3 for a sea or lake
                                      when the name says it is water ("Red Sea") (``Lookup.weight``)
    + W_COUNTRY * S_country           share of the other names with a candidate in its country
    + W_ADMIN1  * S_division          ... in its first-level division (for a country: in it)
    + W_NEAR    * S_near              ... within about NEAR_KM (Gaussian kernel; towns and counties)
    + W_QUALIFIER                     a "City, State" / "City, Country" qualifier names its division or country
    + W_CONTEXT                       its country is one the caller gave as context
    + W_LIST    * S_list              share of the names listed with it ("Mexico, China, Japan and
                                      Brazil") whose choice is a place of the same kind (country,
                                      admin1, admin2, region, point)
    + W_DESIGNATOR                    a neighbouring word names its kind ("Washington state",
                                      "the province of Laguna")

where each other name supports through its best candidate in that country, division
or neighbourhood, weighted by how likely that candidate currently is relative to the
name's favourite. The probabilities are a softmax of the scores per name, updated over
PASSES mean-field passes: CLIFF-CLAVIN's co-location heuristics made soft and joint.
The confidence of a choice is the final probability of the places within
SAME_PLACE_KM of it (a city and its same-named province are one answer on a map). The pairwise terms are numpy
matrix operations over all candidates of the text.

A country or a capital that is the subject of a verb of saying or deciding ("Washington
said", "Tokyo has protested", "The United States and Japan have decided") stands for a
government: it keeps its coordinates and confidence but comes back with ``kind="metonym"``
(:func:`geo.geoparse.cues.metonymic`). A qualifier of the same level is a list, not a qualifier: a country
does not qualify a country ("Mexico, China, Japan"), nor a state a state.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from geo.coords import haversine_km
from geo.gazetteer.normalize import normalize
from geo.gazetteer.place import Place
from geo.geoparse.candidates import candidates, query_key
from geo.geoparse.cues import METONYM_FEATURES, designator, level, list_is_metonymic, list_siblings, metonymic
from geo.geoparse.lookup import Lookup
from geo.geoparse.recognize import Mention

W_COUNTRY = 0.3
W_ADMIN1 = 0.4
W_NEAR = 0.4
NEAR_KM = 100.0  # towns this close together are read as one neighbourhood
W_QUALIFIER = 1.5
W_CONTEXT = 0.3
BETA = 10.0  # inverse temperature of the choice: a 0.1 score gap is odds of e to 1
PASSES = 4
ALPHA = 0.5  # 0: any candidate of another name vouches fully; 1: only in proportion to its probability
SAME_PLACE_KM = 50.0  # candidates this close are one answer for the confidence
# The score of "a place the index does not hold" (a street, a hamlet, a person's name), counted
# in the confidence only: a lone small candidate with no support from the text is a guess.
NULL_SCORE = 0.5  # Brier score of the confidence on LGL and GeoVirus: best near 0.5 (docs/geoparse.md)
MAX_JOINT = 60  # candidates per name in the joint choice
W_LIST = 0.3  # names listed together ("Mexico, China, Japan and Brazil") are places of one kind
W_DESIGNATOR = 0.5  # "Washington state", "the province of Laguna": the text says what kind of place


@dataclass(frozen=True)
class Toponym:
    """A located place mention: ``text == source[start:end]``.

    ``score`` is the confidence (0..1) that the place is the one meant;
    ``kind`` is ``"place"``, ``"demonym"`` ("Japanese" -> Japan) or ``"metonym"``
    (a country or capital standing for its government: "Washington said").
    Coordinates are degrees; None when no place of that name is known.
    """

    text: str
    start: int
    end: int
    name: str | None
    lat: float | None
    lon: float | None
    country_code: str | None
    feature: str | None
    score: float
    kind: str = "place"
    place: Place | None = None

    def to_dict(self) -> dict:
        """The JSON shape of the ``geoparse`` command."""
        return {"text": self.text, "start": self.start, "end": self.end, "lat": self.lat, "lon": self.lon,
                "name": self.name, "country_code": self.country_code, "score": round(self.score, 3),
                "feature": self.feature, "kind": self.kind}


# A given span the index cannot place ("Vaughn Ridge Road", a hamlet) is, most often, where
# the story is: at the nearest place the text names. About half of such guesses on LGL and
# GeoVirus land within 161 km, hence a middling confidence.
INFERRED_SCORE = 0.4
_POINT_FEATURES = ("city", "capital", "admin2", "facility")
_TOO_WIDE = ("near", "continent", "region", "sea", "ocean", "lake")


def place_unknown_near_known(toponyms: Sequence[Toponym]) -> list[Toponym]:
    """Place each unresolved toponym at the nearest resolved one in the text (by position).

    A town, county or facility is preferred to a state or a country; a continent, a region or
    a sea is too wide to lend its point ("Fort Hood" is not in Africa). The result keeps the
    mention's own text and offsets and says what it borrowed: ``feature="near"``, ``name``
    the place it was put at, ``place`` None, ``score`` :data:`INFERRED_SCORE`. Toponyms
    already resolved are returned as they are; with nothing resolved in the text, nothing changes.
    """
    known = [t for t in toponyms if t.lat is not None and t.feature not in _TOO_WIDE]
    points = [t for t in known if t.feature in _POINT_FEATURES] or known
    out = []
    for t in toponyms:
        if t.lat is None and points:
            k = min(points, key=lambda p: abs(p.start - t.start))
            t = replace(t, name=k.name, lat=k.lat, lon=k.lon, country_code=k.country_code, feature="near",
                        score=INFERRED_SCORE, place=None)
        out.append(t)
    return out


def _softmax_by_group(x: np.ndarray, owner: np.ndarray, n_groups: int) -> np.ndarray:
    mx = np.full(n_groups, -np.inf)
    np.maximum.at(mx, owner, x)
    e = np.exp(x - mx[owner])
    tot = np.zeros(n_groups)
    np.add.at(tot, owner, e)
    return e / tot[owner]


def _pairwise_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Distances between every pair of points, km (an n x n matrix)."""
    return haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])


def resolve(text: str, mentions: Sequence[Mention], lookup: Lookup | None = None,
            context_countries: Sequence[str] = ()) -> list[Toponym]:
    """Resolve recognised mentions jointly; returns one :class:`Toponym` per mention, in order.

    Parameters
    ----------
    text : str
        The document the offsets refer to.
    mentions : sequence of Mention
        From a recogniser (or gold spans).
    lookup : Lookup, optional
        Name index; the default one when omitted.
    context_countries : sequence of str
        ISO alpha-2 codes the caller knows the text is about (a bonus, not a filter).
    """
    lk = lookup or Lookup.default()
    ctx = {c.upper() for c in context_countries}
    keys: list[str] = []
    groups: dict[str, list[Place]] = {}
    for m in mentions:
        k = m.kind + ":" + (query_key(m) if m.kind == "place" else normalize(m.text))
        keys.append(k)
        if k not in groups:
            cands = candidates(lk, m)
            if len(cands) > MAX_JOINT:
                wkey = k.split(":", 1)[1]
                cands = sorted(cands, key=lambda p: lk.weight(p, wkey), reverse=True)[:MAX_JOINT]
            groups[k] = cands
    # Qualifiers: the states or countries the qualifying name could be.
    qualifiers: dict[str, set[tuple[str | None, str | None]]] = {}
    for idx, m in enumerate(mentions):
        if m.qualifier is None or not (0 <= m.qualifier < len(mentions)):
            continue
        ka, kb = keys[idx].split(":", 1)[1], keys[m.qualifier].split(":", 1)[1]
        top_a = max(groups.get(keys[idx], []), key=lambda p: lk.weight(p, ka), default=None)
        top_b = max(groups.get(keys[m.qualifier], []), key=lambda p: lk.weight(p, kb), default=None)
        if (top_a is not None and top_b is not None and level(top_a) == level(top_b)
                and level(top_a) in ("country", "admin1")):
            # "Mexico, China, Japan": a country does not qualify a country (nor a state a state):
            # the comma is a list, not "China, Japan" the town in Kagoshima.
            continue
        allowed = set()
        for p in groups.get(keys[m.qualifier], []):
            if p.feature == "country":
                allowed.add((p.country_code, None))
            elif p.feature == "admin1":
                allowed.add((p.country_code, p.admin1))
        if allowed:
            qualifiers.setdefault(keys[idx], set()).update(allowed)

    # What neighbouring words say of a name's kind, and which names are listed together;
    # one sense per discourse, so both gather over every mention of a name.
    designated: dict[str, set[str]] = {}
    for m, k in zip(mentions, keys):
        if m.kind == "place":
            d = designator(text, m)
            if d:
                designated.setdefault(k, set()).update(d)
    sib_keys: dict[str, set[str]] = {}
    siblings = list_siblings(text, mentions)
    for k, sib in zip(keys, siblings):
        if sib:
            sib_keys.setdefault(k, set()).update(keys[j] for j in sib if keys[j] != k)

    distinct = [k for k in groups if groups[k]]
    choice: dict[str, tuple[Place, float]] = {}
    if distinct:
        choice = _joint(distinct, groups, qualifiers, ctx, lk, designated, sib_keys)

    out = []
    for idx, (m, k, sib) in enumerate(zip(mentions, keys, siblings)):
        c = choice.get(k)
        if c is None:
            out.append(Toponym(m.text, m.start, m.end, None, None, None, None, None, 0.0, m.kind, None))
            continue
        p, conf = c
        kind = m.kind
        if metonymic(text, m, p.feature):
            kind = "metonym"
        elif sib and m.kind == "place" and p.feature in METONYM_FEATURES and sib[-1] > idx:
            # "The United States and Japan have decided": the whole subject is metonymic,
            # unless a preposition governs the list ("talks between Paris and Rome said").
            last, first = mentions[sib[-1]], mentions[min(sib[0], idx)]
            lc = choice.get(keys[sib[-1]])
            if lc is not None and list_is_metonymic(text, first, last, lc[0].feature):
                kind = "metonym"
        out.append(Toponym(m.text, m.start, m.end, p.name, p.lat, p.lon, p.country_code, p.feature,
                           round(float(conf), 4), kind, p))
    return out


def _joint(distinct, groups, qualifiers, ctx, lk, designated, sib_keys) -> dict[str, tuple[Place, float]]:
    """Mean-field choice over all names at once, name -> (place, confidence); see the module docstring."""
    places: list[Place] = []
    owner_l: list[int] = []
    for g, k in enumerate(distinct):
        places.extend(groups[k])
        owner_l.extend([g] * len(groups[k]))
    n, G = len(places), len(distinct)
    owner = np.asarray(owner_l)
    names = [k.split(":", 1)[1] for k in distinct]
    # The gazetteer's weight: the same ranking as geocode's for a name alone.
    pri = np.array([lk.weight(p, names[g]) for p, g in zip(places, owner_l)])
    codes: dict = {}
    cc = np.array([codes.setdefault(("c", p.country_code), len(codes)) if p.country_code else -1 for p in places])
    a1 = np.array([codes.setdefault(("a", p.country_code, p.admin1), len(codes))
                   if p.admin1 and p.feature != "country" else -1 for p in places])
    areal = np.array([p.feature in ("country", "admin1", "sea", "lake", "region", "continent") for p in places])
    is_country = np.array([p.feature == "country" for p in places])
    lat = np.array([p.lat for p in places])
    lon = np.array([p.lon for p in places])
    bonus = np.zeros(n)
    for i, (p, g) in enumerate(zip(places, owner_l)):
        quals = qualifiers.get(distinct[g])
        if quals and ((p.country_code, None) in quals or (p.country_code, p.admin1) in quals):
            bonus[i] += W_QUALIFIER
        if p.country_code in ctx:
            bonus[i] += W_CONTEXT
        want = designated.get(distinct[g])
        if want and level(p) in want:
            bonus[i] += W_DESIGNATOR
    if G == 1:
        score = pri + bonus
        prob = _softmax_by_group(BETA * score, owner, G)
    else:
        starts = np.searchsorted(owner, np.arange(G))  # names' candidates are contiguous
        onehot = np.zeros((n, G))
        onehot[np.arange(n), owner] = 1.0
        not_own = 1.0 - onehot  # a name does not support itself
        same_cc = (cc[:, None] == cc[None, :]) & (cc[:, None] >= 0)
        same_a1 = (a1[:, None] == a1[None, :]) & (a1[:, None] >= 0)
        # Admin1 places support what lies in them, but "Texas" is not "near" Paris, Texas:
        # proximity is only between points (towns, counties, facilities).
        point = ~areal
        near = np.exp(-(_pairwise_km(lat, lon) / NEAR_KM) ** 2)
        near *= point[:, None] & point[None, :]
        prob = _softmax_by_group(BETA * (pri + bonus), owner, G)
        levels = ("country", "admin1", "admin2", "region", "point")
        lev = np.array([levels.index(level(p)) for p in places])
        gidx = {k: g for g, k in enumerate(distinct)}
        sibs = [[gidx[h] for h in sib_keys.get(k, ()) if h in gidx] for k in distinct]
        has_sibs = np.array([bool(sibs[g]) for g in owner_l])
        for _ in range(PASSES):
            # List coherence: the probability that the names listed with this one are places
            # of the same kind (a country among countries, a state among states).
            s_list = np.zeros(n)
            if has_sibs.any():
                by_level = np.zeros((G, len(levels)))
                np.add.at(by_level, (owner, lev), prob)
                share = np.array([by_level[s].mean(0) if s else np.zeros(len(levels)) for s in sibs])
                s_list = share[owner, lev] * has_sibs
            # Support from each other name: its best candidate in the same country, the same
            # division, or nearby, weighted by how likely that candidate is relative to the name's
            # favourite (so an ambiguous "Madison County" still vouches for the one near "Richmond").
            gmax = np.zeros(G)
            np.maximum.at(gmax, owner, prob)
            w = (prob / gmax[owner]) ** ALPHA
            s_cc = (np.maximum.reduceat(same_cc * w[None, :], starts, axis=1) * not_own).sum(1) / (G - 1)
            s_a1 = (np.maximum.reduceat(same_a1 * w[None, :], starts, axis=1) * not_own).sum(1) / (G - 1)
            s_near = (np.maximum.reduceat(near * w[None, :], starts, axis=1) * not_own).sum(1) / (G - 1)
            # A country is its own division: what lies in it supports it as a town supports its state.
            score = (pri + bonus + W_COUNTRY * s_cc + W_ADMIN1 * np.where(is_country, s_cc, s_a1 * (~areal | (a1 >= 0)))
                     + W_NEAR * s_near + W_LIST * s_list)
            prob = _softmax_by_group(BETA * score, owner, G)
    out = {}
    for g, k in enumerate(distinct):
        idx = np.flatnonzero(owner == g)
        best = idx[np.argmax(score[idx])]
        # Confidence in the location, not in the record: Pyongyang the city and Pyongyang the
        # province are one answer on a map, so their probabilities add up.
        same = _pairwise_km(np.append(lat[best], lat[idx]), np.append(lon[best], lon[idx]))[0, 1:] <= SAME_PLACE_KM
        e = np.exp(BETA * (score[idx] - score[best]))
        conf = float(e[same].sum() / (e.sum() + np.exp(BETA * (NULL_SCORE - score[best]))))
        out[k] = (places[best], min(1.0, conf))
    return out
