"""Reports from what the dashboard is given: bundled seed files, uploads, pasted text.

Every path goes through :mod:`geo.reports`, so files and uploads are read the same
way and fail with the same messages (empty, binary, no date line...).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

from geo.errors import ReportError
from geo.reports import MAX_REPORT_BYTES, REPORT_SUFFIXES, Report, read_reports, report_from_text

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"


def seed_files(folder: Path | str = SEEDS_DIR) -> list[Path]:
    """The report files in ``folder`` (sorted by name); [] when it does not exist."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)


def _safe_name(name: str) -> str:
    # Upload names come from the user's browser: keep the base name only, with
    # characters any file system accepts, so it cannot point outside the temp dir.
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .") or "upload.txt"
    return base[:120]


def reports_from_upload(name: str, data: bytes, date: dt.date | str | None = None) -> list[Report]:
    """Read an uploaded file as reports.

    Parameters
    ----------
    name : str
        The file name the browser gave; its ending picks the format.
    data : bytes
        The file's content.
    date : date or str, optional
        Publication date for files without a ``date`` line.

    Raises
    ------
    ReportError
        Naming the file: empty, binary, undecodable, no date, too large...
    """
    safe = _safe_name(name)
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(f"{safe} is larger than {MAX_REPORT_BYTES // 1_000_000} MB; not a report")
    with tempfile.TemporaryDirectory(prefix="geo-upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return read_reports(path, date)


def report_from_paste(text: str, date: dt.date | str | None = None) -> Report:
    """A report from pasted text; a ``date`` line in the text wins over ``date``."""
    return report_from_text(text, source="pasted text", date=date)
