"""Optional online geocoding behind the offline gazetteer: cache -> offline -> online.

Off by default: nothing here runs unless a caller builds a :class:`GeocodingChain`
with an online geopy geocoder (or passes ``--online`` on the command line). The
order of the chain:

1. a persistent SQLite cache of earlier online answers (survives restarts, shared
   by processes; a path the caller gives, default ``~/.cache/reported-events-map/``);
2. the offline gazetteer: when it knows the name well enough (top score at least
   ``min_offline_score``) its answer is final and nothing goes out;
3. the online service through geopy's ``RateLimiter`` (Nominatim's policy is one
   request per second), with a user agent and a timeout. Any failure (HTTP 429,
   5xx, timeout, connection refused or reset, an answer that is not JSON) falls back
   to the offline answer, and the result's ``source`` says so.

A failed service is left alone for ``cooldown_seconds`` (or as long as a 429's
``Retry-After`` asks, if longer): meanwhile queries answer offline at once instead of
each waiting for a timeout, and nothing more is sent to a service that is down or
rate-limiting us. :attr:`GeocodingChain.notice` holds a sentence for the caller to show
(None while the service answers), also when there is no offline answer at all.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder

from geo.errors import InvalidInput
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.normalize import normalize
from geo.gazetteer.place import Place

USER_AGENT = "reported-events-map/0.1 (+https://github.com/; offline-first geocoding)"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "reported-events-map" / "geocode.sqlite"
RESULT_KEYS = ("name", "lat", "lon", "country_code", "feature", "population", "score", "source")


def nominatim(*, domain: str = "nominatim.openstreetmap.org", scheme: str = "https",
              user_agent: str = USER_AGENT, timeout: float = 10.0) -> Nominatim:
    """A geopy Nominatim client whose only retries are the chain's.

    geopy's default ``requests`` adapter retries failed requests itself (three
    tries per call), which multiplies the load on a service that just said 429;
    the plain urllib adapter makes one request per call.

    Parameters
    ----------
    domain, scheme : str
        Where the service is (a self-hosted Nominatim, or a test server).
    user_agent : str
        Required by Nominatim's usage policy.
    timeout : float
        Seconds to wait for an answer.
    """
    return Nominatim(domain=domain, scheme=scheme, user_agent=user_agent, timeout=timeout,
                     adapter_factory=DeadlineURLLibAdapter)


class DeadlineURLLibAdapter(URLLibAdapter):
    """geopy's urllib adapter with a deadline on the whole answer, not only on each read.

    A socket timeout bounds each read; a service that sends its answer a few bytes at a time
    (an overloaded proxy, a slow-loris) would hold the caller for as long as it likes. Here the
    body is read in chunks and given up ``timeout`` seconds after the request started (so a
    call takes at most about twice the timeout).
    """

    def get_text(self, url, *, timeout, headers):
        self._deadline = time.monotonic() + (timeout if timeout else 60.0)
        return super().get_text(url, timeout=timeout, headers=headers)

    def _decode_page(self, page):
        encoding = page.headers.get_content_charset() or "utf-8"
        chunks = []
        try:
            while True:
                chunk = page.read1(65536) if hasattr(page, "read1") else page.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if time.monotonic() > getattr(self, "_deadline", float("inf")):
                    page.close()
                    raise GeocoderTimedOut("Service timed out (the answer came too slowly)")
        except GeocoderTimedOut:
            raise
        except Exception:
            raise GeocoderServiceError("Unable to read the response") from None
        try:
            return str(b"".join(chunks), encoding=encoding)
        except ValueError:
            raise GeocoderParseError("Unable to decode the response bytes") from None


def place_result(p: Place) -> dict[str, Any]:
    """A :class:`Place` as the command line's result dict (see DESIGN.md)."""
    return {"name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
            "feature": p.feature, "population": p.population, "score": p.score, "source": p.source}


class GeocodeCache:
    """A persistent key -> JSON cache in SQLite, safe to share between processes.

    Parameters
    ----------
    path : path-like
        The database file; its folder is created when missing.
    """

    def __init__(self, path: Path | str = DEFAULT_CACHE) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as con:
            con.execute("CREATE TABLE IF NOT EXISTS geocode (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
                        " created REAL NOT NULL)")

    def _conn(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            # One connection per thread; WAL lets readers in other processes go on while one writes.
            con = sqlite3.connect(self.path, timeout=10.0)
            con.execute("PRAGMA journal_mode=WAL")
            self._local.con = con
        return con

    def get(self, key: str) -> Any | None:
        """The cached value, or None when absent."""
        row = self._conn().execute("SELECT value FROM geocode WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``key``, replacing any earlier value."""
        with self._conn() as con:
            con.execute("INSERT OR REPLACE INTO geocode (key, value, created) VALUES (?, ?, ?)",
                        (key, json.dumps(value, ensure_ascii=False), time.time()))

    def __len__(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM geocode").fetchone()[0]

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None


def _online_result(loc: Any, service: str) -> dict[str, Any]:
    raw = getattr(loc, "raw", None) or {}
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    cc = (address.get("country_code") or "").upper() or None
    try:
        importance = float(raw.get("importance", 0.5))
    except (TypeError, ValueError):
        importance = 0.5
    return {"name": loc.address, "lat": float(loc.latitude), "lon": float(loc.longitude), "country_code": cc,
            "feature": raw.get("addresstype") or raw.get("type") or "place", "population": 0,
            "score": round(max(0.0, min(1.0, importance)), 4), "source": service}


class GeocodingChain:
    """Cache -> offline gazetteer -> online geopy geocoder, with fall-back to offline.

    Parameters
    ----------
    online : geopy Geocoder, optional
        E.g. ``Nominatim(user_agent=..., timeout=...)``. None: offline only.
    cache_path : path-like, optional
        SQLite cache file (default ``~/.cache/reported-events-map/geocode.sqlite``).
    gazetteer : Gazetteer, optional
        Defaults to :meth:`Gazetteer.default`.
    min_delay_seconds : float
        Least time between two online requests (Nominatim's policy: 1 s).
    max_retries : int
        Retries of a failed online request (geopy ``RateLimiter``).
    error_wait_seconds : float
        Wait before a retry, s.
    min_offline_score : float
        An offline top answer at least this confident is final; lower ones go online.
    online_kwargs : dict, optional
        Extra keyword arguments for the online ``geocode`` call.
    cooldown_seconds : float
        After a failure, how long the service is not asked again (answers are offline).
    """

    def __init__(self, online: Geocoder | None = None, *, cache_path: Path | str | None = None,
                 gazetteer: Gazetteer | None = None, min_delay_seconds: float = 1.0, max_retries: int = 2,
                 error_wait_seconds: float = 5.0, min_offline_score: float = 0.5,
                 online_kwargs: dict[str, Any] | None = None, cooldown_seconds: float = 60.0) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.online = online
        self.service = type(online).__name__.lower() if online is not None else None
        self.min_offline_score = min_offline_score
        self.online_kwargs = dict(online_kwargs or {})
        self.cache = GeocodeCache(cache_path or DEFAULT_CACHE) if online is not None else None
        self._online_geocode = None
        if online is not None:
            self._online_geocode = RateLimiter(online.geocode, min_delay_seconds=min_delay_seconds,
                                               max_retries=max_retries,
                                               # geopy requires the wait after an error to be no shorter
                                               error_wait_seconds=max(error_wait_seconds, min_delay_seconds),
                                               swallow_exceptions=False)
        self.stats = {"cache": 0, "offline": 0, "online": 0, "fallback": 0}
        self.cooldown_seconds = cooldown_seconds
        self.notice: str | None = None   # a sentence about the online service's failure, for the caller
        self._down_until = 0.0           # time.monotonic() before which the service is not asked
        self._down_reason = ""

    def _failed(self, exc: BaseException) -> str:
        """Record a failure of the service: the reason, the cool-down and the notice."""
        reason = f"{type(exc).__name__}: {exc}"[:200]
        wait = self.cooldown_seconds
        retry_after = getattr(exc, "retry_after", None)  # geopy's GeocoderRateLimited from a 429
        if isinstance(retry_after, (int, float)) and retry_after > wait:
            wait = min(float(retry_after), 3600.0)
        self._down_until = time.monotonic() + wait
        self._down_reason = reason
        self.notice = (f"The online geocoder ({self.service}) did not answer ({reason}); "
                       f"places come from the offline gazetteer for the next {wait:.0f} s.")
        return reason

    def _key(self, query: str, limit: int, country: str | None) -> str:
        return f"{self.service}|{normalize(query)}|{limit}|{(country or '').upper()}"

    def geocode(self, query: str, *, limit: int = 1, country: str | None = None,
                context_countries: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Geocode ``query`` through the chain.

        Returns
        -------
        list of dict
            ``{"name", "lat", "lon", "country_code", "feature", "population", "score",
            "source", "via"}``; ``via`` is ``"cache"``, ``"offline"``, ``"online"`` or
            ``"offline-fallback"`` (then ``source`` ends with ``"(online failed: ...)"``
            and ``error`` holds the reason).
        """
        if not isinstance(query, str) or not query.strip():
            raise InvalidInput(f"query must be non-empty text, got {query!r}")
        offline = [dict(place_result(p), via="offline")
                   for p in self.gazetteer.search(query, limit=limit, country=country,
                                                  context_countries=context_countries)]
        if self.online is None:
            self.stats["offline"] += 1
            return offline
        key = self._key(query, limit, country)
        cached = self.cache.get(key)
        if cached is not None:
            self.stats["cache"] += 1
            # An empty cached answer means "the service knows nothing": offline it is.
            return [dict(r, via="cache") for r in cached] or offline
        if offline and offline[0]["score"] >= self.min_offline_score:
            self.stats["offline"] += 1
            return offline
        if time.monotonic() < self._down_until:
            # the service failed a moment ago: do not wait for it again, nor add to its load
            self.stats["fallback"] += 1
            reason = f"not asked, failed recently ({self._down_reason})"[:200]
            return [dict(r, source=f"{r['source']} (online failed: {reason})", via="offline-fallback",
                         error=reason) for r in offline]
        kwargs = dict(self.online_kwargs)
        if isinstance(self.online, Nominatim):
            kwargs.setdefault("limit", limit)
            kwargs.setdefault("addressdetails", True)
            if country:
                cp = self.gazetteer.country(country)
                kwargs.setdefault("country_codes", [cp.country_code.lower()] if cp else [country])
        try:
            locs = self._online_geocode(query, exactly_one=False, **kwargs)
        except (GeopyError, OSError, ValueError) as exc:  # ValueError: an answer that is not JSON
            reason = self._failed(exc)
            self.stats["fallback"] += 1
            return [dict(r, source=f"{r['source']} (online failed: {reason})", via="offline-fallback",
                         error=reason) for r in offline]
        try:
            results = [_online_result(loc, self.service) for loc in (locs or [])][:limit]
        except (TypeError, ValueError, AttributeError) as exc:  # an answer of the wrong shape
            reason = self._failed(exc)
            self.stats["fallback"] += 1
            return [dict(r, source=f"{r['source']} (online failed: {reason})", via="offline-fallback",
                         error=reason) for r in offline]
        self.notice = None
        self.cache.put(key, results)
        self.stats["online"] += 1
        if not results:
            return offline
        return [dict(r, via="online") for r in results]
