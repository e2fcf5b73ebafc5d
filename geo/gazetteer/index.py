"""The offline gazetteer: exact and variant name lookup, ranking, countries, demonyms.

One dict maps every normalised name to a posting list of record numbers; records
live in columns and become :class:`Place` objects only when asked for (and are then
cached). Ranking is a small formula over each candidate's kind, population, how
its name matched and the context the caller passes; see :meth:`Gazetteer.search`.
"""

from __future__ import annotations

import math
import re
import struct
from array import array
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from geo.coords import check_lat_lon, haversine_km
from geo.errors import InvalidInput
import geo.gazetteer.data as _data
from geo.gazetteer.countries import read_country_names, strip_possessive
from geo.gazetteer.normalize import abbreviation_variants, loose_key, normalize, query_variants
from geo.gazetteer.place import Place, make_place

# Prior weight of each kind of place: what a reader takes a bare name to mean when nothing
# else says otherwise (a country before a town of the same name). One prior for the project:
# geocode ranks by it and the geoparser chooses by it. Towns weigh their population
# (log10(people + 1) / 7, at most 0.9): a town never outranks a same-named state on size alone.
_KIND_PRIOR = {
    "country": 1.0, "continent": 1.0, "capital": 0.95, "admin1": 0.92, "region": 0.85, "sea": 0.85,
    "lake": 0.85, "facility": 0.5, "admin2": 0.62,
}
_SMALL_CAPITAL, _SMALL_CAPITAL_PRIOR = 200_000, 0.82    # Douglas (Isle of Man), Victoria (Seychelles)
_SMALL_ADMIN1, _SMALL_ADMIN1_PRIOR = 500_000, 0.80      # "Central", "Saint Patrick": small divisions far away
_TOWN_LOG_SCALE, _TOWN_MAX = 7.0, 0.9
# How the query met the name: the primary or a curated name, a GeoNames alternate
# name (often a foreign exonym), an abbreviation/suffix variant, a loose romanisation.
_MATCH_EXACT, _MATCH_ALT, _MATCH_VARIANT, _MATCH_LOOSE = 1.0, 0.97, 0.9, 0.8
# How each posting reaches its record (stored by the build, one byte per posting): own or
# curated name, GeoNames alternate name, code ("SEN", "DPRK", "U.S.": only when the query
# is written in capitals, so "Sen" does not find Senegal), a village's name and a county's
# name without its generic word ("DeKalb"): these two are candidates, not names a recogniser
# looks for (see names()).
_KIND_OWN, _KIND_ALT, _KIND_CODE, _KIND_MINOR, _KIND_SHORT = 0, 1, 2, 3, 4
_KIND_QUALITY = (_MATCH_EXACT, _MATCH_ALT, _MATCH_EXACT, _MATCH_EXACT, _MATCH_VARIANT)
# A name that says it is water ("Red Sea", "Lake Placid") means the water first: added to
# the weight of seas and lakes, as context is.
_WATER_WORD = re.compile(r"\b(?:sea|ocean|gulf|bay|strait|straits|channel|sound|lake|lagoon|reservoir)\b")
_WATER, _WATER_FEATURES = 0.3, ("sea", "lake")
# normalize() keeps an LRU cache for callers that repeat names; a search does not need it
# (answers are cached), and a miss there costs more than normalising again.
_normalize_new = normalize.__wrapped__
# Words with a written-out or abbreviated twin ("St." / "Saint"): only keys holding one
# need abbreviation_variants().
_ABBREV_WORD = re.compile(r"\b(?:st|ste|mt|ft|pt|saint|mount|fort)\b")
# Softmax sharpness for turning raw weights into a share of belief.
_SHARPNESS = 15.0
# Candidates this close to each other are the same answer for the score (the
# city of Pyongyang, the province and the airport named after it do not compete).
_SAME_PLACE_KM = 50.0
_MAX_QUERY_CHARS = 200
# Context bonuses added to a candidate's weight: in a context country, in a context
# division, near the given point (decaying with distance).
_CONTEXT_COUNTRY, _CONTEXT_ADMIN1, _NEAR, _NEAR_SCALE_KM = 0.3, 0.2, 0.35, 500.0  # country: the geoparser's W_CONTEXT
# Ranking looks at the best 25 candidates (the rest only add to the softmax total).
_TOP = 25
# The build stores every name's ranking for a plain query (no country, context or point:
# the common case), so such a search is a slice of the index. The stored ranking is used
# only when it was computed with these constants; bump the version when the formula changes.
_RANK_VERSION = 5


def rank_signature() -> str:
    """The ranking constants in one string: stored rankings are used only when it matches."""
    return repr((_RANK_VERSION, sorted(_KIND_PRIOR.items()), _SMALL_CAPITAL, _SMALL_CAPITAL_PRIOR, _SMALL_ADMIN1,
                 _SMALL_ADMIN1_PRIOR, _TOWN_LOG_SCALE, _TOWN_MAX, _KIND_QUALITY, _MATCH_VARIANT, _MATCH_LOOSE,
                 _SHARPNESS, _SAME_PLACE_KM, _TOP, _WATER, _WATER_WORD.pattern))


def _close(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    """Within ``_SAME_PLACE_KM`` (equirectangular: exact enough at 50 km, and cheap)."""
    dlat = lat2 - lat1
    if abs(dlat) * 111.2 > _SAME_PLACE_KM:
        return False
    dlon = (lon2 - lon1 + 180.0) % 360.0 - 180.0
    x = dlon * math.cos(math.radians((lat1 + lat2) / 2)) * 111.2
    return x * x + (dlat * 111.2) ** 2 <= _SAME_PLACE_KM ** 2


_REC_DTYPE = np.dtype([("lat", "<f8"), ("lon", "<f8"), ("pop", "<i4"), ("gid", "<i4"), ("a1", "<i2"),
                       ("feat", "u1"), ("src", "u1"), ("cc", "<u2"), ("alts", "u1")])
_REC = struct.Struct("<ddiihBBHB")
assert _REC.size == _REC_DTYPE.itemsize


def _packed(typecode: str, values: np.ndarray, dtype: type) -> array:
    """A numpy column as an :class:`array.array`: indexing it is as fast as a list's, its
    values sit inline (no object per value to fetch), and the garbage collector skips it."""
    out = array(typecode)
    out.frombytes(np.ascontiguousarray(values, dtype=dtype).tobytes())
    return out


def written_as_code(query: str) -> bool:
    """True when ``query`` is written like a code: capitals only ("SEN", "DPRK", "U.S.", "the DPRK's")."""
    q = query.strip()
    if q[-2:] in ("'s", "’s"):
        q = q[:-2]
    if q[:4] in ("the ", "The "):
        q = q[4:]
    return q.isupper()


def _scored(p: Place, score: float) -> Place:
    # Positional construction: dataclasses.replace is several times slower.
    return make_place(p.id, p.name, p.lat, p.lon, p.country_code, p.feature, p.population, p.admin1, score,
                      p.source, p.alternate_names)


class Gazetteer:
    """Offline place-name index.

    Use :meth:`default` for the process-wide instance loaded from
    ``data/gazetteer/``; construct with a path to load another build.
    """

    _default: "Gazetteer | None" = None
    _lock = threading.Lock()

    def __init__(self, path: Path | str = _data.DEFAULT_PATH) -> None:
        d = _data.load(path)
        self._d = d
        self._key_index = dict(zip(d.keys, range(len(d.keys))))
        self._loose_index = dict(zip(d.loose_keys, range(len(d.loose_keys))))
        self._places: dict[int, Place] = {}
        self._features = d.features
        self._feature_of = tuple([d.features[i] for i in d.feature.tolist()])
        self._pop = _packed("i", d.population, np.int32)
        # One shared string per country code: a record never seen before then costs
        # fewer memory reads (that, not arithmetic, is what a new name's lookup waits on).
        codes: dict[str, str] = {}
        self._cc = tuple([codes.setdefault(c, c) for c in d.cc])
        # Index of the admin1 code per record, for context matching.
        self._a1 = _packed("h", d.admin1, np.int16)
        self._alts_of: tuple[tuple[str, ...], ...] | None = None
        # Plain Python columns: ranking reads them per candidate, and list indexing is
        # several times faster than numpy scalar access.
        self._lat = _packed("d", d.lat, np.float64)
        self._lon = _packed("d", d.lon, np.float64)
        self._source_of = tuple([d.sources[k] for k in d.source.tolist()])
        self._prior_of = _packed("d", np.asarray(self._priors()), np.float64)
        self._post_start = _packed("q", d.post_start, np.int64)
        self._post_ids = _packed("i", d.post_ids, np.int32)
        self._post_kind = _packed("B", d.post_kind, np.uint8)
        self._loose_start = _packed("q", d.loose_start, np.int64)
        self._loose_ids = _packed("i", d.loose_ids, np.int32)
        # Stored rankings of plain queries, unless missing or computed with other constants.
        self._post_score = (_packed("H", np.asarray(d.post_score), np.uint16)
                            if d.post_score is not None and d.rank_signature == rank_signature() else None)
        # Everything a Place needs from its record but its names, packed in 30 bytes per record:
        # a record never seen before is one or two cache lines away instead of ten objects.
        self._cc_codes = sorted(set(self._cc))
        cc_index = {c: k for k, c in enumerate(self._cc_codes)}
        rec = np.zeros(len(d), dtype=_REC_DTYPE)
        rec["lat"], rec["lon"], rec["pop"], rec["gid"] = d.lat, d.lon, d.population, d.geonameid
        rec["a1"], rec["feat"], rec["src"] = d.admin1, d.feature, d.source
        rec["cc"] = [cc_index[c] for c in self._cc]
        rec["alts"] = [a != "" for a in d.alts]
        self._rec = rec.tobytes()
        # Names that reach some place only as a code: their ranking depends on how the query is written.
        starts = d.post_start
        code_pos = np.flatnonzero(np.asarray(self._post_kind, dtype=np.uint8) == _KIND_CODE)
        self._code_keys = set((np.searchsorted(starts, code_pos, side="right") - 1).tolist())
        other = iter(d.other_id)
        gid = d.geonameid.tolist()
        self._id = tuple([f"geonames:{g}" if g >= 0 else next(other) for g in gid])
        self._country_rec: dict[str, int] = {}
        for i, rid in enumerate(self._id):
            if rid.startswith("geonames-country:"):
                self._country_rec[rid.split(":", 1)[1]] = i
        self._iso3 = {v: k for k, v in d.country_iso3.items()}
        self._short_forms, self._demonyms = read_country_names()
        self._search_cache: dict[tuple, list[Place]] = {}
        self._ranked_cands: dict[str, list[tuple[Place, float, bool]]] = {}
        self._names: tuple[str, ...] | None = None
        self._populated: list[Place] | None = None
        self._reverse = None
        self._id_index: dict[str, int] | None = None

    def _priors(self) -> list[float]:
        """Prior weight of every record, computed once, vectorised: its kind, and for towns,
        capitals and counties its population (see ``_KIND_PRIOR``)."""
        d = self._d
        feats = list(d.features)
        kind = np.array([_KIND_PRIOR.get(f, np.nan) for f in feats], dtype=np.float64)[d.feature]
        pop = d.population.astype(np.float64)
        by_pop = np.minimum(_TOWN_MAX, np.log10(np.maximum(pop, 0) + 1) / _TOWN_LOG_SCALE)
        base = np.where(np.isnan(kind), by_pop, kind)
        for f, small, small_prior in (("capital", _SMALL_CAPITAL, _SMALL_CAPITAL_PRIOR),
                                      ("admin1", _SMALL_ADMIN1, _SMALL_ADMIN1_PRIOR)):
            if f in feats:
                base[(d.feature == feats.index(f)) & (pop < small)] = small_prior
        for f in ("capital", "admin2"):  # a big capital or county weighs its people
            if f in feats:
                sel = d.feature == feats.index(f)
                base[sel] = np.maximum(base[sel], by_pop[sel])
        if "admin1" in feats:
            adm = d.feature == feats.index("admin1")
            city = (d.feature == feats.index("city")) if "city" in feats else None
            self._chief_town_first(base, adm, city)
        return base.tolist()

    def _chief_town_first(self, base: np.ndarray, adm: np.ndarray, city: np.ndarray | None) -> None:
        """A division named after its biggest town ranks just after that town ("Kherson" is the
        city before the oblast): the division lies at the centre of its land, far from the town."""
        d = self._d
        if d.chief_town is not None:
            # Found by the build, which also matches the town's other names ("Odessa" for Odesa).
            # Below the town however the name reaches it (Odesa is "Odessa" by an alternate name).
            for i in np.flatnonzero(d.chief_town >= 0).tolist():
                base[i] = min(base[i], base[d.chief_town[i]] * _MATCH_ALT - 0.01)
            return
        if city is None:
            return
        a1 = np.asarray(d.admin1)
        pop = np.asarray(d.population, dtype=np.float64)
        # The most populous town of each division.
        towns = np.flatnonzero(city & (a1 >= 0))
        order = towns[np.argsort(pop[towns], kind="stable")]
        chief = dict(zip(a1[order].tolist(), order.tolist()))  # later (bigger) towns win
        for i in np.flatnonzero(adm & (a1 >= 0)).tolist():
            t = chief.get(int(a1[i]))
            if t is not None and normalize(d.name[t]) == normalize(d.name[i]):
                base[i] = min(base[i], base[t] - 0.01)

    # ------------------------------------------------------------------ loading
    @classmethod
    def default(cls) -> "Gazetteer":
        """The process-wide gazetteer, loaded on first use (well under 1 s)."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    def __len__(self) -> int:
        return len(self._d)

    # ------------------------------------------------------------------ records
    def _invert_postings(self) -> tuple[tuple[str, ...], array]:
        # Once (about 0.1 s): record -> the keys that reach it, own names first, so that
        # a Place for a record never seen before takes its other names in one slice.
        d = self._d
        ids = np.asarray(self._post_ids, dtype=np.int64)
        key_of = np.repeat(np.arange(len(d.keys), dtype=np.int32), np.diff(np.asarray(self._post_start)))
        own = np.asarray(self._post_kind, dtype=np.uint8) == _KIND_OWN
        order = np.lexsort((key_of, ~own, ids))       # by record, own names first, then by key
        counts = np.bincount(ids, minlength=len(d))
        starts = np.zeros(len(d) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        first_alt = starts[:-1] + np.bincount(ids, weights=own, minlength=len(d)).astype(np.int64)
        keys = d.keys
        rec_keys = tuple([keys[k] for k in key_of[order].tolist()])
        # Record i's other names are rec_keys[spans[2i]:spans[2i + 1]] (side by side: one memory read).
        spans = np.column_stack([first_alt, starts[1:]]).ravel()
        return rec_keys, _packed("q", spans, np.int64)

    def _town_alts(self) -> tuple[tuple[str, ...], ...]:
        # Once per process (about 0.15 s, on the first Place built): every record's other
        # names as a ready tuple, so a Place for a record never seen before needs one read.
        if self._alts_of is None:
            keys, spans = self._invert_postings()
            self._alts_of = tuple([keys[a:b] for a, b in zip(spans[0::2], spans[1::2])])
        return self._alts_of

    def _new_place(self, i: int, score: float) -> Place:
        d = self._d
        lat, lon, pop, gid, a1, f, src, cc, has_alts = _REC.unpack_from(self._rec, i * _REC.size)
        if has_alts:
            alts = tuple(d.alts[i].split("|"))
        else:
            alts = (self._alts_of or self._town_alts())[i]
        return make_place(f"geonames:{gid}" if gid >= 0 else self._id[i], d.name[i], lat, lon,
                          self._cc_codes[cc] or None, self._features[f], pop,
                          d.admin1_names[a1] if a1 >= 0 else None, score, d.sources[src], alts)

    def place(self, i: int) -> Place:
        """The record number ``i`` as a :class:`Place` (score 0)."""
        p = self._places.get(i)
        if p is None:
            p = self._places[i] = self._new_place(i, 0.0)
        return p

    def places_of_kind(self, *features: str) -> list[Place]:
        """Every place whose ``feature`` is one of ``features`` ("admin1", "region"...), in record order."""
        return [self.place(i) for i, f in enumerate(self._feature_of) if f in features]

    def _postings(self, key: str) -> Sequence[int]:
        j = self._key_index.get(key)
        if j is None:
            return []
        return self._post_ids[self._post_start[j]:self._post_start[j + 1]]

    def _loose_postings(self, key: str) -> Sequence[int]:
        j = self._loose_index.get(loose_key(key))
        if j is None:
            return []
        return self._loose_ids[self._loose_start[j]:self._loose_start[j + 1]]

    # ------------------------------------------------------------------ API
    def names(self) -> Iterable[str]:
        """Every normalised name a recogniser may look for; demonyms are in :meth:`demonyms`.

        A name that reaches only villages or counties without their generic word ("DeKalb")
        is left out: those places are candidates for a name found otherwise, never names alone.
        """
        if self._names is None:
            named = np.asarray(self._post_kind, dtype=np.uint8) <= _KIND_CODE
            starts = np.asarray(self._post_start, dtype=np.int64)
            per_key = np.add.reduceat(named.astype(np.int32), starts[:-1]) if len(starts) > 1 else np.zeros(0)
            keys = self._d.keys
            self._names = tuple([keys[j] for j in np.flatnonzero(per_key > 0).tolist()])
        return self._names

    def alias_keys(self) -> frozenset[str]:
        """Normalised curated abbreviations of divisions ("nsw", "w va"): their places' own short names."""
        return self._d.alias_keys

    def prior(self, place: Place) -> float:
        """The place's prior weight in the ranking (kind, and population for towns and divisions).

        The one prior of the project: :meth:`search` ranks by it and the geoparser chooses by it.
        """
        return self._prior_of[self._record_of(place.id)]

    def ranked_candidates(self, key: str) -> list[tuple[Place, float, bool]]:
        """Every place called ``key`` (normalised; codes included whatever the case), with its
        weight and whether ``key`` reaches it only as a code ("sen" for Senegal), in the order
        :meth:`search` ranks a plain query: weight (prior x match quality, plus the water bonus
        for a name that says it is water), then people, then record."""
        hit = self._ranked_cands.get(key)
        if hit is None:
            out: dict[int, float] = {}
            plain: dict[int, float] = {}
            keys = [key, *abbreviation_variants(key)] if _ABBREV_WORD.search(key) else [key]
            for k in keys:
                self._exact(k, True, out)
                self._exact(k, False, plain)
            water = _WATER_WORD.search(key) is not None
            prior, pop, feat = self._prior_of, self._pop, self._feature_of
            weighted = [(prior[i] * m + (_WATER if water and feat[i] in _WATER_FEATURES else 0.0), i)
                        for i, m in out.items()]
            weighted.sort(key=lambda t: (-t[0], -pop[t[1]], t[1]))
            hit = [(self.place(i), w, i not in plain) for w, i in weighted]
            if len(self._ranked_cands) > 200_000:
                self._ranked_cands.clear()
            self._ranked_cands[key] = hit
        return hit

    def demonyms(self) -> Iterable[str]:
        """Every normalised demonym/adjective :meth:`demonym` knows ("north korean", "japanese")."""
        return self._demonyms.keys()

    def candidates(self, name: str) -> list[Place]:
        """All places whose name or an alternate name normalises equal to ``name``.

        Unranked (score 0), in index order.
        """
        return [self.place(i) for i in self._postings(normalize(name))]

    def country(self, code: str) -> Place | None:
        """A country by ISO 3166 alpha-2 or alpha-3 code (case-insensitive), or None."""
        if not isinstance(code, str):
            return None
        c = code.strip().upper()
        if len(c) == 3:
            c = self._iso3.get(c, "")
        i = self._country_rec.get(c)
        return None if i is None else self.place(i)

    def demonym(self, text: str) -> Place | None:
        """The country a demonym, adjective, short form or country name refers to.

        ``"South Korean"``, ``"Japanese"``, ``"North Korea's"``, ``"DPRK"``, ``"U.S."``
        give the country :class:`Place`; anything else (``"U.N."``, ``"Korean"``) None.
        """
        if not isinstance(text, str) or not text.strip():
            return None
        key = normalize(strip_possessive(text))
        if key.startswith("the ") and key not in self._short_forms:
            key = key[4:]
        cc = self._demonyms.get(key) or self._short_forms.get(key)
        if cc is None:
            # A country's own name ("Japan", "North Korea"): a country record under that key.
            for i in self._postings(key):
                if self._feature_of[i] == "country":
                    cc = self._cc[i]
                    break
        return self.country(cc) if cc else None

    def populated_places(self, min_population: int = 0) -> list[Place]:
        """Cities and towns (feature ``"city"`` or ``"capital"``) with at least ``min_population`` people.

        All 170,000 take about 1 s to build the first time; pass ``min_population``
        (or use :meth:`places_arrays`) when only the larger ones matter.
        """
        if min_population <= 0 and self._populated is not None:
            return list(self._populated)
        pop = self._pop
        out = [self.place(i) for i, f in enumerate(self._feature_of)
               if (f == "city" or f == "capital") and pop[i] >= min_population]
        if min_population <= 0:
            self._populated = out
            return list(out)
        return out

    def launch_sites(self) -> list[Place]:
        """Missile and satellite launch and test facilities (from the CNS table), with other names.

        Other facilities (bases, spaceports, nuclear sites from the hand-written table)
        are found by :meth:`search` but are not listed here.
        """
        cns = self._d.sources.index("cns")
        src = self._d.source
        return [self.place(i) for i, f in enumerate(self._feature_of) if f == "facility" and src[i] == cns]

    def places_arrays(self) -> dict[str, np.ndarray]:
        """Read-only columns for vectorised work: ``lat``, ``lon`` (deg), ``population``, ``feature`` codes."""
        d = self._d
        return {"lat": d.lat, "lon": d.lon, "population": d.population, "feature": d.feature,
                "features": np.asarray(d.features)}

    # ------------------------------------------------------------------ ranking
    def _exact(self, key: str, as_code: bool, out: dict[int, float]) -> None:
        j = self._key_index.get(key)
        if j is None:
            return
        s, e = self._post_start[j], self._post_start[j + 1]
        kinds = self._post_kind
        for n, i in enumerate(self._post_ids[s:e], s):
            kind = kinds[n]
            if kind == _KIND_CODE and not as_code:
                continue
            q = _KIND_QUALITY[kind]
            if q > out.get(i, 0.0):
                out[i] = q

    def _match_sets(self, key: str, as_code: bool = True) -> list[tuple[int, float]]:
        out: dict[int, float] = {}
        self._exact(key, as_code, out)
        if _ABBREV_WORD.search(key):
            for k in abbreviation_variants(key):
                self._exact(k, as_code, out)
        if out:
            return list(out.items())
        for v in query_variants(key):
            found: dict[int, float] = {}
            self._exact(v, as_code, found)
            for i in found:
                out.setdefault(i, _MATCH_VARIANT)
        if out:
            return list(out.items())
        for i in self._loose_postings(key):
            out.setdefault(i, _MATCH_LOOSE)
        return list(out.items())

    def search(self, query: str, limit: int = 10, country: str | None = None,
               context_countries: Sequence[str] = (), *, near: tuple[float, float] | None = None
               ) -> list[Place]:
        """Places matching ``query``, best first, each with a confidence score.

        Parameters
        ----------
        query : str
            A place name as written ("Sinp’o", "N. Korea", "Washington, D.C.",
            "North Hamgyong Province", "Tongchangri", "North Korea's").
        limit : int
            Most results returned (1..1000).
        country : str, optional
            Keep only places in this country (ISO alpha-2 or alpha-3).
        context_countries : sequence of str
            What else the text is about: ISO country codes of other places in the same
            report (``"US"``, ``"KOR"``) and/or first-level division codes
            (``"US.WA"``) or names (``"Washington"``) of a region. Places there rank higher.
        near : (lat, lon), optional
            A point the text is about (degrees); places within a few hundred km rank higher.

        Returns
        -------
        list of Place
            ``score`` in [0, 1]: how much of the belief this answer takes among the
            candidates (near-duplicates within 50 km pooled), times how good a match it is.

        Raises
        ------
        InvalidInput
            For a non-string or overlong query, a bad ``limit`` or an unknown ``country``.
        """
        if (type(query) is str and type(limit) is int and country is None and near is None
                and not context_countries and len(query) <= _MAX_QUERY_CHARS and 1 <= limit <= 1000):
            # The common case (a name, nothing else) without the general checks below.
            plain_key = (query, limit)
            hit = self._search_cache.get(plain_key)
            if hit is None:
                hit = self._search(query, limit, None, (), None)
                if len(self._search_cache) > 100_000:
                    self._search_cache.clear()
                self._search_cache[plain_key] = hit
            return list(hit)
        if not isinstance(query, str):
            raise InvalidInput(f"query must be text, got {query!r}")
        if len(query) > _MAX_QUERY_CHARS:
            raise InvalidInput(f"query is longer than {_MAX_QUERY_CHARS} characters: {query[:40]!r}...")
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 1000:
            raise InvalidInput(f"limit must be an integer in 1..1000, got {limit!r}")
        cc_filter = None
        if country is not None:
            cp = self.country(country)
            if cp is None:
                raise InvalidInput(f"unknown country code {country!r} (use ISO 3166 alpha-2 or alpha-3)")
            cc_filter = cp.country_code
        if isinstance(context_countries, str):  # one code given bare: "US", not ("U", "S")
            context_countries = (context_countries,)
        ctx = tuple(context_countries or ())
        if near is not None:
            try:
                near = check_lat_lon(*near)
            except TypeError:
                raise InvalidInput(f"near must be a (lat, lon) pair, got {near!r}") from None
        cache_key = (query, limit, cc_filter, ctx, near)
        hit = self._search_cache.get(cache_key)
        if hit is not None:
            return list(hit)
        result = self._search(query, limit, cc_filter, ctx, near)
        if len(self._search_cache) > 100_000:
            self._search_cache.clear()
        self._search_cache[cache_key] = result
        return list(result)

    def _context(self, ctx: Sequence[str]) -> tuple[set[str], set[int]]:
        ccs: set[str] = set()
        a1s: set[int] = set()
        d = self._d
        for c in ctx:
            if not isinstance(c, str) or not c.strip():
                continue
            c = c.strip()
            if "." in c and len(c) <= 12 and c[:2].isalpha() and c[2] == ".":
                code = c[:2].upper() + c[2:]
                try:
                    a1s.add(d.admin1_codes.index(code))
                except ValueError:
                    pass
                ccs.add(code[:2])
                continue
            if len(c) in (2, 3) and c.isalpha():
                cp = self.country(c)
                if cp is not None:
                    ccs.add(cp.country_code)
                    continue
            # A region by name: the first-level divisions so called; else the best
            # place of that name lends its country and division ("Seattle" -> US, US.WA).
            found = False
            for i in self._postings(normalize(c)):
                if self._feature_of[i] == "admin1" and self._a1[i] >= 0:
                    a1s.add(self._a1[i])
                    ccs.add(self._cc[i])
                    found = True
            if not found:
                best = self._search(c, 1, None, (), None)
                if best:
                    i = self._record_of(best[0].id)
                    if self._cc[i]:
                        ccs.add(self._cc[i])
                    if self._a1[i] >= 0 and self._feature_of[i] != "country":
                        a1s.add(self._a1[i])
        return ccs, a1s

    def _record_of(self, place_id: str) -> int:
        if self._id_index is None:
            self._id_index = {rid: i for i, rid in enumerate(self._id)}
        return self._id_index[place_id]

    def _search(self, query: str, limit: int, cc_filter: str | None, ctx: Sequence[str],
                near: tuple[float, float] | None) -> list[Place]:
        key = _normalize_new(query)
        if not key:
            return []
        if self._post_score is not None and cc_filter is None and not ctx and near is None and limit <= _TOP:
            # A plain query on a name the index holds: its ranking was computed by the build
            # (with _ranked below, see stored_rankings), postings are stored best first.
            j = self._key_index.get(key)
            if j is not None and j not in self._code_keys and not ("t" in key and _ABBREV_WORD.search(key)):
                ps = self._post_start
                s = ps[j]
                e = ps[j + 1]
                if e - s == 1:
                    i = self._post_ids[s]
                    q = self._prior_of[i] * _KIND_QUALITY[self._post_kind[s]]
                    return [self._result(i, round(max(0.0, min(1.0, 0.5 + 0.5 * min(1.0, q))), 4))]
                if e - s > limit:
                    e = s + limit
                sc = self._post_score
                result = self._result
                return [result(i, sc[n] / 10000) for n, i in zip(range(s, e), self._post_ids[s:e])]
        as_code = written_as_code(query)
        matches = self._match_sets(key, as_code)
        if not matches:
            stripped = strip_possessive(query)
            if stripped != query.strip():
                matches = self._match_sets(normalize(stripped), as_code)
        if not matches and "(" in query:
            # "Sea of Japan (East Sea)": the name before the bracket, else the one inside.
            before, _, inside = query.partition("(")
            inside = inside.split(")")[0]
            matches = (self._match_sets(normalize(before), written_as_code(before))
                       or self._match_sets(normalize(inside), written_as_code(inside)))
        if cc_filter is not None:
            cc = self._cc
            matches = [(i, m) for i, m in matches if cc[i] == cc_filter]
        if not matches:
            return []
        water = _WATER_WORD.search(key) is not None
        return [self._result(i, score) for score, i in self._ranked(matches, limit, ctx, near, water)]

    def _ranked(self, matches: list[tuple[int, float]], limit: int, ctx: Sequence[str],
                near: tuple[float, float] | None, water: bool = False) -> list[tuple[float, int]]:
        """``(score, record)`` pairs, best first, for candidates with their match quality.

        The order is by weight (prior x match quality, plus context), the geoparser's order
        for a name alone; the score is the pooled share of belief, so a place whose
        neighbours share its name may score above one listed before it.
        """
        prior = self._prior_of
        if len(matches) == 1:
            # One candidate takes all the belief whatever the context: the score is its match quality.
            i, m = matches[0]
            return [(round(max(0.0, min(1.0, 0.5 + 0.5 * min(1.0, prior[i] * m))), 4), i)]
        ccs, a1s = self._context(ctx) if ctx else (set(), set())
        cc_of, a1_of, pop, lat, lon = self._cc, self._a1, self._pop, self._lat, self._lon
        scored = []
        quality: dict[int, float] = {}
        for i, m in matches:
            raw = quality[i] = prior[i] * m
            # Context adds to the weight (it does not rescale it, which would flatten the
            # differences between namesakes that context does not tell apart).
            if ccs and cc_of[i] in ccs:
                raw += _CONTEXT_COUNTRY
            if a1s and a1_of[i] >= 0 and a1_of[i] in a1s:
                raw += _CONTEXT_ADMIN1
            if near is not None:
                dist = haversine_km(near[0], near[1], float(lat[i]), float(lon[i]))
                raw += _NEAR * math.exp(-dist / _NEAR_SCALE_KM)
            if water and self._feature_of[i] in _WATER_FEATURES:
                raw += _WATER
            scored.append((raw, pop[i], i))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        top = scored[:max(limit, _TOP)]
        top_raw = top[0][0]
        exp = math.exp
        weights = [exp(_SHARPNESS * (r - top_raw)) for r, _, _ in top]
        # Candidates beyond the top 25 still take their share of belief.
        rest = sum(exp(_SHARPNESS * (r - top_raw)) for r, _, _ in scored[len(top):])
        total = sum(weights) + rest
        ranked = []
        # Only weights that can move a score take part in pooling (most are ~0).
        eps = 1e-6 * total
        live = [k for k, w in enumerate(weights) if w > eps]
        pos = [(lat[top[k][2]], lon[top[k][2]]) for k in live] if len(live) > 1 else []
        for j, (raw, p, i) in enumerate(top):
            pooled = weights[j]
            if pos and weights[j] > eps:
                lat_j, lon_j = lat[i], lon[i]
                for k, (la, lo) in zip(live, pos):
                    if k != j and _close(lat_j, lon_j, la, lo):
                        pooled += weights[k]
            share = pooled / total
            score = max(0.0, min(1.0, share * (0.5 + 0.5 * min(1.0, quality[i]))))
            ranked.append((round(score, 4), raw, p, i))
        # Best first by weight, then people, then record: one order with the geoparser's
        # choice for a name alone (tests/test_one_gazetteer.py).
        ranked.sort(key=lambda t: (-t[1], -t[2], t[3]))
        return [(score, i) for score, _, _, i in ranked[:limit]]

    def stored_rankings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every name's ranking for a plain query, for the build to store (a few seconds).

        Returns
        -------
        post_ids, post_kind, post_score : numpy.ndarray
            The postings of each name reordered best first (the best 25 by
            :meth:`_ranked`, the others after them in index order), their kinds, and the
            score x 10,000 of each of the best 25 (0 for the others, and for names of
            one place, whose score the search computes from the place's prior).
        """
        n_post = len(self._post_ids)
        ids_out = np.empty(n_post, dtype=np.int32)
        kind_out = np.empty(n_post, dtype=np.uint8)
        score_out = np.zeros(n_post, dtype=np.uint16)
        ps, ids, kinds = self._post_start, self._post_ids, self._post_kind
        for j in range(len(ps) - 1):
            s, e = ps[j], ps[j + 1]
            if e - s == 1:
                ids_out[s], kind_out[s] = ids[s], kinds[s]
                continue  # one place: its score is a formula of its prior (see _search)
            kind_of = dict(zip(ids[s:e], kinds[s:e]))
            matches = [(i, _KIND_QUALITY[k]) for i, k in kind_of.items()]
            ranked = self._ranked(matches, _TOP, (), None, _WATER_WORD.search(self._d.keys[j]) is not None)
            first = [i for _, i in ranked]
            chosen = set(first)
            order = first + [i for i, _ in matches if i not in chosen]
            ids_out[s:e] = order
            kind_out[s:e] = [kind_of[i] for i in order]
            score_out[s:s + len(ranked)] = [round(sc * 10000) for sc in (t[0] for t in ranked)]
        return ids_out, kind_out, score_out

    def _result(self, i: int, score: float) -> Place:
        # A record already built (by candidates() or populated_places()) is copied with its
        # score; a new one is built once, with its score, and not kept (answers are cached).
        p = self._places.get(i)
        return self._new_place(i, score) if p is None else _scored(p, score)

    # ------------------------------------------------------------------ reverse
    def reverse(self, lat: float, lon: float) -> dict:
        """Nearest populated place and the country or sea a point lies in.

        Parameters
        ----------
        lat, lon : float
            Degrees.

        Returns
        -------
        dict
            ``{"nearest": Place, "distance_km": float, "country_code": str | None,
            "country": str | None, "sea": str | None}``.
        """
        from geo.gazetteer.reverse import ReverseIndex

        if self._reverse is None:
            with self._lock:
                if self._reverse is None:
                    self._reverse = ReverseIndex(self)
        return self._reverse.lookup(lat, lon)
