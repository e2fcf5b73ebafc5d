"""The event store: reports, events, claims and user corrections in one SQLite file.

    from geo.store import EventFilter, open_store
    with open_store() as store:                      # $GEO_EVENTS_DB or the user data dir
        frame = store.map_frame(EventFilter(actors=("PRK",), types=("missile_launch",)))

Modules: :mod:`~geo.store.paths` (where the file is), :mod:`~geo.store.schema` (opening,
versions, migrations), :mod:`~geo.store.writing` (ingest), :mod:`~geo.store.merging` (the
merge rule), :mod:`~geo.store.grouping` (groups and shown events), :mod:`~geo.store.corrections`,
:mod:`~geo.store.querying`, :mod:`~geo.store.filters`, :mod:`~geo.store.bootstrap`.
See docs/store.md.
"""

from geo.store.filters import EventFilter
from geo.store.paths import ENV_VAR, default_db_path
from geo.store.querying import MAP_COLUMNS
from geo.store.store import Store, open_store
from geo.store.summary import IngestSummary

__all__ = ["ENV_VAR", "EventFilter", "IngestSummary", "MAP_COLUMNS", "Store", "default_db_path", "open_store"]
