"""Argument and output helpers the verbs share (in this package, so that a verb never
imports :mod:`geo.cli`, which imports every verb)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from geo.errors import InvalidInput


def add_position_arguments(p: argparse.ArgumentParser, what: str = "centre") -> None:
    """Declare the required ``--lat``/``--lon`` pair every point-based verb takes (degrees)."""
    p.add_argument("--lat", type=float, required=True, help=f"{what} latitude, degrees")
    p.add_argument("--lon", type=float, required=True, help=f"{what} longitude, degrees")


def write_output(result: Any, output: str | None) -> None:
    """Print ``result`` as JSON, or write it to ``output`` atomically.

    A result that is already ``str`` or ``bytes`` (KML, CSV, HTML) is written as is.
    """
    if isinstance(result, bytes):
        data = result
    elif isinstance(result, str):
        data = result.encode("utf-8")
    else:
        data = (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output)
    if target.parent and not target.parent.exists():
        raise InvalidInput(f"cannot write {output!r}: folder {str(target.parent)!r} does not exist")
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
