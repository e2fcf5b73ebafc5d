"""What runs on a Dask worker: one task reads its inputs, makes events and writes its partitions.

The functions here are plain Python (no Dask import), so a task can also run in-process
(tests, a one-machine fallback) and a worker needs only this package installed. The
gazetteer, the geoparser's index and the extractor load once per worker process, when
the worker starts (:class:`WarmUp`, a Dask worker plugin, calls :func:`warm_up`), never per
task: they live in process-wide caches that later tasks reuse.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from geo.events import Event
from geo.scale.dataset import (TaskMarker, clear_task, marker_path, part_name, partition_dir, partition_of,
                               write_marker)

# How many times this process loaded the extraction data (the plugin's warm-up): tests read
# it on each worker to check it is 1 however many tasks ran.
LOADS = 0


def warm_up() -> None:
    """Load the gazetteer, the geoparser's index, the actors and geodesy once in this process
    (the same warm-up as the dashboard's extraction workers)."""
    global LOADS
    from geo.extract.bounded import _warm_up

    _warm_up()
    LOADS += 1


def extraction_loaded() -> bool:
    """Whether this process holds the gazetteer already (a task that finds it loaded did not load it)."""
    from geo.gazetteer.index import Gazetteer

    return Gazetteer._default is not None


@dataclass(frozen=True)
class IngestTask:
    """Report files to extract: ``files`` (paths), ``date`` for files without a date header."""

    task: str
    files: tuple[str, ...]
    date: dt.date | None = None


@dataclass(frozen=True)
class ImportTask:
    """A table (or a byte range of one) to import: ``fmt`` as ``python -m geo import``;
    ``start``/``end`` in bytes (``end`` None: to the end), ``first_row`` the 1-based row
    number of the line at ``start`` (GDELT files have no header)."""

    task: str
    fmt: str
    path: str
    start: int = 0
    end: int | None = None
    first_row: int = 1
    mapping: Mapping[str, str] | None = None


@dataclass(frozen=True)
class TaskResult:
    """What a task did, for the run's summary: rows written, reports, bad rows; the worker's
    pid and whether the extraction data was loaded before the task began."""

    task: str
    rows: int
    reports: int
    bad_rows: tuple[tuple[int, str], ...]
    pid: int
    preloaded: bool
    skipped: bool = False
    cpu_s: float = 0.0  # CPU time the task's process spent on it (a loaded machine gives less than wall time)


def _write_reports(root: Path, task: str, reports: list) -> str:
    """The reports' source, date, title, url and text as one Parquet file (for the store's text
    filter and report view); returns its path relative to the dataset."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from geo.export._common import atomic_path
    from geo.scale.dataset import REPORTS_DIR

    folder = root / REPORTS_DIR
    folder.mkdir(exist_ok=True)
    table = pa.table({"source": [r.source for r in reports], "date": [r.date for r in reports],
                      "title": [r.title for r in reports], "url": [r.url for r in reports],
                      "text": [r.text for r in reports]},
                     schema=pa.schema([("source", pa.string()), ("date", pa.date32()), ("title", pa.string()),
                                       ("url", pa.string()), ("text", pa.string())]))
    target = folder / part_name(task)
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return str(target.relative_to(root))


def _write(root: Path, task: str, events: Iterable[Event], inputs: tuple[str, ...], reports: list | None,
           bad: list[tuple[int, str]], preloaded: bool) -> TaskResult:
    from geo.export.parquet import write_parquet

    clear_task(root, task)  # what a dead worker left of this task: never mixed with the new files
    groups: dict[tuple[int, int], list[Event]] = defaultdict(list)
    span = 0
    for event in events:
        groups[partition_of(event.date)].append(event)
        if event.date is not None and event.date_end is not None:
            span = max(span, (event.date_end - event.date).days)
    files = []
    for key in sorted(groups):
        folder = partition_dir(root, key)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / part_name(task)
        write_parquet(groups[key], target)  # a temporary name, then renamed: never half a file
        files.append(str(target.relative_to(root)))
    rows = sum(len(g) for g in groups.values())
    reports_file = _write_reports(root, task, reports) if reports else None
    n_reports = len(reports or ())
    write_marker(root, TaskMarker(task=task, files=tuple(files), rows=rows, max_span_days=span,
                                  bad_rows=tuple(bad), reports=n_reports, inputs=inputs,
                                  reports_file=reports_file))
    return TaskResult(task=task, rows=rows, reports=n_reports, bad_rows=tuple(bad), pid=os.getpid(),
                      preloaded=preloaded)


def _timed(fn):
    """Record the CPU seconds a task took in its result."""
    import functools
    import time

    @functools.wraps(fn)
    def run(root: str, spec) -> TaskResult:
        start = time.process_time()
        result = fn(root, spec)
        return dataclasses.replace(result, cpu_s=time.process_time() - start)

    return run


@_timed
def run_ingest_task(root: str, spec: IngestTask) -> TaskResult:
    """Extract the task's report files (:func:`geo.pipeline.events_of_report`) into the dataset.

    An unreadable file is a bad row of the task (row = its index in the task, 1-based), as in
    ``python -m geo ingest``. A task whose marker exists is skipped.
    """
    from geo.errors import ReportError
    from geo.pipeline import events_of_report
    from geo.reports import read_reports

    base = Path(root)
    preloaded = extraction_loaded()
    if marker_path(base, spec.task).exists():
        return TaskResult(spec.task, 0, 0, (), os.getpid(), preloaded, skipped=True)
    events: list[Event] = []
    bad: list[tuple[int, str]] = []
    reports = []
    for n, path in enumerate(spec.files, 1):
        try:
            found = read_reports(path, spec.date)
        except ReportError as exc:
            bad.append((n, f"{path}: {exc}"))
            continue
        for report in found:
            events.extend(events_of_report(report))
            reports.append(report)
    return _write(base, spec.task, events, spec.files, reports, bad, preloaded)


def _gdelt_range(spec: ImportTask, bad: list[tuple[int, str]]) -> Iterator[Event]:
    """The GDELT rows of the byte range ``[start, end)`` (the driver cut it at line starts)."""
    from geo.importers._io import decode_line
    from geo.importers.gdelt import RowError, event_from_cells

    source = Path(spec.path).name
    with open(spec.path, "rb") as f:
        f.seek(spec.start)
        row = spec.first_row - 1
        while spec.end is None or f.tell() < spec.end:
            raw = f.readline()
            if not raw:
                break
            row += 1
            line = decode_line(raw).rstrip("\r\n")
            if not line.strip():
                continue
            try:
                yield event_from_cells(line.split("\t"), source)
            except RowError as exc:
                bad.append((row, str(exc)))


@_timed
def run_import_task(root: str, spec: ImportTask) -> TaskResult:
    """Import the task's table (or byte range of a GDELT file) into the dataset, each event
    enriched once (:func:`geo.geodesy.enrich.enrich`), as ``python -m geo import`` does."""
    from geo.geodesy.enrich import enrich
    from geo.importers import BadRow, iter_rows

    base = Path(root)
    preloaded = extraction_loaded()
    if marker_path(base, spec.task).exists():
        return TaskResult(spec.task, 0, 0, (), os.getpid(), preloaded, skipped=True)
    bad: list[tuple[int, str]] = []
    if spec.fmt == "gdelt" and not spec.path.lower().endswith(".zip"):
        rows: Iterable = _gdelt_range(spec, bad)
    else:
        rows = iter_rows(spec.fmt, spec.path, dict(spec.mapping) if spec.mapping else None)
    events = []
    for item in rows:
        if isinstance(item, BadRow):
            bad.append((item.row, item.reason))
        else:
            events.append(enrich(item))
    label = f"{spec.path}@{spec.start}-{'' if spec.end is None else spec.end}"
    return _write(base, spec.task, events, (label,), None, bad, preloaded)
