"""Bulk runs: cut the inputs into tasks, run the unfinished ones on Dask, sum up what they did.

    from geo.scale.engine import dask_client
    from geo.scale.run import plan_ingest, run_tasks
    with dask_client(workers=2) as client:
        summary = run_tasks(client, "out/", plan_ingest(["archive/"]))

A task is a group of report files (``ingest``) or a byte range of a table (``import``;
GDELT files are cut at line starts, other formats are one task per file, their importers
needing the header). See docs/scale.md.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence, Union

from tqdm import tqdm

from geo.errors import InvalidInput
from geo.scale.dataset import (check_root, clear_unfinished, file_stamp, marker_path, read_markers, task_id)
from geo.scale.tasks import ImportTask, IngestTask, TaskResult, run_import_task, run_ingest_task

Task = Union[IngestTask, ImportTask]
DEFAULT_FILES_PER_TASK = 64
DEFAULT_CHUNK_BYTES = 16 * 2**20  # about 40,000 GDELT rows: a few seconds of work, 200 MB of events in memory


def plan_ingest(paths: Sequence[str], date: dt.date | None = None,
                files_per_task: int = DEFAULT_FILES_PER_TASK) -> list[IngestTask]:
    """The ingest tasks for report files and folders (as ``python -m geo ingest`` finds them).

    Raises
    ------
    InvalidInput
        A path does not exist or a folder holds no reports; ``files_per_task`` below 1.
    """
    from geo.reports import report_files

    if files_per_task < 1:
        raise InvalidInput(f"--files-per-task {files_per_task} must be at least 1")
    files = report_files(list(paths))
    tasks = []
    for i in range(0, len(files), files_per_task):
        chunk = files[i:i + files_per_task]
        tid = task_id("ingest", [file_stamp(f) for f in chunk], date)
        tasks.append(IngestTask(task=tid, files=tuple(str(f) for f in chunk), date=date))
    return tasks


def line_ranges(path: Path, chunk_bytes: int) -> list[tuple[int, int | None, int]]:
    """``(start, end, first_row)`` byte ranges of about ``chunk_bytes`` each, cut at line
    starts, with the 1-based row number of each range's first line (one pass over the bytes)."""
    size = path.stat().st_size
    ranges: list[tuple[int, int | None, int]] = []
    start, row = 0, 1
    with open(path, "rb") as f:
        while start < size:
            f.seek(start)
            block_end = start + chunk_bytes
            if block_end >= size:
                ranges.append((start, None, row))
                break
            rows = 0
            remaining = chunk_bytes
            while remaining > 0:  # count the lines in [start, block_end)
                buf = f.read(min(remaining, 2**22))
                if not buf:
                    break
                rows += buf.count(b"\n")
                remaining -= len(buf)
            tail = f.readline()  # finish the line that crosses the cut
            end = block_end + len(tail)
            rows += 1 if tail.endswith(b"\n") else 0
            ranges.append((start, end, row))
            start, row = end, row + rows
    return ranges


def plan_import(fmt: str, files: Sequence[str], mapping: Mapping[str, str] | None = None,
                chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> list[ImportTask]:
    """The import tasks for tables: GDELT text files in byte ranges, others one task per file.

    Each file's first row is read here, so a file that cannot be read at all (missing, not
    this format, a mapped column absent) fails before any work starts.

    Raises
    ------
    InvalidInput
        As :func:`geo.importers.iter_rows`; ``chunk_bytes`` below 1.
    """
    from geo.importers import iter_rows
    from geo.importers._io import check_path

    if chunk_bytes < 1:
        raise InvalidInput(f"chunk size {chunk_bytes} bytes must be at least 1")
    tasks = []
    for name in files:
        path = check_path(name)
        next(iter(iter_rows(fmt, path, mapping)), None)  # raises InvalidInput for an unreadable file
        stamp = file_stamp(path)
        key = dict(mapping) if mapping else None
        if fmt == "gdelt" and path.suffix.lower() != ".zip":
            for start, end, first_row in line_ranges(path, chunk_bytes):
                tid = task_id("import", fmt, stamp, start, end, key)
                tasks.append(ImportTask(task=tid, fmt=fmt, path=str(path.resolve()), start=start, end=end,
                                        first_row=first_row))
        else:
            tasks.append(ImportTask(task=task_id("import", fmt, stamp, key), fmt=fmt, path=str(path.resolve()),
                                    mapping=key))
    return tasks


def _runner(task: Task) -> Callable[[str, Any], TaskResult]:
    return run_ingest_task if isinstance(task, IngestTask) else run_import_task


def run_tasks(client: Any, root: str | Path, tasks: Sequence[Task], *, progress: bool = True,
              retries: int = 2) -> dict:
    """Run the tasks that have no marker in the dataset ``root`` on the client's workers.

    What dead workers of an earlier run left (files of tasks with no marker) is removed
    first; a worker that dies during this run has its task redone by the scheduler on
    another worker (Dask reschedules it; ``retries`` more tries for a task that raises).

    Returns
    -------
    dict
        ``dataset``, ``tasks``, ``tasks_run``, ``tasks_skipped`` (finished before),
        ``tasks_failed`` (with the error of each), ``rows`` written, ``reports``,
        ``bad_rows`` (task, row, reason; first 100), ``workers``, ``seconds``, ``cpu_seconds``
        (the tasks' CPU time: over ``seconds``, how many cores the run really had).
    """
    from distributed import as_completed

    base = check_root(root, create=True)
    started = time.perf_counter()
    finished = read_markers(base)
    clear_unfinished(base, finished)
    todo = [t for t in tasks if t.task not in finished]
    # The dataset is part of the key: the same inputs written to two folders are two pieces of work.
    where = task_id(str(base.resolve()))
    keys = [f"geo-{type(t).__name__.lower()}-{t.task}-{where}" for t in todo]
    futures = [client.submit(_runner(t), str(base.resolve()), t, key=k, retries=retries, pure=False)
               for t, k in zip(todo, keys)]
    results: list[TaskResult] = []
    failed = []
    bar = tqdm(total=len(futures), desc="tasks", unit="task", file=sys.stderr, disable=not progress or None)
    for future in as_completed(futures):
        try:
            results.append(future.result())
        except Exception as exc:  # one task's error is reported, the others go on; a rerun redoes it
            failed.append({"key": future.key, "error": f"{type(exc).__name__}: {exc}"})
        bar.update(1)
    bar.close()
    markers = read_markers(base)
    ours = [markers[t.task] for t in todo if t.task in markers]
    bad = [{"task": m.task, "row": r, "reason": why} for m in ours for r, why in m.bad_rows]
    return {
        "dataset": str(base), "tasks": len(tasks), "tasks_run": len(results),
        "tasks_skipped": len(tasks) - len(todo), "tasks_failed": failed,
        "rows": sum(m.rows for m in ours), "reports": sum(m.reports for m in ours),
        "bad_rows": bad[:100], "n_bad_rows": len(bad),
        "workers": len(client.scheduler_info().get("workers", {})),
        "cpu_seconds": round(sum(r.cpu_s for r in results), 3),
        "seconds": round(time.perf_counter() - started, 3),
    }


def task_done(root: str | Path, task: Task) -> bool:
    """Whether ``task`` has finished in the dataset ``root``."""
    return marker_path(Path(root), task.task).exists()
