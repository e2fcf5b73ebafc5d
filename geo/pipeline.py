"""Reports to stored-ready events: extract, type, enrich. The one path every caller takes.

    from geo.pipeline import events_of_report
    events = events_of_report(read_report("seeds/2023-12-18_north-korea-srbm-launch.txt"))

Extraction (:mod:`geo.extract`) reads the text into plain dicts; :func:`geo.events.event_from_dict`
types them; :func:`geo.geodesy.enrich.enrich` adds their geometry once. The store, the
command line and the dashboard all take events from here.
"""

from __future__ import annotations

from typing import Iterable

from geo.events import Event, event_from_dict
from geo.extract import extract_report
from geo.geodesy.enrich import enrich
from geo.reports import Report


def events_of_report(report: Report) -> list[Event]:
    """The events of one report, typed and with their geometry, in text order."""
    return [enrich(event_from_dict({**d, "url": report.url})) for d in extract_report(report)]


def events_of_reports(reports: Iterable[Report]) -> list[tuple[Report, list[Event]]]:
    """``(report, events)`` for each report, in the order given."""
    return [(r, events_of_report(r)) for r in reports]
