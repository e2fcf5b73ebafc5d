"""The record every gazetteer answer is made of."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Place:
    """One named place.

    Attributes
    ----------
    id : str
        Stable identifier, prefixed by its source: ``"geonames:1871859"``,
        ``"geonames-country:KP"``, ``"geonames-admin1:KP.17"``,
        ``"naturalearth-sea:sea-of-japan"``, ``"cns:sohae-satellite-launching-station"``.
    name : str
        Display name as the source writes it.
    lat, lon : float
        Representative point, degrees (WGS84).
    country_code : str or None
        ISO 3166 alpha-2; None for seas and regions shared by several countries.
    feature : str
        ``"country"``, ``"capital"`` (national capital), ``"admin1"``, ``"city"``,
        ``"sea"`` (seas, oceans, gulfs, straits, bays), ``"lake"`` (lakes, reservoirs),
        ``"facility"`` or ``"region"`` (the European Union sits at Brussels, its seat).
    population : int
        People (GeoNames); summed over its places for an admin1; 0 when unknown.
    admin1 : str or None
        Name of the first-level division the place lies in.
    score : float
        Confidence in [0, 1] from :meth:`Gazetteer.search`; 0 when unranked.
    source : str
        ``"geonames"``, ``"naturalearth"``, ``"cns"`` or ``"manual"`` (hand-written tables).
    alternate_names : tuple of str
        Other names the place is found by.
    """

    id: str
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature: str
    population: int
    admin1: str | None
    score: float
    source: str
    alternate_names: tuple[str, ...] = ()

    def with_score(self, score: float) -> "Place":
        """A copy carrying ``score``."""
        return replace(self, score=score)

    def to_dict(self, *, alternate_names: bool = False) -> dict[str, Any]:
        """JSON-ready dict; ``alternate_names`` left out unless asked for (they can be long)."""
        d = asdict(self)
        if not alternate_names:
            d.pop("alternate_names")
        else:
            d["alternate_names"] = list(self.alternate_names)
        return d


_SETTERS = tuple(getattr(Place, f.name).__set__ for f in fields(Place))


def make_place(id: str, name: str, lat: float, lon: float, country_code: str | None, feature: str,
               population: int, admin1: str | None, score: float, source: str,
               alternate_names: tuple[str, ...], *, _setters=_SETTERS, _new=object.__new__) -> Place:
    """The same :class:`Place` as ``Place(...)`` (positional, in field order), built in about
    half the time: the gazetteer builds one per answer, and the frozen dataclass's own
    ``__init__`` goes through ``object.__setattr__`` once per field."""
    p = _new(Place)
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10 = _setters
    s0(p, id)
    s1(p, name)
    s2(p, lat)
    s3(p, lon)
    s4(p, country_code)
    s5(p, feature)
    s6(p, population)
    s7(p, admin1)
    s8(p, score)
    s9(p, source)
    s10(p, alternate_names)
    return p
