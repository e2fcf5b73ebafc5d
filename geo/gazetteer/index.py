"""The offline gazetteer: exact and variant name lookup, ranking, countries, demonyms.

One dict maps every normalised name to a posting list of record numbers; records
live in columns and become :class:`Place` objects only when asked for (and are then
cached). Ranking is a small formula over each candidate's kind, population, how
its name matched and the context the caller passes; see :meth:`Gazetteer.search`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from geo.coords import check_lat_lon
from geo.errors import InvalidInput
from geo.gazetteer import data as _data
from geo.gazetteer.countries import read_country_names, strip_possessive
from geo.gazetteer.normalize import abbreviation_variants, loose_key, normalize, query_variants
from geo.gazetteer.place import Place

# Prior weight of each kind of place before population: countries and national
# capitals lead, first-level divisions come before towns of the same name.
_KIND_PRIOR = {
    "country": 1.0, "capital": 0.95, "admin1": 0.70, "region": 0.85, "sea": 0.88,
    "facility": 0.72, "city": 0.45,
}
# How the query met the name: the primary or a curated name, a GeoNames alternate
# name (often a foreign exonym), an abbreviation/suffix variant, a loose romanisation.
_MATCH_EXACT, _MATCH_ALT, _MATCH_VARIANT, _MATCH_LOOSE = 1.0, 0.97, 0.9, 0.8
# Softmax sharpness for turning raw weights into a share of belief.
_SHARPNESS = 15.0
# Candidates this close to each other are the same answer for the score (the
# city of Pyongyang, the province and the airport named after it do not compete).
_SAME_PLACE_KM = 50.0
_MAX_QUERY_CHARS = 200
# Context bonuses added to a candidate's weight: in a context country, in a context
# division, near the given point (decaying with distance).
_CONTEXT_COUNTRY, _CONTEXT_ADMIN1, _NEAR, _NEAR_SCALE_KM = 0.2, 0.2, 0.35, 500.0


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _close(lat1: float, lon1: float, lat2: float, lon2: float) -> bool:
    """Within ``_SAME_PLACE_KM`` (equirectangular: exact enough at 50 km, and cheap)."""
    dlat = lat2 - lat1
    if abs(dlat) * 111.2 > _SAME_PLACE_KM:
        return False
    dlon = (lon2 - lon1 + 180.0) % 360.0 - 180.0
    x = dlon * math.cos(math.radians((lat1 + lat2) / 2)) * 111.2
    return x * x + (dlat * 111.2) ** 2 <= _SAME_PLACE_KM ** 2


def _scored(p: Place, score: float) -> Place:
    # Positional construction: dataclasses.replace is several times slower.
    return Place(p.id, p.name, p.lat, p.lon, p.country_code, p.feature, p.population, p.admin1, score,
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
        self._feature_of = [d.features[i] for i in d.feature.tolist()]
        self._pop = d.population.tolist()
        self._cc = d.cc
        # Index of the admin1 code per record, for context matching.
        self._a1 = d.admin1.tolist()
        self._primary_key: dict[int, str] = {}
        self._rec_keys: tuple[np.ndarray, list[int]] | None = None
        other = iter(d.other_id)
        gid = d.geonameid.tolist()
        self._id = [f"geonames:{g}" if g >= 0 else next(other) for g in gid]
        self._country_rec: dict[str, int] = {}
        for i, rid in enumerate(self._id):
            if rid.startswith("geonames-country:"):
                self._country_rec[rid.split(":", 1)[1]] = i
        self._iso3 = {v: k for k, v in d.country_iso3.items()}
        self._short_forms, self._demonyms = read_country_names()
        self._search_cache: dict[tuple, list[Place]] = {}
        self._populated: list[Place] | None = None
        self._reverse = None
        self._id_index: dict[str, int] | None = None

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
    def _record_keys(self, i: int) -> list[int]:
        if self._rec_keys is None:
            # Invert the postings once (about 30 ms): record -> the keys that reach it.
            d = self._d
            ids = np.asarray(d.post_ids, dtype=np.int64)
            key_of = np.repeat(np.arange(len(d.keys), dtype=np.int32), np.diff(np.asarray(d.post_start)))
            order = np.argsort(ids, kind="stable")
            starts = np.zeros(len(d) + 1, dtype=np.int64)
            np.cumsum(np.bincount(ids, minlength=len(d)), out=starts[1:])
            self._rec_keys = (key_of[order], starts.tolist())
        keys, st = self._rec_keys
        return keys[st[i]:st[i + 1]].tolist()

    def place(self, i: int) -> Place:
        """The record number ``i`` as a :class:`Place` (score 0)."""
        p = self._places.get(i)
        if p is not None:
            return p
        d = self._d
        name = d.name[i]
        if d.alts[i]:
            alts = tuple(d.alts[i].split("|"))
        else:
            own = normalize(name)
            alts = tuple(d.keys[k] for k in self._record_keys(i) if d.keys[k] != own)
        a1 = self._a1[i]
        cc = self._cc[i] or None
        p = Place(
            id=self._id[i], name=name, lat=float(d.lat[i]), lon=float(d.lon[i]), country_code=cc,
            feature=self._feature_of[i], population=int(self._pop[i]),
            admin1=d.admin1_names[a1] if a1 >= 0 else None, score=0.0,
            source=d.sources[d.source[i]], alternate_names=alts,
        )
        self._places[i] = p
        return p

    def _postings(self, key: str) -> list[int]:
        j = self._key_index.get(key)
        if j is None:
            return []
        d = self._d
        return d.post_ids[d.post_start[j]:d.post_start[j + 1]]

    def _loose_postings(self, key: str) -> list[int]:
        j = self._loose_index.get(loose_key(key))
        if j is None:
            return []
        d = self._d
        return d.loose_ids[d.loose_start[j]:d.loose_start[j + 1]]

    # ------------------------------------------------------------------ API
    def names(self) -> Iterable[str]:
        """Every normalised name the index knows (for recognisers); demonyms are in :meth:`demonyms`."""
        return self._d.keys

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
    def _prior(self, i: int) -> float:
        f = self._feature_of[i]
        pop = self._pop[i]
        base = _KIND_PRIOR.get(f, 0.5)
        if f == "city":
            # 1 000 people -> 0.66, 100 000 -> 0.80, 3 million and more -> 0.9
            return base + 0.45 * min(1.0, math.log10(pop + 1) / 6.5)
        if f == "admin1":
            # 20 000 people -> 0.79, 25 million -> 0.85: above towns of the same
            # name, below big cities (Portland, Oregon before Portland Parish, Jamaica).
            return base + 0.15 * min(1.0, math.log10(pop + 1) / 7.5)
        return base

    def _match_sets(self, key: str) -> list[tuple[int, float]]:
        out: dict[int, float] = {}
        for k in (key, *abbreviation_variants(key)):
            for i in self._postings(k):
                q = _MATCH_EXACT if (self._d.alts[i] or normalize(self._d.name[i]) == k) else _MATCH_ALT
                if q > out.get(i, 0.0):
                    out[i] = q
        if out:
            return list(out.items())
        for v in query_variants(key):
            for i in self._postings(v):
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
        key = normalize(query)
        if not key:
            return []
        matches = self._match_sets(key)
        if not matches:
            stripped = strip_possessive(query)
            if stripped != query.strip():
                matches = self._match_sets(normalize(stripped))
        if not matches and "(" in query:
            # "Sea of Japan (East Sea)": the name before the bracket, else the one inside.
            before, _, inside = query.partition("(")
            matches = self._match_sets(normalize(before)) or self._match_sets(normalize(inside.split(")")[0]))
        if cc_filter is not None:
            matches = [(i, m) for i, m in matches if self._cc[i] == cc_filter]
        if not matches:
            return []
        ccs, a1s = self._context(ctx) if ctx else (set(), set())
        d = self._d
        scored = []
        quality: dict[int, float] = {}
        for i, m in matches:
            raw = quality[i] = self._prior(i) * m
            # Context adds to the weight (it does not rescale it, which would flatten the
            # differences between namesakes that context does not tell apart).
            if self._cc[i] in ccs:
                raw += _CONTEXT_COUNTRY
            if a1s and self._a1[i] >= 0 and self._a1[i] in a1s:
                raw += _CONTEXT_ADMIN1
            if near is not None:
                dist = _haversine_km(near[0], near[1], float(d.lat[i]), float(d.lon[i]))
                raw += _NEAR * math.exp(-dist / _NEAR_SCALE_KM)
            scored.append((raw, self._pop[i], i))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        top = scored[:max(limit, 25)]
        top_raw = top[0][0]
        weights = [math.exp(_SHARPNESS * (r - top_raw)) for r, _, _ in top]
        # Candidates beyond the top 25 still take their share of belief.
        rest = sum(math.exp(_SHARPNESS * (r - top_raw)) for r, _, _ in scored[len(top):])
        total = sum(weights) + rest
        pos = [(float(d.lat[i]), float(d.lon[i])) for _, _, i in top]
        ranked = []
        # Only weights that can move a score take part in pooling (most are ~0).
        eps = 1e-6 * total
        live = [k for k, w in enumerate(weights) if w > eps]
        for j, (raw, pop, i) in enumerate(top):
            pooled = weights[j]
            if len(live) > 1 and weights[j] > eps:
                lat_j, lon_j = pos[j]
                for k in live:
                    if k != j and _close(lat_j, lon_j, pos[k][0], pos[k][1]):
                        pooled += weights[k]
            share = pooled / total
            score = max(0.0, min(1.0, share * (0.5 + 0.5 * min(1.0, quality[i]))))
            ranked.append((round(score, 4), raw, pop, i))
        # Best first by the pooled score: the city of Gaza and the Gaza Strip together
        # outweigh a province of Mozambique that alone matches slightly better.
        ranked.sort(key=lambda t: (-t[0], -t[1], -t[2], t[3]))
        return [_scored(self.place(i), score) for score, _, _, i in ranked[:limit]]

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
