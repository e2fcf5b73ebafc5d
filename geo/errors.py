"""The library's exceptions: one root, :class:`GeoError`, so callers catch one type.

Messages name the bad value, because they are shown to users as they are
(the command line prints them on stderr, the app in an error box).
"""


class GeoError(Exception):
    """Root of every error the library raises on purpose."""


class InvalidInput(GeoError, ValueError):
    """A value given by a user (argument, query string, upload) is not acceptable."""


class ReportError(InvalidInput):
    """A report file or text cannot be read as a report (empty, binary, no date...)."""


class DataError(GeoError):
    """A bundled data file is missing or damaged; rebuild it with the scripts in ``scripts/``."""


class GeocodingError(GeoError):
    """A place could not be geocoded, or a geocoding service failed."""


class StoreError(GeoError):
    """The event store cannot do what was asked: locked by another writer too long, made by
    a newer version of this program..."""


class StoreFileError(StoreError, InvalidInput):
    """The file given as the event store is not one (not a database, another program's
    database), is read-only where writing is needed, or is missing where it must exist."""
