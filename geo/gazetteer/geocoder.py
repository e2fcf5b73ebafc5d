"""The offline gazetteer as a geopy :class:`~geopy.geocoders.base.Geocoder`.

So geopy's tools (``RateLimiter``, ``geopy.extra``, code written for Nominatim)
work with it unchanged::

    from geopy.extra.rate_limiter import RateLimiter
    from geo.gazetteer.geocoder import OfflineGeocoder
    geocode = RateLimiter(OfflineGeocoder().geocode, min_delay_seconds=0)
    geocode("Sinpo").point        # Point(40.03..., 128.18...)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geo.errors import InvalidInput
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.place import Place

USER_AGENT = "reported-events-map/0.1 (offline gazetteer)"


def place_address(p: Place, gz: Gazetteer) -> str:
    """``"Sinp’o, Hamgyŏng-namdo, North Korea"``: name, division and country, without repeats."""
    parts = [p.name]
    if p.admin1 and p.admin1 != p.name:
        parts.append(p.admin1)
    if p.country_code and p.feature != "country":
        c = gz.country(p.country_code)
        if c is not None and c.name != p.name:
            parts.append(c.name)
    return ", ".join(parts)


def _country_list(country_codes: str | Sequence[str] | None) -> list[str]:
    if country_codes is None:
        return []
    if isinstance(country_codes, str):
        return [c for c in (s.strip() for s in country_codes.split(",")) if c]
    return [str(c).strip() for c in country_codes if str(c).strip()]


class OfflineGeocoder(Geocoder):
    """Geocoder backed by the bundled offline :class:`Gazetteer`; no network.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to :meth:`Gazetteer.default`.
    **kwargs
        Passed to :class:`geopy.geocoders.base.Geocoder` (``user_agent``, ``timeout``...),
        accepted for compatibility and unused.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("user_agent", USER_AGENT)
        super().__init__(**kwargs)
        self.gazetteer = gazetteer or Gazetteer.default()

    def _location(self, p: Place) -> Location:
        raw = p.to_dict(alternate_names=True)
        raw["address"] = place_address(p, self.gazetteer)
        return Location(raw["address"], Point(p.lat, p.lon), raw)

    def geocode(self, query: str | dict, *, exactly_one: bool = True, limit: int | None = None,
                country_codes: str | Sequence[str] | None = None, context_countries: Sequence[str] = (),
                timeout: Any = None) -> Location | list[Location] | None:
        """Geocode a place name.

        Parameters
        ----------
        query : str or dict
            A name; a geopy structured query (dict) has its values joined with ", ",
            and the most specific one (first) is looked up.
        exactly_one : bool
            Return the best :class:`~geopy.location.Location` (or None) instead of a list.
        limit : int, optional
            Most results when ``exactly_one`` is False (default 10).
        country_codes : str or list of str, optional
            Keep places in these countries (ISO alpha-2/alpha-3).
        context_countries : sequence of str
            Passed to :meth:`Gazetteer.search`.
        timeout : ignored
            Accepted for geopy compatibility.

        Returns
        -------
        Location, list of Location or None
            ``raw`` is the :class:`Place` as a dict plus ``address``; None when nothing matches.
        """
        if isinstance(query, dict):
            values = [str(v) for v in query.values() if v]
            query = values[0] if values else ""
        n = 1 if exactly_one else (limit or 10)
        codes = _country_list(country_codes)
        if len(codes) <= 1:
            places = self.gazetteer.search(query, limit=n, country=codes[0] if codes else None,
                                           context_countries=context_countries)
        else:
            wanted = set()
            for c in codes:
                cp = self.gazetteer.country(c)
                if cp is None:
                    raise InvalidInput(f"unknown country code {c!r}")
                wanted.add(cp.country_code)
            places = [p for p in self.gazetteer.search(query, limit=1000, context_countries=context_countries)
                      if p.country_code in wanted][:n]
        locs = [self._location(p) for p in places]
        if exactly_one:
            return locs[0] if locs else None
        return locs or None

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = None) -> Location | list[Location] | None:
        """Reverse geocode a point: ``(lat, lon)``, ``"lat, lon"`` or a geopy :class:`Point`.

        The address is the sea's name at sea, else the nearest place's address;
        ``raw`` is :meth:`Gazetteer.reverse`'s dict (``nearest`` as a dict).
        """
        try:
            pt = Point(query)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"not a point: {query!r} ({exc})") from None
        r = self.gazetteer.reverse(pt.latitude, pt.longitude)
        raw = dict(r)
        raw["nearest"] = r["nearest"].to_dict()
        if r["sea"]:
            address = r["sea"]
        else:
            address = place_address(r["nearest"], self.gazetteer)
            if r["country"] and not address.endswith(r["country"]):
                address = f"{address} ({r['country']})"
        raw["address"] = address
        loc = Location(address, Point(pt.latitude, pt.longitude), raw)
        return loc if exactly_one else [loc]
