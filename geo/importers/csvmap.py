"""Any CSV with a date and either coordinates or a place name, its columns mapped by the user.

``python -m geo import --format csv FILE --map date=Date,lat=Y,lon=X`` says which column
holds what (:data:`FIELDS`). A row with no coordinates but a place name is placed with
the offline gazetteer (:mod:`geo.gazetteer`); the row is bad when the gazetteer does
not know the name. Columns not mapped are kept in the event's ``attributes`` under
their own names. Tab-separated files (``.tsv``) are read too.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Mapping

from geo.events import Actor, Candidate, Event, Place
from geo.extract.taxonomy import EVENT_TYPES
from geo.importers import BadRow, ImportResult, collect
from geo.importers._fields import (RowError, actor_code, iso2_from_iso3, is_missing, parse_date, parse_km,
                                   parse_latlon, row_hash)
from geo.importers._io import header_records
from geo.errors import InvalidInput

ORIGIN = "csv"
# Our field -> what the mapped column holds.
FIELDS = {
    "date": "the date (YYYY-MM-DD, YYYY-MM, YYYY, 9-Apr-84, 15 March 2020, Sep-84); required",
    "date_end": "the last day, for events over several days",
    "lat": "latitude, decimal degrees (with lon)",
    "lon": "longitude, decimal degrees (with lat)",
    "place": "a place name; geocoded offline when the row has no coordinates",
    "country": "the country the place is in (name or ISO code), to choose among places of one name",
    "type": f"our event type ({', '.join(EVENT_TYPES)}); other values give type 'other'",
    "subtype": "a finer type, kept as written",
    "actor": "actors, several separated by ';' (participants)",
    "actors": "same as actor",
    "actor1": "the actor who acts (initiator)",
    "actor2": "the actor acted upon (target)",
    "text": "the sentence or note the event comes from",
    "url": "the address of the source",
    "range_km": "range flown, km ('570 km' or 570)",
    "apogee_km": "apogee, km",
    "id": "the row's own id (otherwise an id is made from the row's cells)",
}


def parse_mapping(text: str) -> dict[str, str]:
    """``date=Date,lat=Y,lon=X`` as ``{"date": "Date", "lat": "Y", "lon": "X"}``.

    Raises
    ------
    InvalidInput
        For a pair without ``=``, an empty side or a field twice.
    """
    out: dict[str, str] = {}
    for pair in (p for p in text.split(",") if p.strip()):
        field, sep, column = pair.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not field or not column:
            raise InvalidInput(f"--map pair {pair.strip()!r} is not FIELD=COLUMN (e.g. date=Date)")
        if field in out:
            raise InvalidInput(f"--map gives {field!r} twice")
        out[field] = column
    return out


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping with its fields checked against :data:`FIELDS`.

    Raises
    ------
    InvalidInput
        For an unknown field, no ``date``, or neither ``lat``/``lon`` nor ``place``.
    """
    m = {k.strip().lower(): v for k, v in mapping.items()}
    unknown = sorted(set(m) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"--map field {unknown[0]!r} is not one of {', '.join(FIELDS)}")
    if "date" not in m:
        raise InvalidInput("--map must say which column holds the date (date=COLUMN)")
    if ("lat" in m) != ("lon" in m):
        raise InvalidInput("--map needs lat and lon together")
    if "lat" not in m and "place" not in m:
        raise InvalidInput("--map must give lat and lon, or place (a name to geocode)")
    return m


@lru_cache(maxsize=65536)
def geocode(name: str, country: str | None = None) -> tuple[Place, float] | None:
    """The gazetteer's best place for a name (and its score), or None when it knows none.

    ``"Paris, France"`` is looked up as Paris in France when the whole string is not a
    name. Cached: a column of places repeats its names.
    """
    from geo.gazetteer import Gazetteer

    gz = Gazetteer.default()
    cc = None
    if country:
        code = actor_code(country)[0]
        cc = iso2_from_iso3(code) or (country.upper() if len(country.strip()) == 2 else None)
    hits = gz.search(name, limit=3, country=cc)
    if not hits and "," in name:
        head, tail = name.split(",", 1)[0].strip(), name.rsplit(",", 1)[1].strip()
        tail_cc = iso2_from_iso3(actor_code(tail)[0])
        hits = gz.search(head, limit=3, country=tail_cc or cc)
    if not hits:
        return None
    best, others = hits[0], hits[1:]
    place = Place(name=best.name, lat=best.lat, lon=best.lon, country_code=best.country_code,
                  feature=best.feature, text=name, place_id=best.id,
                  candidates=tuple(Candidate(o.name, o.lat, o.lon, o.country_code, o.score) for o in others))
    return place, best.score


def _event_type(text: str) -> str:
    t = text.strip().lower().replace(" ", "_").replace("-", "_")
    return t if t in EVENT_TYPES else "other"


def _actors(row: dict[str, str], m: dict[str, str]) -> tuple[Actor, ...]:
    out = []
    for field, role in (("actor1", "initiator"), ("actor", "participant"), ("actors", "participant"),
                        ("actor2", "target")):
        if field not in m:
            continue
        for name in row[m[field]].replace("|", ";").split(";"):
            if name.strip():
                code, canonical, kind = actor_code(name)
                out.append(Actor(code=code, name=canonical if code else name.strip(), role=role, kind=kind))
    return tuple(out)


def event_from_row(row: dict[str, str], n: int, source: str, m: dict[str, str]) -> Event:
    """One mapped row as an event.

    Raises
    ------
    RowError
        For an unreadable date, impossible coordinates, a place the gazetteer does not
        know, a row with neither, or an unreadable range or apogee.
    """
    cell = lambda f: row[m[f]].strip() if f in m else ""  # noqa: E731 - a local shorthand
    date, date_end, precision = parse_date(cell("date"), f"date ({m['date']})")
    if cell("date_end"):
        end, end2, _ = parse_date(cell("date_end"), f"date_end ({m['date_end']})")
        date_end, precision = end2 or end, "range"
        if date_end < date:
            raise RowError(f"date_end {cell('date_end')!r} is before date {cell('date')!r}")
    latlon = parse_latlon(cell("lat"), cell("lon")) if "lat" in m else None
    name = cell("place")
    attrs: dict[str, object] = {"file_row": n}
    if latlon:
        place = Place(name=name or f"{latlon[0]:.4f}, {latlon[1]:.4f}", role="venue", lat=latlon[0], lon=latlon[1])
    elif name and not is_missing(name):
        found = geocode(name, cell("country") or None)
        if found is None:
            raise RowError(f"place {name!r} is not in the offline gazetteer and the row has no coordinates")
        place = replace(found[0], role="venue")
        attrs["geocode_score"] = found[1]
    else:
        raise RowError("the row has no coordinates and no place name")
    range_km, range_band = parse_km(cell("range_km"), f"range ({m.get('range_km')})")
    apogee_km, apogee_band = parse_km(cell("apogee_km"), f"apogee ({m.get('apogee_km')})")
    mapped = set(m.values())
    attrs.update({k: v for k, v in row.items() if k not in mapped and v.strip()})
    raw_type = cell("type")
    if raw_type and _event_type(raw_type) == "other":
        attrs["type_text"] = raw_type
    own_id = cell("id")
    return Event(
        id=f"csv:{source}:{own_id}" if own_id else f"csv:{row_hash(list(row.values()))}",
        type=_event_type(raw_type) if raw_type else "other", subtype=cell("subtype") or None,
        source=source, origin=ORIGIN,
        date=date, date_end=date_end, date_precision=precision, date_text=cell("date"),
        actors=_actors(row, m), places=(place,),
        range_km=range_km, range_band_km=range_band, apogee_km=apogee_km, apogee_band_km=apogee_band,
        sentence=cell("text") or None, url=cell("url") or None, attributes=attrs,
    )


def iter_csv(path: str | Path, mapping: Mapping[str, str]) -> Iterator[Event | BadRow]:
    """Stream a mapped CSV: an :class:`Event` or a :class:`BadRow` per row (see :func:`read_csv`)."""
    m = check_mapping(mapping)
    source = Path(path).name

    def check_header(header: list[str]) -> None:
        absent = [f"{c!r} (mapped to {f})" for f, c in m.items() if c not in header]
        if absent:
            raise InvalidInput(f"no column {', '.join(absent)} in the header; its columns are "
                               f"{', '.join(repr(h) for h in header[:30])}")

    delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
    for n, row, error in header_records(path, check_header, delimiter=delimiter):
        if row is None:
            yield BadRow(n, error or "unreadable")
            continue
        try:
            yield event_from_row(row, n, source, m)
        except RowError as exc:
            yield BadRow(n, str(exc))


def read_csv(path: str | Path, mapping: Mapping[str, str]) -> ImportResult:
    """Read any CSV whose columns the user maps to our fields.

    Parameters
    ----------
    path : str or Path
        A CSV (or ``.tsv``) with a header row, UTF-8 or Windows-1252, or a zip of such.
    mapping : dict
        Our field (:data:`FIELDS`) -> the file's column name, e.g.
        ``{"date": "Date", "lat": "Y", "lon": "X"}``; ``date`` and either ``lat``/``lon``
        or ``place`` are required.

    Returns
    -------
    ImportResult
        An event per good row, ``origin`` ``csv``, the place in role ``venue``; a
        :class:`BadRow` for each row with an unreadable date, impossible coordinates, a
        place the gazetteer cannot find, or the wrong number of cells. The header is row 1.

    Raises
    ------
    InvalidInput
        For a bad mapping, or a mapped column that is not in the header (both named).
    """
    return collect(Path(path).name, iter_csv(path, mapping))
