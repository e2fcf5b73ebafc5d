"""A partitioned GeoParquet dataset of events: its layout, its task markers, its finished files.

Layout (Hive partitioning by the year and month of each event's first day)::

    DIR/year=2023/month=12/part-<task>.parquet   the events of one task in that month
    DIR/year=0/month=0/part-<task>.parquet       undated events
    DIR/_reports/part-<task>.parquet             the reports an ingest task read (source, date, title, url, text)
    DIR/_tasks/<task>.json                       the marker of a finished task

Each file is written by :func:`geo.export.parquet.write_parquet` (the one Parquet form of
an event, GeoParquet 1.1) to a temporary name and renamed into place, so no reader ever
sees half a file. A task's marker is written (the same way) only after all its files are
in place; it lists them. Readers take the files that finished markers list
(:func:`finished_files`), so a task that a dead worker left half done shows nothing, and a
rerun redoes exactly the tasks with no marker, first removing what such a task left
(:func:`clear_task`). A task's id is a digest of its inputs (paths, sizes, modification
times, byte range, options), so a rerun over the same inputs skips the finished ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from geo.errors import InvalidInput

TASKS_DIR = "_tasks"
REPORTS_DIR = "_reports"
UNDATED = (0, 0)  # the partition of events with no date: year=0/month=0 keeps both keys integers


def task_id(*parts: object) -> str:
    """A stable id (16 hex digits) for a task made of ``parts`` (JSON-able values)."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_stamp(path: Path) -> list:
    """What identifies an input file's content cheaply: resolved path, size (bytes), mtime (ns)."""
    st = path.stat()
    return [str(path.resolve()), st.st_size, st.st_mtime_ns]


def partition_of(date: dt.date | None) -> tuple[int, int]:
    """The ``(year, month)`` partition of an event's first day; :data:`UNDATED` for None."""
    return UNDATED if date is None else (date.year, date.month)


def partition_dir(root: Path, key: tuple[int, int]) -> Path:
    """``root/year=Y/month=M`` (Hive style: DuckDB, Arrow, Spark and Dask read the keys)."""
    return root / f"year={key[0]}" / f"month={key[1]}"


def check_root(root: str | os.PathLike, *, create: bool) -> Path:
    """The dataset folder as a Path; made when ``create``.

    Raises
    ------
    InvalidInput
        The path is a file, or (not ``create``) no dataset folder is there.
    """
    p = Path(root).expanduser()
    if p.exists() and not p.is_dir():
        raise InvalidInput(f"dataset {str(p)!r} is a file, not a folder")
    if create:
        try:
            (p / TASKS_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(f"cannot create the dataset folder {str(p)!r}: {exc.strerror}") from None
    elif not (p / TASKS_DIR).is_dir():
        raise InvalidInput(f"{str(p)!r} is not an events dataset (no {TASKS_DIR}/ folder: write one with "
                           f"'python -m geo ingest --engine dask --dataset DIR' or 'import --engine dask')")
    return p


@dataclass(frozen=True)
class TaskMarker:
    """What a finished task wrote: its files (relative to the dataset), rows, bad rows and
    the longest event it holds in days (readers widen date pruning by it)."""

    task: str
    files: tuple[str, ...]
    rows: int
    max_span_days: int
    bad_rows: tuple[tuple[int, str], ...] = ()
    reports: int = 0
    inputs: tuple[str, ...] = ()
    reports_file: str | None = None


def marker_path(root: Path, task: str) -> Path:
    """Where the marker of ``task`` lives."""
    return root / TASKS_DIR / f"{task}.json"


def write_marker(root: Path, marker: TaskMarker) -> None:
    """Write the marker atomically (temporary name, then rename): the task is finished."""
    target = marker_path(root, marker.task)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    data = {"task": marker.task, "files": list(marker.files), "rows": marker.rows,
            "max_span_days": marker.max_span_days, "bad_rows": [list(b) for b in marker.bad_rows],
            "reports": marker.reports, "inputs": list(marker.inputs), "reports_file": marker.reports_file}
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, target)


def read_markers(root: Path) -> dict[str, TaskMarker]:
    """The finished tasks of a dataset, by id."""
    out = {}
    for path in sorted((root / TASKS_DIR).glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            out[d["task"]] = TaskMarker(task=d["task"], files=tuple(d["files"]), rows=int(d["rows"]),
                                        max_span_days=int(d.get("max_span_days", 0)),
                                        bad_rows=tuple((int(r), str(m)) for r, m in d.get("bad_rows", ())),
                                        reports=int(d.get("reports", 0)), inputs=tuple(d.get("inputs", ())),
                                        reports_file=d.get("reports_file"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(f"dataset {str(root)!r}: task marker {path.name} is unreadable ({exc})") from None
    return out


def finished_files(root: Path, markers: Mapping[str, TaskMarker] | None = None) -> list[Path]:
    """The Parquet files of the finished tasks, sorted (a reader's view of the dataset)."""
    markers = read_markers(root) if markers is None else markers
    return sorted(root / f for m in markers.values() for f in m.files)


def report_files(root: Path, markers: Mapping[str, TaskMarker] | None = None) -> list[Path]:
    """The report tables of the finished ingest tasks, sorted."""
    markers = read_markers(root) if markers is None else markers
    return sorted(root / m.reports_file for m in markers.values() if m.reports_file)


def part_name(task: str) -> str:
    """The file name a task writes in each partition it touches."""
    return f"part-{task}.parquet"


def clear_task(root: Path, task: str) -> int:
    """Remove what an unfinished run of ``task`` left (its files, temporary ones included);
    return how many files went. Never called for a task with a marker."""
    gone = 0
    for pattern in (f"year=*/month=*/{part_name(task)}", f"year=*/month=*/.{part_name(task)}.*.tmp",
                    f"{REPORTS_DIR}/{part_name(task)}", f"{REPORTS_DIR}/.{part_name(task)}.*.tmp"):
        for path in root.glob(pattern):
            path.unlink(missing_ok=True)
            gone += 1
    return gone


def clear_unfinished(root: Path, finished: Iterable[str]) -> int:
    """Remove every partition file and temporary file of tasks with no marker (what dead
    workers left); return how many files went. Call before a run, never during one."""
    done = {part_name(t) for t in finished}
    gone = 0
    for path in list(root.glob("year=*/month=*/*")) + list(root.glob(f"{REPORTS_DIR}/*")):
        if path.name not in done and (path.suffix in (".parquet", ".tmp")):
            path.unlink(missing_ok=True)
            gone += 1
    for path in (root / TASKS_DIR).glob(".*.tmp"):
        path.unlink(missing_ok=True)
    return gone
