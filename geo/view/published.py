"""Data the browser fetches once and keeps: files under ``static/generated/``, named by content.

Streamlit sends a component's arguments again on every rerun. What does not change between
reruns (every stored event's point, the Natural Earth basemap) therefore goes out as a file
Streamlit's static serving hands out (``server.enableStaticServing``: ``static/`` at
``/app/static/``), named by the SHA-256 of its content: a new store generation is a new name,
an old page keeps the file it has, and the browser fetches each name once per page.

A large file can also be published gzip-compressed beside its plain copy (``gzipped=True``):
Streamlit's server gzips a JSON response again for every request (0.15-0.19 s of server time
for the 3.8 MB points of 100,000 events, while the same visitor's script runs), but hands out
a ``.gz`` file (``application/gzip``) as it is; the browser inflates it with
``DecompressionStream`` (``points.js``), or fetches the plain copy where it has none.

When the folder cannot be written (a read-only deployment), :func:`publish` returns None and
the caller sends the data inline as before. No Streamlit here.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
from pathlib import Path
from typing import Callable

from geo.view.assets import STATIC_DIR, STATIC_URL

log = logging.getLogger(__name__)

GENERATED = "generated"  # under static/; git-ignored
KEEP = 6  # files of one kind kept (the newest); older generations are removed


def publish(data: bytes, kind: str, *, suffix: str = ".json", static_dir: Path | str = STATIC_DIR,
            url_prefix: str = STATIC_URL, keep: int = KEEP, gzipped: bool = False) -> str | None:
    """Write ``data`` to ``static/generated/<kind>-<sha256[:20]><suffix>`` once; its URL, or None.

    Parameters
    ----------
    data : bytes
        The file's content.
    kind : str
        A name prefix (letters, digits, ``-``): ``"points"``, ``"basemap"``.
    suffix : str
        The file's extension.
    static_dir, url_prefix : Path or str, str
        The folder Streamlit serves and the URL it serves it at.
    keep : int
        Of the files of this ``kind``, the ``keep`` newest stay (the new one included).
    gzipped : bool
        Also write ``<name>.gz`` (gzip, level 6, no timestamp: the same data gives the same
        bytes) and return its URL; the plain file stays beside it.

    Returns
    -------
    str or None
        The URL path (``/app/static/generated/points-....json``, ``....json.gz`` when
        ``gzipped``), or None when the folder cannot be written (logged once per call as a
        warning).
    """
    if not kind.replace("-", "").isalnum():
        raise ValueError(f"kind must be letters, digits and '-', not {kind!r}")
    digest = hashlib.sha256(data).hexdigest()[:20]
    folder = Path(static_dir) / GENERATED
    name = f"{kind}-{digest}{suffix}"
    path = folder / name
    files = [(path, suffix, lambda: data)]
    if gzipped:
        files.append((folder / f"{name}.gz", f"{suffix}.gz", lambda: gzip.compress(data, compresslevel=6, mtime=0)))
    try:
        for target, ending, content in files:
            _write_once(target, content)
            _prune(folder, kind, ending, keep, target)
    except OSError as exc:
        log.warning("cannot write %s (%s): the map's data goes inline with every rerun", path, exc)
        return None
    return f"{url_prefix.rstrip('/')}/{GENERATED}/{files[-1][0].name}"


def _write_once(path: Path, content: Callable[[], bytes]) -> None:
    """Write ``content()`` to ``path`` unless it is there; either way it becomes the newest."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(content())
        os.replace(tmp, path)  # atomic: a browser never reads half a file
    else:
        os.utime(path)  # in use: newest for pruning


def _prune(folder: Path, kind: str, suffix: str, keep: int, current: Path) -> None:
    """Remove all but the ``keep`` newest files of ``kind`` (never ``current``)."""
    files = sorted(folder.glob(f"{kind}-*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        if old != current:
            old.unlink(missing_ok=True)
