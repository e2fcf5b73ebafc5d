"""Extraction in worker processes, bounded in time: one visitor's report cannot stall the others.

Streamlit runs every session's script in a thread of one process. Extraction is pure
Python and holds the GIL, so a large report extracted in-process stalls every other
visitor's page until it is done. :func:`run_extraction` sends reports to a small pool of
worker processes shared by all sessions instead; the calling thread waits on a pipe, which
releases the GIL, so other sessions keep running.

Each report gets a budget (:data:`EXTRACT_SECONDS`, ``GEO_EXTRACT_SECONDS`` in the
environment): the worker stops extraction between sentences when the time is up and sends
back the message of :class:`~geo.extract.budget.ExtractionLimit`; a worker that does not
answer within the budget plus :data:`GRACE_SECONDS` (stuck in one long step) is killed and
replaced, and the caller gets the same kind of message. A report that exceeded the budget
once fails at once the next time (the dashboard reruns its script on every click).

Workers are started with ``spawn`` (safe in a threaded server, unlike ``fork``), load the
gazetteer, geoparser and actor dictionary once when they start, and then serve report after
report. The pool has :data:`WORKERS` processes (``GEO_EXTRACT_WORKERS``; each holds about
300 MB); reports short enough to take well under a second (:data:`IN_PROCESS_CHARS`) are
extracted in the calling thread, without the round trip.

    from geo.extract.bounded import run_extraction
    events = run_extraction(report)                      # extract_report's dicts
    events = run_extraction(report, events_of_report)    # any picklable function of a report
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import multiprocessing as mp
import os
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

from geo.errors import GeoError, ReportError
from geo.extract.budget import Budget, ExtractionLimit, limits, size_text
from geo.extract.events import extract_report
from geo.reports import Report

log = logging.getLogger(__name__)


def _env_number(name: str, default: float, kind: type = float) -> Any:
    raw = os.environ.get(name)
    try:
        value = kind(raw) if raw else default
    except ValueError:
        log.warning("%s=%r is not a number; using %s", name, raw, default)
        return default
    return value if value > 0 else default


EXTRACT_SECONDS: float = _env_number("GEO_EXTRACT_SECONDS", 30.0)
"""Wall-clock budget of one report's extraction in the dashboard (s)."""
WORKERS: int = _env_number("GEO_EXTRACT_WORKERS", 1, int)
"""Worker processes shared by all sessions."""
IN_PROCESS_CHARS = 20_000
"""Reports up to this many characters (well under a second) are extracted in the calling thread."""
GRACE_SECONDS = 15.0
"""How long past the budget a worker may take to answer before it is killed (s): the whole-text
steps (actors, geoparsing) of a 5 MB report run for a few seconds between two checks."""
START_SECONDS = 120.0
"""How long a new worker may take to load its data (s)."""
QUEUE_SECONDS = 120.0
"""How long a report may wait for a free worker (s)."""

class ExtractionBusy(ExtractionLimit):
    """No worker was free in time: the report itself may be fine, try again later."""


_WARM_UP = Report("warm-up", dt.date(2023, 12, 18),
                  "North Korea fired a ballistic missile from near Pyongyang on Sunday. "
                  "It flew 570 km before landing in the East Sea. Talks were held in Washington.")


def _warm_up() -> None:
    """Load the data extraction needs (gazetteer, geoparser, actors, geodesy) once per worker."""
    extract_report(_WARM_UP)
    try:  # the dashboard's path also types and enriches the events
        from geo.pipeline import events_of_report
    except ImportError:
        return
    events_of_report(_WARM_UP)


def _serve(conn) -> None:  # pragma: no cover - runs in the worker process
    """A worker's life: load the data, say so, then run tasks until the pipe closes."""
    try:
        _warm_up()
        conn.send(("ready", None))
    except Exception as exc:
        conn.send(("error", ReportError(f"extraction worker could not start: {type(exc).__name__}: {exc}")))
        return
    while True:
        try:
            func, report, budget = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        try:
            with limits(budget):
                result = func(report)
            message = ("ok", result)
        except GeoError as exc:
            message = ("error", exc)
        except Exception as exc:  # a bug must reach the caller as a message, not kill the worker
            message = ("error", RuntimeError(f"{type(exc).__name__}: {exc}"))
        try:
            conn.send(message)
        except Exception as exc:  # e.g. a result that does not pickle
            conn.send(("error", RuntimeError(f"could not send the result back: {type(exc).__name__}: {exc}")))


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), name="geo-extract-worker", daemon=True)
        self.proc.start()
        child.close()
        if not self.conn.poll(START_SECONDS):
            self.kill()
            raise ReportError(f"extraction worker did not start within {START_SECONDS:.0f} s")
        status, payload = self.conn.recv()
        if status != "ready":
            self.kill()
            raise payload

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=10)
        self.conn.close()


class WorkerPool:
    """At most ``size`` worker processes, started on demand and reused, shared by all threads.

    Parameters
    ----------
    size : int
        Most worker processes alive (and reports extracted) at once.
    start_method : str
        ``multiprocessing`` start method; ``spawn`` by default.
    grace_seconds : float
        How long past the budget a worker may take before it is killed (s).
    """

    def __init__(self, size: int = WORKERS, start_method: str = "spawn", grace_seconds: float = GRACE_SECONDS) -> None:
        self.size = size
        self.grace_seconds = grace_seconds
        self._ctx = mp.get_context(start_method)
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def run(self, func: Callable[[Report], Any], report: Report, seconds: float) -> Any:
        """``func(report)`` in a worker, within ``seconds`` (plus ``grace_seconds``).

        Raises
        ------
        ExtractionLimit
            The budget was spent, or no worker was free for :data:`QUEUE_SECONDS`.
        GeoError
            What ``func`` raised on purpose (a bad report...), as it raised it.
        RuntimeError
            Anything else that went wrong in the worker, with its type and message.
        """
        if not self._slots.acquire(timeout=QUEUE_SECONDS):
            raise ExtractionBusy(f"{report.source}: the server is busy extracting other reports; try again in a minute")
        try:
            worker = self._take()
            started = time.monotonic()
            try:
                worker.conn.send((func, report, Budget(seconds=seconds)))
                answered = worker.conn.poll(seconds + self.grace_seconds)
                status, payload = worker.conn.recv() if answered else ("timeout", None)
            except (EOFError, OSError):
                worker.kill()
                raise ReportError(f"{report.source}: the extraction worker stopped (out of memory?); "
                                  f"the report is {size_text(report.text)}, split it into smaller reports") from None
            if status == "timeout":
                worker.kill()  # stuck in one step: only this report's worker goes
                raise ExtractionLimit(
                    f"{report.source}: extraction stopped after {time.monotonic() - started:.0f} s (limit {seconds:g} s); "
                    f"the report is {size_text(report.text)}, split it into smaller reports")
            with self._lock:
                self._idle.append(worker)
            if status == "error":
                raise payload
            return payload
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.proc.is_alive():
                    return worker
                worker.kill()
        return _Worker(self._ctx)

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their task ends and the pipe closes)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_POOL: WorkerPool | None = None
_POOL_LOCK = threading.Lock()
_FAILED: OrderedDict[tuple, str] = OrderedDict()  # reports that exceeded the budget -> the message
_FAILED_LOCK = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process-wide pool (every session of the dashboard uses this one)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = WorkerPool()
        return _POOL


def _key(func: Callable, report: Report, seconds: float) -> tuple:
    digest = hashlib.sha1(report.text.encode("utf-8", errors="replace")).hexdigest()
    return (getattr(func, "__module__", ""), getattr(func, "__qualname__", repr(func)), report.source,
            report.date, digest, seconds)


def run_extraction(report: Report, func: Callable[[Report], Any] = extract_report, *,
                   seconds: float | None = None, pool: WorkerPool | None = None) -> Any:
    """``func(report)`` within a time budget, in a worker process unless the report is short.

    Parameters
    ----------
    report : Report
        The report to extract.
    func : callable
        A module-level function of one report (it must pickle by name):
        :func:`geo.extract.extract_report` by default, or e.g. ``geo.pipeline.events_of_report``.
    seconds : float, optional
        The budget (s); :data:`EXTRACT_SECONDS` by default.
    pool : WorkerPool, optional
        The pool to use; the shared one by default.

    Returns
    -------
    Whatever ``func`` returns; the same as ``func(report)`` in-process.

    Raises
    ------
    ExtractionLimit
        The report needs more than the budget; the message names the report, the limit and
        the report's size.
    """
    seconds = EXTRACT_SECONDS if seconds is None else seconds
    if len(report.text) <= IN_PROCESS_CHARS:
        with limits(Budget(seconds=seconds)):
            return func(report)
    key = _key(func, report, seconds)
    with _FAILED_LOCK:
        known = _FAILED.get(key)
    if known is not None:
        raise ExtractionLimit(known)
    try:
        return (pool or shared_pool()).run(func, report, seconds)
    except ExtractionBusy:
        raise
    except ExtractionLimit as exc:
        with _FAILED_LOCK:
            _FAILED[key] = str(exc)
            while len(_FAILED) > 64:
                _FAILED.popitem(last=False)
        raise
