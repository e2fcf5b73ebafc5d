"""GDELT event exports (2.0: 61 columns; 1.0: 57, or 58 with SOURCEURL) as events.

The files are published tab-separated with no header, one event per line, usually
zipped (``20231217.export.CSV.zip``, ``20231217101500.export.CSV.zip``). The version is
told per row by its number of columns, so a file mixing both still reads; any other
count is a bad row. Columns: the GDELT 2.0 Event codebook (``../shared/data/gdelt``);
GDELT 1.0 has the same order without the three ``*Geo_ADM2Code`` columns, and its
backfiles without SOURCEURL.

Per row (docs/import.md has every column):

- ``type`` from the CAMEO EventCode through the table of :mod:`geo.extract.taxonomy`
  (:func:`cameo_type`); ``cameo`` keeps the codes;
- Actor1 (initiator) and Actor2 (target; both participants for meetings, agreements and
  exercises), coded by their CAMEO country code, which is ISO alpha-3;
- ActionGeo as the ``venue`` place, its FIPS country code turned into ISO alpha-2;
- ``url`` = SOURCEURL; ``attributes``: GoldsteinScale, NumMentions, NumSources,
  NumArticles, AvgTone, QuadClass, IsRootEvent, the raw actor codes, DATEADDED.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from geo.events import Actor, Event, Place
from geo.extract.taxonomy import CAMEO, EVENT_TYPES, LAUNCH_TYPES, SYMMETRIC
from geo.importers import BadRow, ImportResult, collect
from geo.importers._fields import RowError, iso2_from_fips, known_code, parse_latlon
from geo.importers._io import open_text

ORIGIN = "gdelt"
# GDELT 2.0 Event export, in order (GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv).
COLUMNS_V2 = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
COLUMNS_V1_URL = tuple(c for c in COLUMNS_V2 if not c.endswith("_ADM2Code"))  # 58: daily files since April 2013
COLUMNS_V1 = COLUMNS_V1_URL[:-1]  # 57: without SOURCEURL
_LAYOUTS = {len(c): (c, v) for c, v in ((COLUMNS_V2, "2.0"), (COLUMNS_V1_URL, "1.0"), (COLUMNS_V1, "1.0"))}
_INDEX = {n: {name: i for i, name in enumerate(cols)} for n, (cols, _) in _LAYOUTS.items()}
# GDELT's ActionGeo_Type -> our place feature.
_GEO_FEATURE = {"1": "country", "2": "admin1", "3": "city", "4": "city", "5": "admin1"}
# A CAMEO code says "demonstrate military power", never which weapon: it cannot tell a
# missile launch from a parade, so it never yields a launch (that would draw a range ring
# the data does not support) nor a nuclear test.
_NOT_FROM_CODES = frozenset(LAUNCH_TYPES) | {"nuclear_test"}
# The taxonomy's subtypes and the type each belongs to (its docstring's table).
_SUBTYPE_OF = {"condemnation": "statement", "threat": "statement", "concern": "statement",
               "cooperation": "agreement", "share_information": "agreement", "alliance": "agreement"}
OTHER = "other"


@lru_cache(maxsize=1)
def _by_code() -> dict[str, tuple[str, str | None, str]]:
    """CAMEO code -> (type, subtype, label), from :data:`geo.extract.taxonomy.CAMEO`."""
    out: dict[str, tuple[str, str | None, str]] = {}
    for key, (code, label) in CAMEO.items():
        etype, subtype = (key, None) if key in EVENT_TYPES else (_SUBTYPE_OF[key], key)
        if etype in _NOT_FROM_CODES:
            continue
        out.setdefault(code, (etype, subtype, label))
    return out


@lru_cache(maxsize=512)
def cameo_type(event_code: str) -> tuple[str, str | None, str | None]:
    """Our ``(type, subtype, CAMEO label)`` for a CAMEO event code, via the taxonomy's table.

    The longest match wins: the code itself (``057``) or its three-digit base (``057``
    for ``0571``) give the taxonomy's type, subtype and label; otherwise the first code
    of the taxonomy under the same two-digit root gives the type alone (``193`` ->
    ``attack`` through ``190``). A root the taxonomy has no type for (appeal, aid,
    protest, coerce, assault...) gives ``("other", None, None)``; so do malformed codes.

    Parameters
    ----------
    event_code : str
        CAMEO code as GDELT writes it, a string with its leading zero (``"042"``).
    """
    table = _by_code()
    code = event_code.strip()
    for key in (code, code[:3]):
        if key in table:
            return table[key]
    root = code[:2]
    if len(root) == 2:
        for c in sorted(table):
            if c.startswith(root):  # the root says the type, not the subtype nor the label
                return table[c][0], None, None
    return OTHER, None, None


def _float(cells: list[str], i: int) -> float | None:
    v = cells[i].strip()
    try:
        return float(v) if v else None
    except ValueError:
        return None


def _int(cells: list[str], i: int) -> int | None:
    f = _float(cells, i)
    return int(f) if f is not None else None


def _actor(cells: list[str], col: dict[str, int], k: int, role: str) -> Actor | None:
    name = cells[col[f"Actor{k}Name"]].strip()
    country = cells[col[f"Actor{k}CountryCode"]].strip()
    if not name and not country:
        return None
    code = country if known_code(country) else None  # CAMEO country codes are ISO alpha-3
    # the full CAMEO actor code is the country code alone when the actor is the state itself
    # ("PRK"), longer for its parts ("PRKMIL", "PRKGOV")
    whole_state = code is not None and cells[col[f"Actor{k}Code"]].strip() == country
    return Actor(code=code, name=name.title() if name else country, role=role, kind="state" if whole_state else None)


def _date(text: str, what: str) -> dt.date:
    t = text.strip()
    try:
        return dt.date(int(t[:4]), int(t[4:6]), int(t[6:8])) if len(t) >= 8 and t[:8].isdigit() else _bad(what, t)
    except ValueError:
        return _bad(what, t)


def _bad(what: str, t: str) -> dt.date:
    raise RowError(f"{what} {t!r} is not a date in the form YYYYMMDD")


def event_from_cells(cells: list[str], source: str) -> Event:
    """One GDELT row (its cells, 57, 58 or 61 of them) as an event.

    Raises
    ------
    RowError
        For another number of cells, a missing GLOBALEVENTID, an unreadable SQLDATE or
        impossible ActionGeo coordinates.
    """
    n = len(cells)
    if n not in _LAYOUTS:
        raise RowError(f"has {n} tab-separated columns; GDELT 2.0 rows have 61, GDELT 1.0 rows 57 (58 with SOURCEURL)")
    version = _LAYOUTS[n][1]
    col = _INDEX[n]
    gid = cells[col["GLOBALEVENTID"]].strip()
    if not gid.isdigit():
        raise RowError(f"GLOBALEVENTID {gid!r} is not a number")
    date = _date(cells[col["SQLDATE"]], "SQLDATE")
    event_code = cells[col["EventCode"]].strip()
    etype, subtype, label = cameo_type(event_code)
    symmetric = etype in SYMMETRIC
    actors = tuple(a for a in (_actor(cells, col, 1, "participant" if symmetric else "initiator"),
                               _actor(cells, col, 2, "participant" if symmetric else "target")) if a)
    latlon = parse_latlon(cells[col["ActionGeo_Lat"]], cells[col["ActionGeo_Long"]])
    place_name = cells[col["ActionGeo_FullName"]].strip()
    places = ()
    if place_name or latlon:
        feature_id = cells[col["ActionGeo_FeatureID"]].strip()
        places = (Place(name=place_name or "unnamed place", role="venue",
                        lat=latlon[0] if latlon else None, lon=latlon[1] if latlon else None,
                        country_code=iso2_from_fips(cells[col["ActionGeo_CountryCode"]]),
                        feature=_GEO_FEATURE.get(cells[col["ActionGeo_Type"]].strip()),
                        place_id=f"gdelt-feature:{feature_id}" if feature_id else None),)
    added = cells[col["DATEADDED"]].strip()
    attrs = {
        "GoldsteinScale": _float(cells, col["GoldsteinScale"]), "NumMentions": _int(cells, col["NumMentions"]),
        "NumSources": _int(cells, col["NumSources"]), "NumArticles": _int(cells, col["NumArticles"]),
        "AvgTone": _float(cells, col["AvgTone"]), "QuadClass": _int(cells, col["QuadClass"]),
        "IsRootEvent": _int(cells, col["IsRootEvent"]),
        "Actor1Code": cells[col["Actor1Code"]].strip() or None, "Actor2Code": cells[col["Actor2Code"]].strip() or None,
        "DATEADDED": added or None, "gdelt_version": version,
    }
    try:
        report_date = _date(added, "DATEADDED") if added else None
    except RowError:  # DATEADDED is bookkeeping; a bad one must not cost the event
        report_date = None
    url = cells[col["SOURCEURL"]].strip() if "SOURCEURL" in col else ""
    return Event(
        id=f"gdelt:{gid}", type=etype, subtype=subtype, source=source, origin=ORIGIN,
        date=date, date_precision="day", date_text=cells[col["SQLDATE"]].strip(), report_date=report_date,
        actors=actors, places=places, url=url or None,
        cameo={"code": event_code or None, "base": cells[col["EventBaseCode"]].strip() or None,
               "root": cells[col["EventRootCode"]].strip() or None, "label": label},
        attributes=attrs,
    )


def iter_gdelt(path: str | Path) -> Iterator[Event | BadRow]:
    """Stream a GDELT export: an :class:`Event` or a :class:`BadRow` per row (see :func:`read_gdelt`)."""
    source = Path(path).name
    for member, lines in open_text(path):
        for n, line in enumerate(lines, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            try:
                yield event_from_cells(line.split("\t"), source)
            except RowError as exc:
                yield BadRow(n, f"{member}: {exc}" if member else str(exc))


def read_gdelt(path: str | Path) -> ImportResult:
    """Read a GDELT 1.0 or 2.0 event export, plain or zipped.

    Parameters
    ----------
    path : str or Path
        ``.CSV``/``.csv``/``.tsv``/``.txt`` (tab-separated, no header) or a ``.zip``
        holding such files, as GDELT publishes them.

    Returns
    -------
    ImportResult
        An event per good row (module docstring); a :class:`BadRow` for a row with the
        wrong number of columns, no GLOBALEVENTID, a bad SQLDATE or impossible
        coordinates. Rows are numbered from 1 (there is no header); for a zip the
        reason starts with the name of the file in it.

    Raises
    ------
    InvalidInput
        When the file is missing, empty or a damaged zip.
    """
    return collect(Path(path).name, iter_gdelt(path))
