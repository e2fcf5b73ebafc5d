"""Exports of a selection of events: GeoJSON, KML, CSV, GeoParquet, one self-contained HTML map.

Each format has a module with ``write_<fmt>(events, path) -> int`` (the number of
features, placemarks or rows written; the file is written atomically) and
``read_<fmt>(path) -> list[Event]``, which gives back the events written. The exports
draw the geometry each event carries (:class:`geo.events.Geometry`); none computes any.
See ``docs/export.md`` for what each file holds.

    from geo.export import write
    write("geojson", events, "events.geojson")
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import Callable, Sequence

from geo.errors import InvalidInput
from geo.events import Event


@dataclass(frozen=True)
class Format:
    """One export format: its name, usual file suffix and the module that writes it."""

    name: str
    suffix: str
    module: str

    def _mod(self):
        return importlib.import_module(f"geo.export.{self.module}")

    @property
    def writer(self) -> Callable[[Sequence[Event], str | os.PathLike], int]:
        """``write_<fmt>(events, path) -> int``."""
        return getattr(self._mod(), f"write_{self.module}")

    @property
    def reader(self) -> Callable[[str | os.PathLike], list[Event]]:
        """``read_<fmt>(path) -> list[Event]``."""
        return getattr(self._mod(), f"read_{self.module}")


# Modules are imported when used: the HTML export pulls in folium, Parquet pyarrow.
FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("geojson", ".geojson", "geojson"),
    Format("kml", ".kml", "kml"),
    Format("csv", ".csv", "csv"),
    Format("parquet", ".parquet", "parquet"),
    Format("html", ".html", "html"),
)}


def get_format(name: str) -> Format:
    """The :class:`Format` called ``name``.

    Raises
    ------
    InvalidInput
        ``name`` is not one of :data:`FORMATS`.
    """
    fmt = FORMATS.get(str(name).lower())
    if fmt is None:
        raise InvalidInput(f"export format {name!r} is not one of {', '.join(FORMATS)}")
    return fmt


def write(fmt: str, events: Sequence[Event], path: str | os.PathLike) -> int:
    """Write ``events`` to ``path`` in format ``fmt``; return the count the writer returns."""
    return get_format(fmt).writer(events, path)


def read(fmt: str, path: str | os.PathLike) -> list[Event]:
    """Read the events of an export file in format ``fmt``."""
    return get_format(fmt).reader(path)


def export_bytes(fmt: str, events: Sequence[Event]) -> bytes:
    """The file ``fmt`` makes of ``events``, as bytes (for a download button).

    Written through the format's own writer into a temporary folder, so the bytes are
    exactly what ``python -m geo export`` writes.
    """
    import tempfile
    from pathlib import Path

    spec = get_format(fmt)
    with tempfile.TemporaryDirectory(prefix="geo-export-") as tmp:
        path = Path(tmp) / f"events{spec.suffix}"
        spec.writer(events, path)
        return path.read_bytes()
