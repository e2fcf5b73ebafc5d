"""The CNS North Korea Missile Test Database (CSV export) as launch events.

Source: "CNS North Korea Missile Test Database, James Martin Center for Nonproliferation
Studies / NTI" (free use with attribution). One row per missile (or satellite launch
vehicle) flown, 1984 onwards; the export is Windows-1252 text with dates like
``9-Apr-84`` (a day) or ``Sep-84`` (only the month known), ``Unknown``/``N/A`` for what
is not known and distances as text (``1,380 km``, ``between 110 and 670 km``).

Each row becomes one event (see docs/import.md for every column):

- type ``missile_launch`` (``satellite_launch`` for Missile Type SLV), actor North Korea;
- the facility as the ``launch_site`` place with its coordinates (unlocated when
  "Unknown"), the Landing Location as an ``impact_area`` place by name only: a sea's
  label point is not where a missile came down, so instead the sea becomes the event's
  ``impact_hint`` and :func:`geo.geodesy.enrich.enrich` draws the part of the range band
  that lies in it;
- ``range_km`` from Distance Travelled, ``apogee_km`` from Apogee (a "between" becomes
  the band); a distance written in no known unit (``330 lm``) is left out, its text kept;
- ``sentence`` the Additional Information narrative, or a line made from the row and
  naming the database when the row has none; ``url`` the first web address in Source(s);
- ``attributes``: missile name and type, outcome, confirmation, launch time, agency,
  other facility names, the text of every figure, all sources, the CNS row number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from geo.events import Actor, Event, Place
from geo.importers import BadRow, ImportResult, collect
from geo.importers._fields import RowError, is_missing, parse_date, parse_km, parse_latlon, row_hash
from geo.importers._io import table_rows
from geo.errors import InvalidInput

ORIGIN = "cns"
ATTRIBUTION = "CNS North Korea Missile Test Database, James Martin Center for Nonproliferation Studies / NTI"
# Columns the importer cannot do without; the others are read when present.
REQUIRED = ("Date", "Missile Name", "Missile Type", "Facility Name", "Facility Latitude", "Facility Longitude")
_URL = re.compile(r"https?://[^\s;,\"]+")
# "Sea of Japan or East Sea" is one sea under its two names: only the first is looked up.
_OR = re.compile(r"\s+or\s+", re.I)


def _cell(row: dict[str, str], name: str) -> str:
    return (row.get(name) or "").strip()


def _known(row: dict[str, str], name: str) -> str | None:
    value = _cell(row, name)
    return None if is_missing(value) else value


def _sea(landing: str) -> str | None:
    """The sea a Landing Location names, as the gazetteer writes it, or None."""
    from geo.gazetteer import Gazetteer

    gz = Gazetteer.default()
    for part in [_OR.split(landing)[0], *re.findall(r"(?:into|in)\s+(?:the\s+)?([A-Z][\w ]+(?:Ocean|Sea))", landing)]:
        for p in gz.search(part.strip(), limit=1):
            if p.feature == "sea" and p.score >= 0.9:
                return p.name
    return None


def _summary(row: dict[str, str], n: int) -> str:
    """A line made from the row for rows with no narrative, naming where it comes from."""
    missile = _known(row, "Missile Name") or "an unidentified missile"
    kind = _known(row, "Missile Type")
    site = _known(row, "Facility Name") or "an unknown site"
    outcome = _known(row, "Test Outcome") or "outcome unknown"
    what = f"{missile} ({kind})" if kind else missile
    return f"{what} launched from {site} on {_cell(row, 'Date')}: {outcome.lower()}. [{ATTRIBUTION}, row {n}]"


def event_from_row(row: dict[str, str], n: int, source: str) -> Event:
    """One CNS row as a launch event.

    Parameters
    ----------
    row : dict
        Column name -> cell text, as the export writes it.
    n : int
        The row's number in the file (the header is row 1), kept as provenance.
    source : str
        The file name, recorded as the event's source.

    Raises
    ------
    RowError
        When the date cannot be read or the facility's coordinates are impossible.
    """
    date, date_end, precision = parse_date(_cell(row, "Date"), "Date")
    latlon = parse_latlon(_known(row, "Facility Latitude"), _known(row, "Facility Longitude"))
    attrs: dict[str, object] = {"cns_row": _cell(row, "F1") or None, "file_row": n}
    for column, key in (("Missile Name", "missile_name"), ("Missile Type", "missile_type"),
                        ("Test Outcome", "outcome"), ("Confirmation Status", "confirmation"),
                        ("Launch Time (UTC)", "launch_time_utc"), ("Launch Agency/Authority", "launch_agency"),
                        ("Facility Location", "facility_location"), ("Other Name", "facility_other_name"),
                        ("Date Entered/Updated", "date_entered"), ("Landing Location", "landing_location"),
                        ("Apogee", "apogee_text"), ("Distance Travelled", "distance_text"),
                        ("Source(s)", "sources")):
        value = _known(row, column)
        if value is not None:
            attrs[key] = value
    notes = []
    try:
        range_km, range_band = parse_km(_cell(row, "Distance Travelled"), "Distance Travelled")
    except RowError as exc:  # the launch is still real; only the figure is unreadable
        range_km, range_band = None, None
        notes.append(str(exc))
    try:
        apogee_km, apogee_band = parse_km(_cell(row, "Apogee"), "Apogee")
    except RowError as exc:
        apogee_km, apogee_band = None, None
        notes.append(str(exc))
    if notes:
        attrs["unread"] = notes
    attrs["attribution"] = ATTRIBUTION

    facility = _known(row, "Facility Name")
    places = []
    if facility or latlon:
        places.append(Place(name=facility or "unknown facility", role="launch_site",
                            lat=latlon[0] if latlon else None, lon=latlon[1] if latlon else None,
                            country_code="KP", feature="facility"))
    landing = _known(row, "Landing Location")
    hint = None
    if landing:
        sea = _sea(landing)
        places.append(Place(name=landing, role="impact_area", feature="sea" if sea else None))
        hint = {"sea": sea} if sea else None
    narrative = _known(row, "Additional Information")
    sources = _cell(row, "Source(s)")
    url = _URL.search(sources)
    confirmed = (_known(row, "Confirmation Status") or "").lower()
    missile_type = (_known(row, "Missile Type") or "").upper()
    return Event(
        id=f"cns:{_cell(row, 'F1') or row_hash(list(row.values()))}",
        type="satellite_launch" if missile_type == "SLV" else "missile_launch",
        subtype=missile_type.lower() or None,
        source=source, origin=ORIGIN,
        date=date, date_end=date_end, date_precision=precision, date_text=_cell(row, "Date"),
        modality="possible" if confirmed == "unconfirmed" else "asserted",
        actors=(Actor(code="PRK", name="North Korea", role="initiator", kind="state"),),
        places=tuple(places),
        range_km=range_km, range_band_km=range_band, apogee_km=apogee_km, apogee_band_km=apogee_band,
        sentence=narrative or _summary(row, n), url=url.group() if url else None,
        impact_hint=hint, attributes=attrs,
    )


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"not a CNS missile test export: no column {', '.join(repr(c) for c in missing)} "
                           "in its header")


def iter_cns(path: str | Path) -> Iterator[Event | BadRow]:
    """Stream a CNS export: an :class:`Event` or a :class:`BadRow` per row (see :func:`read_cns`)."""
    return table_rows(path, _check_header, event_from_row)


def read_cns(path: str | Path) -> ImportResult:
    """Read a CNS North Korea Missile Test Database CSV export.

    Parameters
    ----------
    path : str or Path
        The export (Windows-1252 or UTF-8 CSV with a header row), or a zip holding it.

    Returns
    -------
    ImportResult
        A launch event per good row (module docstring); a :class:`BadRow` for each row
        whose date is unreadable, whose facility coordinates are impossible or whose
        number of cells differs from the header's. Rows are numbered as in a
        spreadsheet: the header is row 1.

    Raises
    ------
    InvalidInput
        When the file is missing, empty, or has no CNS header (names the missing columns).
    """
    return collect(Path(path).name, iter_cns(path))
