"""From reports to events: who did what, when, where and how far, with the words behind every field.

    from geo.extract import extract_report, extract_reports
    events = extract_report(read_report("seeds/2023-12-18_north-korea-srbm-launch.txt"))

See docs/extract.md. Modules: :mod:`~geo.extract.sentences`, :mod:`~geo.extract.dates`,
:mod:`~geo.extract.quantities`, :mod:`~geo.extract.taxonomy`, :mod:`~geo.extract.actors`,
:mod:`~geo.extract.places`, :mod:`~geo.extract.clauses` (which triggers make events),
:mod:`~geo.extract.roles` (who acts, who is targeted, who reports), :mod:`~geo.extract.figures`
(headline range and apogee), :mod:`~geo.extract.events`, :mod:`~geo.extract.provenance`
(highlight spans: every sentence behind an event), :mod:`~geo.extract.patterns`,
:mod:`~geo.extract.budget` (how much one extraction may do), :mod:`~geo.extract.bounded`
(extraction in worker processes, for the dashboard).
"""

from geo.extract.budget import Budget, ExtractionLimit, limits
from geo.extract.events import extract_report, extract_reports
from geo.extract.provenance import evidence_spans, provenance_spans, report_spans
from geo.extract.taxonomy import EVENT_TYPES

__all__ = ["extract_report", "extract_reports", "EVENT_TYPES", "provenance_spans", "evidence_spans", "report_spans",
           "Budget", "ExtractionLimit", "limits"]
