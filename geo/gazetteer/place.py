"""The record every gazetteer answer is made of."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
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
        ``"sea"`` (seas, oceans, gulfs, straits, bays), ``"facility"`` or ``"region"``.
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
