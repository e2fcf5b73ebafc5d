"""Review what extraction made of a report, correct it, and keep the corrections (issue 14).

Pure logic, no Streamlit: ``pages/review.py`` draws the widgets, this module does the rest
and is tested on its own (tests/test_review.py).

The unit of work is a :class:`Draft`: a report (or an imported table) with the events
extraction made of it, and the user's :class:`Edit` s on top, in order. The events shown
are always *extraction + edits* (:meth:`Draft.events`), so what the page shows before
saving is what the store will show after: saving (:func:`save_draft`) stores the report
with the events *as extracted* and each edit as a correction (``Store.correct``), applied
last by the store, so re-ingesting the report or upgrading the extractor keeps them.

An edit names one field of an event's JSON form (docs/events.md) and its new value;
``deleted`` hides the event. When a field the geometry is drawn from changes (the launch
site among the places, the range, the type), the event is enriched again once
(:func:`geo.geodesy.enrich.enrich`), as the store does when it stores the correction.

Also here: the rows of the review table and the edits a changed table means
(:func:`editor_rows`, :func:`edits_from_rows`), the places a place can be moved to
(:func:`place_choices`), coordinates typed by hand (:func:`parse_coordinates`), an event
the machine missed (:func:`missed_event`), the corrections as the page lists them
(:func:`correction_rows`), and the evaluation of the extractor against the corrections
(:func:`evaluate`, ``python -m geo evaluate-extract``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from geo.errors import InvalidInput
from geo.events import parse_day, DATE_PRECISIONS, Event, event_from_dict
from geo.reports import Report

TYPES = ("missile_launch", "satellite_launch", "nuclear_test", "weapons_test", "military_exercise", "deployment",
         "meeting", "statement", "agreement", "sanction", "attack")
"""Event types offered in the review table (geo.extract.taxonomy.EVENT_TYPES)."""
ACTOR_ROLES = ("initiator", "target", "participant", "source")
ROLE_COLUMNS = ("launch_site", "impact_area", "venue", "target")
"""Place roles shown as columns of the review table (the place of each role)."""
EDITOR_COLUMNS = ("id", "type", "date", "date_precision", "range_km", "actors", *ROLE_COLUMNS, "delete")
GEOMETRY_FIELDS = frozenset({"type", "places", "range_km", "range_band_km", "impact_hint", "claims"})
DERIVED = ("geometry",)  # correction rows the store makes itself (the geometry after a correction)
STRUCTURAL = ("merge", "split")
MAX_RANGE_KM = 20_037.5  # half the Earth's circumference
TABLE_FORMATS = ("cns", "gdelt", "acled", "csv")


@dataclass(frozen=True)
class Edit:
    """One change a user made: ``field`` of event ``event_id`` set to ``value`` (JSON form)."""

    event_id: str
    field: str
    value: Any
    user: str
    at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))


@dataclass
class Draft:
    """A report (or an imported table, ``report=None``) under review, not necessarily saved.

    ``extracted``: the events as the machine made them; ``added``: events the user added
    (:func:`missed_event`); ``edits``: the user's edits, oldest first; ``undone``: indexes
    into ``edits`` no longer applied.
    """

    source: str
    report: Report | None
    extracted: list[Event]
    added: list[Event] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    undone: set[int] = field(default_factory=set)
    bad_rows: list[str] = field(default_factory=list)

    def active_edits(self) -> list[Edit]:
        return [e for i, e in enumerate(self.edits) if i not in self.undone]

    def events(self) -> list[Event]:
        """The events as they will be stored: extracted and added, edits applied, deleted left out."""
        return apply_edits(self.extracted + self.added, self.active_edits())

    def original(self, event_id: str) -> Event | None:
        """The event as extracted (or as added), before any edit."""
        return next((e for e in self.extracted + self.added if e.id == event_id), None)

    def edit(self, edit: Edit) -> None:
        """Apply ``edit`` (validated first: a bad value raises and changes nothing)."""
        current = {e.id: e for e in self.events()}
        if edit.event_id not in current:
            raise InvalidInput(f"no event {edit.event_id!r} in {self.source}")
        apply_edit(current[edit.event_id], edit.field, edit.value)
        self.edits.append(edit)

    def undo(self, index: int) -> None:
        """Stop applying edit number ``index`` (0-based)."""
        if not 0 <= index < len(self.edits) or index in self.undone:
            raise InvalidInput(f"there is no edit {index + 1} to undo")
        self.undone.add(index)


# -- applying edits -------------------------------------------------------------------
def apply_edit(event: Event, field_name: str, value: Any) -> Event | None:
    """``event`` with one field set, as the store applies a correction (None when deleted).

    Raises
    ------
    InvalidInput
        The field cannot be corrected, or the value is bad (naming it).
    """
    from geo.store.corrections import EDITABLE_FIELDS
    from geo.store.merging import corrected

    if field_name == "deleted":
        if not isinstance(value, bool):
            raise InvalidInput(f"'deleted' takes true or false, got {value!r}")
        return None if value else event
    if field_name not in EDITABLE_FIELDS:
        raise InvalidInput(f"field {field_name!r} cannot be corrected")
    out = corrected(event, field_name, value)
    if field_name in GEOMETRY_FIELDS:
        from geo.geodesy.enrich import enrich

        out = enrich(out)
    return out


def apply_edits(events: Sequence[Event], edits: Iterable[Edit]) -> list[Event]:
    """The events with ``edits`` applied in order; deleted ones left out, order kept."""
    by_id: dict[str, Event | None] = {e.id: e for e in events}
    for edit in edits:
        current = by_id.get(edit.event_id)
        if edit.field == "deleted":
            original = next((e for e in events if e.id == edit.event_id), None)
            if original is not None:
                by_id[edit.event_id] = None if edit.value else (current or original)
            continue
        if current is not None:
            by_id[edit.event_id] = apply_edit(current, edit.field, edit.value)
    return [by_id[e.id] for e in events if by_id.get(e.id) is not None]


# -- the review table -----------------------------------------------------------------
def place_text(event: Event, role: str) -> str:
    """The places of ``role``: "Name (lat, lon)", joined by "; "."""
    out = []
    for p in event.places:
        if p.role == role:
            out.append(f"{p.name} ({p.lat:.4f}, {p.lon:.4f})" if p.located else f"{p.name} (not located)")
    return "; ".join(out)


def actors_text(event: Event) -> str:
    """"Name (role); Name (role)": the form the actors column is edited in."""
    return "; ".join(f"{a.name} ({a.role})" for a in event.actors)


def editor_rows(events: Sequence[Event]) -> list[dict]:
    """One row per event, the columns of :data:`EDITOR_COLUMNS`."""
    rows = []
    for e in events:
        row = {"id": e.id, "type": e.type, "date": e.date, "date_precision": e.date_precision,
               "range_km": e.range_km, "actors": actors_text(e), "delete": False}
        row.update({role: place_text(e, role) for role in ROLE_COLUMNS})
        rows.append(row)
    return rows


_ACTOR = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<role>[^()]*)\))?\s*$")


def parse_actors(text: str, known: Sequence = ()) -> list[dict]:
    """Actors from "North Korea (initiator); Japan (target)": a name, its role in brackets
    (participant when left out). A name or code of a ``known`` actor keeps its code.

    Raises
    ------
    InvalidInput
        A role that is not one of :data:`ACTOR_ROLES`, or an empty name.
    """
    by_key = {}
    for a in known:
        by_key[a.name.lower()] = a
        if a.code:
            by_key[a.code.lower()] = a
    out = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        m = _ACTOR.match(part.strip())
        name, role = m.group("name").strip(), (m.group("role") or "participant").strip().lower()
        if not name:
            raise InvalidInput(f"actor {part.strip()!r} has no name")
        if role not in ACTOR_ROLES:
            raise InvalidInput(f"actor role {role!r} of {name!r} is not one of {', '.join(ACTOR_ROLES)}")
        was = by_key.get(name.lower())
        code = was.code if was else (name if re.fullmatch(r"[A-Z]{2,5}", name) else None)
        out.append({"code": code, "name": was.name if was else name, "role": role,
                    "kind": was.kind if was else None})
    return out


def _day(value: Any) -> dt.date | None:
    return parse_day(value, "date")


def _range(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        km = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"range {value!r} is not a number of kilometres") from None
    if math.isnan(km):
        return None
    if not 0 < km <= MAX_RANGE_KM:
        raise InvalidInput(f"range {km:g} km is not between 0 and {MAX_RANGE_KM:g} km")
    return km


def edits_from_rows(events: Sequence[Event], rows: Sequence[Mapping], user: str) -> list[Edit]:
    """The edits that turn ``editor_rows(events)`` into ``rows`` (the edited table).

    Place columns are read-only in the table (places are moved with :func:`place_choices`).

    Raises
    ------
    InvalidInput
        Naming the event and the bad value (an unknown type, a bad date or range...).
    """
    by_id = {e.id: e for e in events}
    edits: list[Edit] = []
    for row in rows:
        event = by_id.get(str(row.get("id")))
        if event is None:
            continue
        was = editor_rows([event])[0]
        if row.get("delete"):
            edits.append(Edit(event.id, "deleted", True, user))
            continue
        if row.get("type") != was["type"]:
            if row.get("type") not in TYPES:
                raise InvalidInput(f"type {row.get('type')!r} is not one of {', '.join(TYPES)}")
            edits.append(Edit(event.id, "type", row["type"], user))
        precision = row.get("date_precision") or None
        if precision != was["date_precision"]:
            if precision not in DATE_PRECISIONS:
                raise InvalidInput(f"date precision {precision!r} is not one of {', '.join(DATE_PRECISIONS)}")
            edits.append(Edit(event.id, "date_precision", precision, user))
        day = _day(row.get("date"))
        if day != was["date"]:
            edits.append(Edit(event.id, "date", day.isoformat() if day else None, user))
            end = event.date_end
            if end is not None and (day is None or end < day or (precision or was["date_precision"]) == "day"):
                edits.append(Edit(event.id, "date_end", None, user))
        km = _range(row.get("range_km"))
        if km != was["range_km"] and not (km is not None and was["range_km"] is not None
                                          and abs(km - was["range_km"]) < 1e-9):
            edits.append(Edit(event.id, "range_km", km, user))
        if (row.get("actors") or "") != was["actors"]:
            edits.append(Edit(event.id, "actors", parse_actors(row.get("actors") or "", event.actors), user))
    return edits


# -- places ---------------------------------------------------------------------------
def search_places(query: str, limit: int = 8, country: str | None = None) -> list[dict]:
    """Places in the offline gazetteer matching ``query``: ``{name, lat, lon, country_code, feature, score}``."""
    if not query or not query.strip():
        raise InvalidInput("type a place name to search for")
    from geo.gazetteer import Gazetteer

    return [{"name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code, "feature": p.feature,
             "score": p.score} for p in Gazetteer.default().search(query.strip(), limit=limit, country=country)]


def place_choices(place, search: Callable[[str], list[dict]] | None = search_places) -> list[dict]:
    """Where a place could be: where it is now first, then the candidates extraction kept
    (``Place.candidates``), then what the gazetteer finds for its name; one per position."""
    found: list[dict] = []
    seen: set[tuple] = set()

    def add(d: Mapping) -> None:
        if d.get("lat") is None or d.get("lon") is None:
            return
        key = (round(float(d["lat"]), 2), round(float(d["lon"]), 2))
        if key not in seen:
            seen.add(key)
            found.append({k: d.get(k) for k in ("name", "lat", "lon", "country_code", "feature")})

    add({"name": place.name, "lat": place.lat, "lon": place.lon, "country_code": place.country_code,
         "feature": place.feature})
    for c in place.candidates:
        add({"name": c.name, "lat": c.lat, "lon": c.lon, "country_code": c.country_code})
    if search is not None:
        try:
            for d in search(place.text or place.name):
                add(d)
        except InvalidInput:
            pass
    return found


def choice_label(choice: Mapping) -> str:
    """"Portland, US (city) 43.6574, -70.2589"."""
    where = ", ".join(x for x in (choice.get("country_code"),) if x)
    kind = f" ({choice['feature']})" if choice.get("feature") else ""
    return f"{choice['name']}{', ' + where if where else ''}{kind} {choice['lat']:.4f}, {choice['lon']:.4f}"


_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ;]\s*(-?\d+(?:\.\d+)?)\s*$")


def parse_coordinates(text: str) -> tuple[float, float]:
    """``"40.03, 128.18"`` (latitude first, decimal degrees) as ``(lat, lon)``.

    Raises
    ------
    InvalidInput
        Not two numbers, or out of range.
    """
    m = _COORDS.match(text or "")
    if not m:
        raise InvalidInput(f"coordinates {text!r} are not 'latitude, longitude' in decimal degrees (e.g. 40.03, 128.18)")
    lat, lon = float(m.group(1)), float(m.group(2))
    if not -90 <= lat <= 90:
        raise InvalidInput(f"latitude {lat:g} is outside -90..90")
    if not -180 <= lon <= 180:
        raise InvalidInput(f"longitude {lon:g} is outside -180..180")
    return lat, lon


def moved_places(event: Event, index: int, choice: Mapping) -> list[dict]:
    """The event's places (JSON form) with place ``index`` moved to ``choice``
    (``{name, lat, lon, country_code?, feature?}``): the value of a ``places`` edit."""
    places = event.to_dict()["places"]
    if not 0 <= index < len(places):
        raise InvalidInput(f"event {event.id} has no place number {index + 1}")
    lat, lon = float(choice["lat"]), float(choice["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(f"coordinates {lat:g}, {lon:g} are out of range")
    p = places[index]
    p.update(name=choice.get("name") or p["name"], lat=lat, lon=lon,
             country_code=choice.get("country_code"), feature=choice.get("feature"), place_id=None)
    return places


# -- an event the machine missed --------------------------------------------------------
def sentences(report: Report) -> list[tuple[int, int, str]]:
    """The report's sentences: ``(start, end, text)``."""
    from geo.extract.sentences import split_sentences

    return [(s.start, s.end, s.text) for s in split_sentences(report.text)]


def missed_event(report: Report, start: int, end: int, type_: str, user: str) -> Event:
    """An event a user adds for the sentence ``report.text[start:end]``: the report's date
    (precision ``reported``), no actors or places yet (edit them next), origin ``user``."""
    if type_ not in TYPES:
        raise InvalidInput(f"type {type_!r} is not one of {', '.join(TYPES)}")
    if not 0 <= start < end <= len(report.text):
        raise InvalidInput(f"sentence {start}..{end} is not in {report.source}")
    digest = hashlib.sha1(f"{report.source}|{start}|{type_}|user".encode()).hexdigest()[:16]
    return event_from_dict({
        "id": digest, "type": type_, "source": report.source, "url": report.url,
        "date": report.date.isoformat(), "date_precision": "reported", "date_basis": "reported",
        "report_date": report.date.isoformat(), "sentence": report.text[start:end], "start": start, "end": end,
        "sentences": [[start, end]], "origin": "user", "attributes": {"added_by": user},
    })


# -- reading inputs ---------------------------------------------------------------------
def table_draft(fmt: str, name: str, data: bytes, mapping: str | None = None) -> Draft:
    """An imported event table (CNS, GDELT, ACLED, CSV with a column mapping) as a draft:
    its good rows as enriched events, its bad rows as messages.

    Raises
    ------
    InvalidInput
        Unknown format, a mapping missing or given to a format that knows its columns, a
        file that cannot be read at all.
    """
    from geo.geodesy.enrich import enrich
    from geo.importers import BadRow, iter_rows
    from geo.importers.csvmap import parse_mapping
    from geo.view.inputs import _safe_name

    if fmt not in TABLE_FORMATS:
        raise InvalidInput(f"table format {fmt!r} is not one of {', '.join(TABLE_FORMATS)}")
    cols = parse_mapping(mapping) if mapping and mapping.strip() else None
    if fmt == "csv" and not cols:
        raise InvalidInput(f"{name}: a CSV table needs the column mapping, e.g. date=Date,lat=Y,lon=X")
    safe = _safe_name(name)
    events, bad = [], []
    with tempfile.TemporaryDirectory(prefix="geo-table-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        for item in iter_rows(fmt, path, cols if fmt == "csv" else None):
            if isinstance(item, BadRow):
                bad.append(f"row {item.row}: {item.reason}")
            else:
                events.append(enrich(item))
    if not events:
        first = f" ({bad[0]})" if bad else ""
        raise InvalidInput(f"no row of {safe} could be read: {len(bad)} bad row(s){first}")
    return Draft(source=safe, report=None, extracted=events, bad_rows=bad)


# -- saving and the stored corrections ------------------------------------------------
def save_draft(store, draft: Draft) -> dict:
    """Store the draft: the report with its events as extracted (or the table's rows), the
    user's added events, then every active edit as a correction. Returns counts and the
    ids of the corrections made."""
    if draft.report is not None:
        summary = store.ingest_report(draft.report, draft.extracted)
    else:
        summary = store.add_events(draft.extracted, source=draft.source)
    if draft.added:
        summary += store.add_events(draft.added, source=draft.source)
    ids = []
    for edit in draft.active_edits():
        if edit.field == "deleted" and not edit.value:
            continue
        if store.event(edit.event_id) is None:
            continue  # deleted already by an earlier edit
        ids.append(store.correct(edit.event_id, edit.field, edit.value, edit.user))
    return {"source": draft.source, **summary.to_dict(), "corrections": ids}


def correction_rows(corrections: Iterable[Mapping]) -> list[dict]:
    """The corrections as the page lists them (derived geometry rows left out): id, event,
    field, original value, new value, who, when, undone."""
    out = []
    for c in corrections:
        if c["field"] in DERIVED:
            continue
        out.append({"id": c["id"], "event": c["event_id"], "field": c["field"], "original": short(c["old"]),
                    "corrected to": short(c["new"]), "by": c["user"], "at": c["at"], "undone": bool(c["undone"])})
    return out


def draft_corrections(draft: Draft) -> list[dict]:
    """A draft's edits in the form of :meth:`geo.store.Store.corrections` (ids from 1)."""
    out = []
    state = {e.id: e for e in draft.extracted + draft.added}
    for i, edit in enumerate(draft.edits):
        before = state.get(edit.event_id)
        old = False if edit.field == "deleted" else (before.to_dict().get(edit.field) if before else None)
        if i not in draft.undone and before is not None:
            state[edit.event_id] = apply_edit(before, edit.field, edit.value) or before
        out.append({"id": i + 1, "event_id": edit.event_id, "field": edit.field, "old": old, "new": edit.value,
                    "user": edit.user, "at": edit.at, "undone": i in draft.undone})
    return out


def corrected_note(corrections: Iterable[Mapping], event_id: str) -> str | None:
    """"corrected: range_km (was 600), places (was Hungnam ...)" for an event with active
    corrections, else None."""
    parts = []
    for c in corrections:
        if c["event_id"] == event_id and not c["undone"] and c["field"] not in DERIVED + STRUCTURAL:
            parts.append(f"{c['field']} (was {short(c['old'])})")
    return "corrected: " + ", ".join(parts) if parts else None


def short(value: Any, limit: int = 80) -> str:
    """A value of the JSON form in a few words (places and actors by name)."""
    if value is None:
        return "—"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        parts = []
        for d in value:
            where = f" {d['lat']:.2f}, {d['lon']:.2f}" if d.get("lat") is not None and d.get("lon") is not None else ""
            parts.append(f"{d.get('name') or d.get('code')} ({d.get('role')}{where})")
        text = "; ".join(parts)
    elif isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- evaluating the extractor against the corrections ---------------------------------
def _norm(field_name: str, value: Any) -> Any:
    if field_name == "places":
        return sorted((p.get("role"), round(float(p["lat"]), 1), round(float(p["lon"]), 1))
                      for p in value or () if p.get("lat") is not None and p.get("lon") is not None)
    if field_name == "actors":
        return sorted({(a.get("code") or a.get("name"), a.get("role")) for a in value or ()})
    if field_name in ("range_km", "apogee_km", "flight_time_s", "count"):
        return None if value is None else round(float(value), 0)
    return value


def evaluate(store, corrections: Iterable[Mapping], extract: Callable[[Report], list[Event]] | None = None) -> dict:
    """Score the extractor against users' corrections.

    For each event with active field corrections whose report is in ``store``, the report
    is extracted again (``extract``, :func:`geo.pipeline.events_of_report` by default) and
    the re-extracted event's field compared with the user's last value: places by role
    and position (0.1 degree), actors by code and role, figures to the kilometre, the rest
    exactly. A ``deleted`` correction agrees when the extractor no longer makes the event.

    Returns
    -------
    dict
        ``{"corrections", "evaluated", "skipped": {reason: n}, "fields": {field: {"n",
        "agree", "share"}}, "agree", "n", "share"}``.
    """
    if extract is None:
        from geo.pipeline import events_of_report as extract
    wanted: dict[tuple[str, str], Any] = {}
    n_corrections = 0
    for c in corrections:
        if c.get("undone") or c.get("field") in DERIVED + STRUCTURAL:
            continue
        if not c.get("event_id") or not c.get("field"):
            raise InvalidInput(f"a correction needs 'event_id' and 'field', got {dict(c)!r}")
        n_corrections += 1
        wanted[(c["event_id"], c["field"])] = c.get("new")  # the last one counts
    skipped: dict[str, int] = {}
    fields: dict[str, dict] = {}
    cache: dict[str, dict[str, Event] | None] = {}
    evaluated = 0
    for (event_id, field_name), value in wanted.items():
        stored = store.event(event_id)
        if stored is None:
            # a deleted event has no shown row: its report is found through the correction's source below
            row = store.con.execute("SELECT source, report_id FROM records WHERE id = ?", (event_id,)).fetchone()
            source = row[0] if row and row[1] is not None else None
        else:
            source = stored.source
        if source is None:
            skipped["event or report not in the store"] = skipped.get("event or report not in the store", 0) + 1
            continue
        if source not in cache:
            report = store.report(source)
            cache[source] = None if report is None else {e.id: e for e in extract(report)}
        fresh = cache[source]
        if fresh is None:
            skipped["event or report not in the store"] = skipped.get("event or report not in the store", 0) + 1
            continue
        again = fresh.get(event_id)
        if field_name == "deleted":
            agree = (again is None) == bool(value)
        elif again is None:
            agree = False
        else:
            agree = _norm(field_name, again.to_dict().get(field_name)) == _norm(field_name, value)
        evaluated += 1
        f = fields.setdefault(field_name, {"n": 0, "agree": 0})
        f["n"] += 1
        f["agree"] += int(agree)
    for f in fields.values():
        f["share"] = round(f["agree"] / f["n"], 3)
    n = sum(f["n"] for f in fields.values())
    agree = sum(f["agree"] for f in fields.values())
    return {"corrections": n_corrections, "evaluated": evaluated, "skipped": skipped,
            "fields": dict(sorted(fields.items())), "n": n, "agree": agree,
            "share": round(agree / n, 3) if n else None}


def read_corrections(path: str | Path) -> list[dict]:
    """Corrections written by ``python -m geo export --format corrections`` (JSON lines or a JSON list).

    Raises
    ------
    InvalidInput
        The file is missing, not JSON, or not corrections.
    """
    import json

    p = Path(path)
    if not p.is_file():
        raise InvalidInput(f"--corrections {str(path)!r} is not a file")
    text = p.read_text(encoding="utf-8", errors="replace").strip()
    try:
        data = json.loads(text) if text.startswith("[") else [json.loads(line) for line in text.splitlines()
                                                              if line.strip()]
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not JSON or JSON lines: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, list) or not all(isinstance(c, dict) and "event_id" in c and "field" in c for c in data):
        raise InvalidInput(f"{path} does not hold corrections (objects with event_id, field, new)")
    return data


def replace_report_date(report: Report, date: dt.date) -> Report:
    """``report`` with another publication date."""
    return replace(report, date=date)


def clicked_point(returned: Mapping | None) -> tuple[float, float] | None:
    """``(lat, lon)`` of the point a user clicked on a map (``st_folium``'s ``last_clicked``),
    its longitude wrapped into -180..180 (Leaflet gives 190 after panning round the world);
    None when nothing was clicked or the value is not a position."""
    at = (returned or {}).get("last_clicked")
    if not isinstance(at, Mapping) or at.get("lat") is None or at.get("lng") is None:
        return None
    try:
        lat, lon = float(at["lat"]), (float(at["lng"]) + 180.0) % 360.0 - 180.0
    except (TypeError, ValueError):
        return None
    return (lat, lon) if -90.0 <= lat <= 90.0 else None
