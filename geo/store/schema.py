"""Opening the SQLite file, its schema version and forward migrations.

The version is SQLite's ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file
as ours, so another program's database is refused with a clear message instead of being
altered. Migrations are the numbered ``migrations/NNN_*.sql`` files, applied in order,
each in one transaction with its version bump: a failed migration leaves the previous
version intact.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from geo.errors import StoreError, StoreFileError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
APPLICATION_ID = 0x47454F45  # "GEOE"
# A writer waits this long for another writer's transaction (a batch takes well under a second).
BUSY_TIMEOUT_S = 10.0


def migrations() -> list[tuple[int, Path]]:
    """``(version, sql file)`` for every migration, in version order."""
    found = []
    for path in MIGRATIONS_DIR.glob("*.sql"):
        m = re.match(r"(\d+)_", path.name)
        if m:
            found.append((int(m.group(1)), path))
    return sorted(found)


def latest_version() -> int:
    """The schema version this code writes."""
    return migrations()[-1][0]


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """A :class:`StoreError` saying in words what went wrong with the store at ``path``."""
    msg = str(exc)
    if "not a database" in msg or "malformed" in msg or "disk image" in msg:
        return StoreFileError(f"{path} is not an events store (not a readable SQLite database: {msg})")
    if "readonly" in msg or "read-only" in msg:
        return StoreFileError(f"{path} is read-only: cannot write to the events store there ({msg})")
    if "unable to open" in msg:
        folder = Path(path).parent
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return StoreFileError(f"the events store {path} is in a read-only folder or file system: it cannot "
                                  f"be opened for writing there ({msg}); open it read-only, or copy it to a "
                                  f"writable folder")
        return StoreFileError(f"cannot open the events store {path} ({msg}); check the folder exists and is writable")
    if "disk is full" in msg:
        return StoreError(f"the disk holding the events store {path} is full: this batch was not stored "
                          f"(what was stored before is intact); free some space and try again")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"the events store {path} is locked by another process for more than "
                          f"{BUSY_TIMEOUT_S:.0f} s; try again when it has finished")
    return StoreError(f"events store {path}: {msg}")


@contextmanager
def errors_named(path: Path | str) -> Iterator[None]:
    """Turn sqlite3 errors raised inside the block into :class:`StoreError` naming ``path``."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, path) from None


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode (transactions are explicit ``BEGIN``s), WAL journal.

    Raises
    ------
    StoreFileError
        When the file is missing (read-only), not a database, or cannot be written.
    """
    if read_only and not path.exists():
        raise StoreFileError(f"no events store at {path} (run 'python -m geo ingest' to create one)")
    if not read_only and path.exists() and not path.is_file():
        raise StoreFileError(f"{path} is not a file")
    if not read_only and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    with errors_named(path):
        if read_only:
            con = _connect_read_only(path)
        else:
            con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            con.execute("PRAGMA foreign_keys = OFF")  # the store writes its own consistent rows
            # Reading the header here makes a non-database fail now, not at the first query.
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except BaseException:
            con.close()
            raise
    if tables and app_id != APPLICATION_ID:
        con.close()
        raise StoreFileError(f"{path} is a SQLite database of another program, not an events store")
    if version > latest_version():
        con.close()
        raise StoreError(f"{path} has schema version {version}, newer than this program's "
                         f"{latest_version()}: update the program")
    if not read_only:
        with errors_named(path):
            # WAL: readers never wait for the writer and see only committed batches.
            # synchronous=NORMAL is safe against a killed process (only a power cut may lose
            # the last commits, never corrupt the file).
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
    return con


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """``mode=ro``; on a read-only folder or medium, where SQLite cannot make the WAL's shared-memory
    file, ``immutable=1`` (safe there: nothing can write the file) unless a ``-wal`` file holds
    changes not yet in the main file, which only a writable open can fold in."""
    uri = path.resolve().as_uri()
    con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                          check_same_thread=False)
    try:
        con.execute("PRAGMA user_version").fetchone()
        return con
    except sqlite3.OperationalError as exc:
        con.close()
        if "unable to open" not in str(exc) or os.access(path.parent, os.W_OK):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreFileError(f"the events store {path} is on a read-only folder or file system and its "
                             f"journal {wal.name} holds changes not yet in the file: open it once where it "
                             f"is writable")
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def version(con: sqlite3.Connection) -> int:
    """The schema version of an open store (0 for an empty file)."""
    return con.execute("PRAGMA user_version").fetchone()[0]


def migrate(con: sqlite3.Connection, path: Path | str, target: int | None = None) -> list[int]:
    """Apply every migration above the file's version, up to ``target`` (default: latest).

    Returns
    -------
    list of int
        The versions applied, in order ([] when the file was up to date).
    """
    target = latest_version() if target is None else target
    applied = []
    with errors_named(path):
        for number, sql_file in migrations():
            if number > target:
                break
            if number <= version(con):
                # Up to date already: no write lock, so a store opens while another process writes.
                continue
            con.execute("BEGIN IMMEDIATE")
            try:
                # Re-read inside the write lock: another process may have migrated meanwhile.
                if number <= version(con):
                    con.execute("ROLLBACK")
                    continue
                for statement in _statements(sql_file.read_text(encoding="utf-8")):
                    con.execute(statement)
                con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute(f"PRAGMA user_version = {number}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            applied.append(number)
    return applied


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT first; splitting keeps the migration in our transaction.
    out, buf = [], []
    for line in script.splitlines():
        stripped = line.split("--", 1)[0] if not line.lstrip().startswith("--") else ""
        buf.append(stripped)
        if stripped.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            out.append("\n".join(buf).strip())
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out
