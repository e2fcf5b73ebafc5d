"""A new store's first contents: the bundled seed reports and the demo table (CNS)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from geo.store.summary import IngestSummary
from geo.resources import data_path

if TYPE_CHECKING:
    from geo.store.store import Store

log = logging.getLogger(__name__)
DEMO_CNS = data_path("demo", "cns_missile_tests.csv")


def bootstrap(store: "Store") -> IngestSummary:
    """Ingest what is missing of the seeds and the demo data; return the counts.

    Re-runnable: reports already stored and event ids already stored are ``unchanged``.
    The demo part is skipped, with a log message, while its importer or file is absent.
    """
    from geo.pipeline import events_of_report
    from geo.reports import read_reports
    from geo.view.inputs import seed_files

    total = IngestSummary()
    for path in seed_files():
        for report in read_reports(path):
            total += store.ingest_report(report, events_of_report(report))
    try:
        from geo.importers.cns import read_cns
    except ImportError:
        log.info("demo data skipped: geo.importers.cns is not there yet")
        return total
    if not DEMO_CNS.is_file():
        log.info("demo data skipped: %s is missing", DEMO_CNS)
        return total
    from geo.geodesy.enrich import enrich

    result = read_cns(DEMO_CNS)
    total += store.add_events((enrich(e) for e in result.events), source=result.source)
    total.bad_rows.extend(result.bad_rows)
    return total
