"""Cell readers every importer shares: dates, distances, coordinates, ids, actors, countries.

A cell that cannot be read raises :class:`RowError`; the importer turns it into a
:class:`~geo.importers.BadRow` with the message as the reason, and goes on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from functools import lru_cache

from geo.errors import InvalidInput
from geo.names import countries

# Cells that say "we do not know" rather than giving a value (CNS writes Unknown and N/A).
MISSING = frozenset({"", "unknown", "n/a", "na", "none", "null", "-", "?", "nan"})

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
_MONTHS["sept"] = 9


class RowError(InvalidInput):
    """One row cannot be read; the message is the bad row's reason and names the bad value."""


def is_missing(text: str | None) -> bool:
    """True for an empty cell or one that says the value is unknown ("Unknown", "N/A")."""
    return text is None or text.strip().lower() in MISSING


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:  # the strptime %y convention: 69-99 are 1900s, 00-68 2000s
        y += 1900 if y >= 69 else 2000
    return y


def _month(text: str) -> int | None:
    return _MONTHS.get(text.lower().rstrip("."))


_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_YEAR = re.compile(r"\d{4}")
_DAY_MON_YEAR = re.compile(r"(\d{1,2})[-\s/.]([A-Za-z]{3,9}\.?)[-\s/.,]+(\d{4}|\d{2})")  # 9-Apr-84, 15 March 2020
_MON_DAY_YEAR = re.compile(r"([A-Za-z]{3,9}\.?)\s+(\d{1,2}),?\s+(\d{4})")  # April 9, 2020
_MON_YEAR = re.compile(r"([A-Za-z]{3,9}\.?)[-\s/.,]+(\d{4}|\d{2})")  # Sep-84, September 1984


def parse_date(text: str | None, what: str = "date") -> tuple[dt.date, dt.date | None, str]:
    """A date cell as ``(first day, last day or None, precision)``.

    Parameters
    ----------
    text : str
        ``2023-12-17``, ``2023-12-17T10:00:00``, ``2023-12`` (a month), ``2023`` (a year),
        ``9-Apr-84``, ``15 March 2020``, ``April 9, 2020``, ``Sep-84`` or ``September 1984``
        (months). Two-digit years follow strptime: 69-99 are 19xx, 00-68 are 20xx.
    what : str
        The cell's name, for the message.

    Returns
    -------
    tuple
        ``(date, date_end, precision)``: precision ``day`` (``date_end`` None), ``month``
        or ``year`` (``date_end`` the last day of the month or year).

    Raises
    ------
    RowError
        For an empty cell, a form not listed above (``04/09/1984`` is refused: day and
        month order cannot be told) or a day that does not exist.
    """
    if is_missing(text):
        raise RowError(f"{what} is empty or unknown ({text!r})")
    s = text.strip()
    try:
        if m := _ISO.fullmatch(s):
            y, mo, d = int(m[1]), int(m[2]), m[3]
            if d is None:
                return dt.date(y, mo, 1), month_end(y, mo), "month"
            return dt.date(y, mo, int(d)), None, "day"
        if _YEAR.fullmatch(s):
            y = int(s)
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
        if (m := _DAY_MON_YEAR.fullmatch(s)) and _month(m[2]):
            return dt.date(_year(m[3]), _month(m[2]), int(m[1])), None, "day"
        if (m := _MON_DAY_YEAR.fullmatch(s)) and _month(m[1]):
            return dt.date(_year(m[3]), _month(m[1]), int(m[2])), None, "day"
        if (m := _MON_YEAR.fullmatch(s)) and _month(m[1]):
            y, mo = _year(m[2]), _month(m[1])
            return dt.date(y, mo, 1), month_end(y, mo), "month"
    except ValueError as exc:  # 31-Feb-84, month 13
        raise RowError(f"{what} {s!r} is not a real date ({exc})") from None
    raise RowError(f"{what} {s!r} is not a date this importer reads "
                   "(YYYY-MM-DD, YYYY-MM, YYYY, 9-Apr-84, 15 March 2020, Sep-84)")


_KM = re.compile(r"(?:approx(?:\.|imately)?\s+|about\s+|~\s*)?(?:between\s+)?([\d,]+(?:\.\d+)?)"
                 r"(?:\s*(?:-|to|and)\s*([\d,]+(?:\.\d+)?))?\s*(km|kilometers|kilometres|mi|miles|m|nm|nmi)?", re.I)
_TO_KM = {"km": 1.0, "kilometers": 1.0, "kilometres": 1.0, "mi": 1.609344, "miles": 1.609344,
          "m": 0.001, "nm": 1.852, "nmi": 1.852}


def parse_km(text: str | None, what: str) -> tuple[float | None, tuple[float, float] | None]:
    """A distance cell in kilometres: ``(value, None)``, ``(None, (low, high))`` or ``(None, None)``.

    Parameters
    ----------
    text : str
        ``1000 km``, ``1,380 km``, ``between 110 and 670 km``, ``500 miles``; a bare number
        is kilometres. ``Unknown``, ``N/A`` and empty give ``(None, None)``.
    what : str
        The cell's name, for the message.

    Raises
    ------
    RowError
        When the cell is neither missing nor a distance in a known unit (``330 lm``).
    """
    if is_missing(text):
        return None, None
    m = _KM.fullmatch(text.strip())
    if not m:
        raise RowError(f"{what} {text.strip()!r} is not a distance (like '1000 km')")
    factor = _TO_KM[(m[3] or "km").lower()]
    low = float(m[1].replace(",", "")) * factor
    if m[2]:
        high = float(m[2].replace(",", "")) * factor
        return None, (min(low, high), max(low, high))
    return low, None


def parse_float(text: str | None, what: str) -> float | None:
    """A number cell, None when missing; :class:`RowError` when not a number."""
    if is_missing(text):
        return None
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        raise RowError(f"{what} {text.strip()!r} is not a number") from None


def parse_latlon(lat_text: str | None, lon_text: str | None) -> tuple[float, float] | None:
    """``(lat, lon)`` in degrees from two cells, None when both are missing.

    Raises
    ------
    RowError
        When one is missing and the other not, either is not a number, or they lie
        outside -90..90 / -180..180 (swapped columns show up here).
    """
    lat = parse_float(lat_text, "latitude")
    lon = parse_float(lon_text, "longitude")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        raise RowError(f"latitude {lat_text!r} and longitude {lon_text!r}: one is given without the other")
    if not -90 <= lat <= 90:
        raise RowError(f"latitude {lat:g} is outside -90..90")
    if not -180 <= lon <= 180:
        raise RowError(f"longitude {lon:g} is outside -180..180")
    return lat, lon


def row_hash(cells: list[str] | tuple[str, ...]) -> str:
    """A stable 16-hex-digit id for a row with no id of its own: the same cells, the same id."""
    return hashlib.sha1("\x1f".join(c.strip() for c in cells).encode("utf-8")).hexdigest()[:16]


# -- countries and actors ----------------------------------------------------------------

@lru_cache(maxsize=1)
def _fips_to_iso2() -> dict[str, str]:
    # The shared country table (geo.names; GeoNames, CC BY 4.0).
    return {c.fips: iso2 for iso2, c in countries().items() if c.fips}


def iso2_from_fips(code: str | None) -> str | None:
    """ISO 3166 alpha-2 of a FIPS 10-4 country code (GDELT's place codes: ``KN`` -> ``KP``)."""
    return _fips_to_iso2().get((code or "").strip().upper())


@lru_cache(maxsize=1)
def _numeric_to_iso3() -> dict[int, str]:
    return {c.numeric: c.iso3 for c in countries().values() if c.numeric is not None}


def iso3_from_numeric(code: str | None) -> str | None:
    """ISO 3166 alpha-3 of a numeric country code (ACLED's ``iso`` column: ``408`` -> ``PRK``)."""
    try:
        return _numeric_to_iso3().get(int(float(code or "")))
    except ValueError:
        return None


def iso2_from_iso3(code: str | None) -> str | None:
    """ISO 3166 alpha-2 of an alpha-3 code (``PRK`` -> ``KP``), None when unknown."""
    from geo.extract.actors import default_dictionary

    return default_dictionary().iso2.get((code or "").upper())


def known_code(code: str | None) -> bool:
    """True when ``code`` is in the actor dictionary (an ISO alpha-3 state or a body such as ``UN``)."""
    from geo.extract.actors import default_dictionary

    return bool(code) and code in default_dictionary().names


@lru_cache(maxsize=65536)
def actor_code(name: str) -> tuple[str | None, str, str | None]:
    """``(code, name, kind)`` of an actor named in a table cell, from data/actors/actors.json.

    A code (``PRK``), a name the dictionary knows in any case ("north korea", "DPRK"), or
    a longer name that mentions one ("Japanese Navy") gives its code and the canonical
    name; anything else ``(None, name, None)``. Cached: table columns repeat names.
    """
    from geo.extract.actors import default_dictionary

    d = default_dictionary()
    s = name.strip()
    if s.upper() in d.names and (len(s) <= 5 or s.isupper()):
        code = s.upper()
        return code, d.names[code], "body" if not d.iso2.get(code) else "state"
    hit = d.by_name.get(s) or _casefolded().get(s.casefold())
    if hit:
        return hit[0], hit[1], hit[2]
    found = d.find(s)
    if found:
        a = found[0]
        return a.code, s, a.kind
    return None, s, None


@lru_cache(maxsize=1)
def _casefolded() -> dict[str, tuple[str, str, str]]:
    from geo.extract.actors import default_dictionary

    return {k.casefold(): v for k, v in default_dictionary().by_name.items()}
