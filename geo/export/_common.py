"""What every exporter shares: the record an export carries, atomic writes, read errors.

The record of an event is its JSON form (:meth:`geo.events.Event.to_dict`) without the
fields derived from others (``impact_zone`` repeats ``geometry.impact_zone``,
``launch_site`` is worked out from ``places``): reading a file back gives the same
:class:`~geo.events.Event` (:func:`geo.events.event_from_dict`).
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

from geo.errors import InvalidInput
from geo.events import Event, event_from_dict

# Derived fields of Event.to_dict(): not written, so a reader cannot get them out of step.
DERIVED = ("impact_zone", "launch_site")
# The geometries an event carries, in the order exports list them.
GEOMETRY_KINDS = ("ring", "impact_zone", "path", "impact_point")


def record(event: Event, *, geometry: bool = True) -> dict:
    """The event's JSON form without derived fields (and without ``geometry`` if asked).

    Parameters
    ----------
    event : Event
        Any event.
    geometry : bool
        Keep the ``geometry`` member (formats that carry the geometry elsewhere drop it).
    """
    d = event.to_dict()
    for key in DERIVED + (() if geometry else ("geometry",)):
        d.pop(key, None)
    return d


def record_json(event: Event) -> str:
    """The whole record as compact JSON, ASCII only.

    ASCII because the text of a report may hold control characters that XML 1.0 and some
    CSV readers refuse; JSON's ``\\uXXXX`` escapes carry them safely.
    """
    return json.dumps(record(event), ensure_ascii=True, separators=(",", ":"), allow_nan=False)


def event_of(d: Mapping[str, Any], where: str) -> Event:
    """An event from a record read out of a file; errors name ``where`` it came from.

    Raises
    ------
    InvalidInput
        The record is not an event (no id, a bad date...).
    """
    if not isinstance(d, Mapping):
        raise InvalidInput(f"{where}: the event record is a {type(d).__name__}, not a JSON object")
    try:
        return event_from_dict(d)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc}") from None
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise InvalidInput(f"{where}: the event record is malformed ({exc})") from None


def parse_json(text: str, where: str) -> Any:
    """``json.loads`` whose error names ``where`` the text came from."""
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{where}: not valid JSON ({exc})") from None


def point_lonlat(event: Event) -> list[float] | None:
    """The event's position as a GeoJSON position ``[lon, lat]``, or None."""
    pos = event.position
    return [pos[1], pos[0]] if pos else None


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it over ``path`` when the block succeeds.

    A failed export never leaves half a file, nor replaces a good one.

    Raises
    ------
    InvalidInput
        The folder of ``path`` does not exist.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"cannot write {str(target)!r}: folder {str(folder)!r} does not exist")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        # mkstemp makes the file private (0600); an export is meant to be shared and opened
        # by other programs, so give it the mode of the file it replaces, or rw-r--r--.
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_text(path: str | os.PathLike, what: str) -> str:
    """The UTF-8 text of an export, with a clear error when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"{what} file {str(path)!r} does not exist") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{what} file {str(path)!r} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
