"""Faults (issue 16, item 4): the online geocoder down, slow or rate-limiting; the store locked,
read-only or on a full disk. Each gives a clear message, answers what it can, and loses nothing.

All traffic goes to 127.0.0.1: the "online geocoder" is a small HTTP server started here that
refuses, hangs, trickles, answers 429/500, drops the connection or answers garbage. The killed
ingest is in ``tests/test_store_processes.py``. The read-only folder and the full disk need
``mount`` (a read-only bind mount, a 1 MB tmpfs): they skip with the reason where it is not
permitted (not root, or in a container without CAP_SYS_ADMIN).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geo.cli import main as cli_main
from geo.errors import StoreError, StoreFileError
from geo.gazetteer.chain import GeocodingChain, nominatim
from geo.store import open_store, schema
from tests.store_helpers import launch

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN = "Fakeville Junction"   # in no offline source: only the online service could know it
WEAK = "Springfield"             # a weak offline answer (many places): goes online
TIMEOUT_S = 0.5


# -- the online geocoder ---------------------------------------------------------------------

class FaultyNominatim:
    """A Nominatim /search stand-in on 127.0.0.1 whose failure mode the test sets."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.requests = 0
        self.release = threading.Event()   # ends the "hang" handlers when the test is done
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                fake.requests += 1
                mode = fake.mode
                try:
                    if mode == "hang":          # accepts, reads the request, never answers
                        fake.release.wait(10)
                    elif mode == "slow":        # answers, one byte at a time, past the timeout
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.end_headers()
                        for ch in b"[]" * 20:
                            if fake.release.wait(0.2):
                                break
                            self.wfile.write(bytes([ch]))
                            self.wfile.flush()
                    elif mode == "429":
                        self._send(429, b'{"error": "rate limited"}', {"Retry-After": "120"})
                    elif mode == "500":
                        self._send(500, b"<html>Internal Server Error</html>")
                    elif mode == "reset":       # closes the connection without a word
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                    elif mode == "garbage":     # 200, but not JSON
                        self._send(200, b"<html>maintenance</html>")
                    else:
                        self._send(200, json.dumps([{
                            "lat": "12.5", "lon": "18.25", "display_name": "Fakeville Junction, Chad",
                            "importance": 0.6, "addresstype": "village", "address": {"country_code": "td"}}]).encode())
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.domain = f"127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def service():
    s = FaultyNominatim()
    yield s
    s.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chain(domain: str, tmp_path: Path, **kw) -> GeocodingChain:
    online = nominatim(domain=domain, scheme="http", user_agent="reported-events-map-tests", timeout=TIMEOUT_S)
    kw.setdefault("max_retries", 0)
    return GeocodingChain(online, cache_path=tmp_path / "cache.sqlite", min_delay_seconds=0.0,
                          error_wait_seconds=0.01, **kw)


@pytest.mark.parametrize("mode", ["down", "hang", "slow", "429", "500", "reset", "garbage"])
def test_a_failing_online_geocoder_gives_offline_answers_and_a_notice(service, tmp_path, mode):
    service.mode = mode
    domain = f"127.0.0.1:{_free_port()}" if mode == "down" else service.domain  # "down": nothing listens
    chain = _chain(domain, tmp_path)
    t0 = time.monotonic()
    res = chain.geocode(WEAK, limit=3)
    took = time.monotonic() - t0
    assert took < TIMEOUT_S + 2.5, f"{mode}: {took:.1f} s"     # bounded by the timeout, not by the service
    assert res and all(r["via"] == "offline-fallback" for r in res)
    assert res[0]["country_code"] == "US" and "online failed" in res[0]["source"]
    assert chain.notice and "online geocoder (nominatim) did not answer" in chain.notice
    assert "offline gazetteer" in chain.notice
    # a name only the service could know: no answer, but the notice says why
    assert chain.geocode(UNKNOWN) == [] and chain.notice
    assert len(chain.cache) == 0   # failures are never cached as answers


def test_a_failed_service_is_left_alone_for_the_cooldown_then_asked_again(service, tmp_path):
    service.mode = "500"
    chain = _chain(service.domain, tmp_path, cooldown_seconds=0.5)
    chain.geocode(WEAK)
    assert service.requests == 1
    t0 = time.monotonic()
    for _ in range(5):   # meanwhile: offline at once, nothing sent
        assert chain.geocode(WEAK)[0]["via"] == "offline-fallback"
    assert service.requests == 1 and time.monotonic() - t0 < 0.5
    time.sleep(0.6)
    service.mode = "ok"
    (r,) = chain.geocode(UNKNOWN)
    assert r["via"] == "online" and r["country_code"] == "TD"
    assert chain.notice is None   # the service is back: no notice


def test_a_429_retry_after_longer_than_the_cooldown_is_honoured(service, tmp_path):
    service.mode = "429"
    chain = _chain(service.domain, tmp_path, cooldown_seconds=1.0)
    chain.geocode(WEAK)
    assert "next 120 s" in chain.notice
    service.mode = "ok"
    time.sleep(1.1)   # past our own cool-down, within the service's Retry-After
    assert chain.geocode(UNKNOWN) == [] and service.requests == 1


def test_the_command_line_prints_the_notice(service, tmp_path, capsys):
    service.mode = "500"
    argv = ["geocode", UNKNOWN, "--online", "--nominatim-domain", service.domain, "--scheme", "http",
            "--cache", str(tmp_path / "cli.sqlite")]
    assert cli_main(argv) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == []
    assert "note: The online geocoder (nominatim) did not answer" in out.err


# -- the store -----------------------------------------------------------------------------

def _store_with(path: Path, n: int):
    store = open_store(path, bootstrap=False)
    # on different days: the dashboard's date slider needs a span (all on one day crashes it)
    store.add_events([launch(f"base-{i}", "base.txt", dt.date(2023, 1, 1) + dt.timedelta(days=7 * i))
                      for i in range(n)], source="base")
    return store


def _integrity(path: Path) -> str:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Another process takes the write lock, deletes every event (uncommitted), says so and waits.
_LOCKER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("DELETE FROM events")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def test_a_store_locked_longer_than_the_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_S", 1.0)
    path = tmp_path / "events.sqlite"
    _store_with(path, 20).close()
    locker = subprocess.Popen([sys.executable, "-c", _LOCKER, str(path), "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        store = open_store(path)    # opening an up-to-date store takes no write lock
        t0 = time.monotonic()
        with pytest.raises(StoreError) as err:
            store.add_events([launch("new-1", "new.txt")], source="new")
        waited = time.monotonic() - t0
        assert 0.8 < waited < 5
        assert str(err.value) == (f"the events store {path} is locked by another process for more than 1 s; "
                                  "try again when it has finished")
        # readers never wait for the writer and see only committed data (not its delete)
        assert store.count() == 20 and len(store.map_frame()) == 20
        with open_store(path, read_only=True) as reader:
            assert reader.count() == 20 and reader.event("base-3") is not None
    finally:
        locker.kill()   # killed holding the lock: its uncommitted delete must vanish
        locker.wait(10)
    store.add_events([launch("new-1", "new.txt")], source="new")   # the lock is gone: the retry works
    assert store.count() == 21
    store.close()
    assert _integrity(path) == "ok"


def test_the_dashboard_reads_a_locked_store(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "events.sqlite"
    _store_with(path, 12).close()
    locker = subprocess.Popen([sys.executable, "-c", _LOCKER, str(path), "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        monkeypatch.setenv("GEO_EVENTS_DB", str(path))
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        t0 = time.monotonic()
        at.run()
        assert not at.exception and not at.error
        assert len(at.dataframe[0].value) == 12
        assert time.monotonic() - t0 < 60
    finally:
        locker.kill()
        locker.wait(10)
    assert _integrity(path) == "ok"


def test_a_store_opened_read_only_refuses_writes_and_stays_unchanged(tmp_path):
    path = tmp_path / "events.sqlite"
    _store_with(path, 5).close()
    before = _digest(path)
    with open_store(path, read_only=True) as store:
        with pytest.raises(StoreFileError, match="opened read-only"):
            store.add_events([launch("x", "x.txt")], source="x")
        with pytest.raises(StoreFileError, match="opened read-only"):
            store.correct("base-1", "range_km", 1.0, "tester")
        assert store.count() == 5
    assert _digest(path) == before and _integrity(path) == "ok"


def _mount(*args: str) -> None:
    proc = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        pytest.skip(f"mount {' '.join(args)} is not permitted here: {proc.stderr.strip()}")


def _umount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True, timeout=30).returncode != 0:
        # still busy (a failed test left a file open): detach it now, freed when closed
        subprocess.run(["umount", "--lazy", str(where)], capture_output=True, timeout=30)


@pytest.fixture()
def read_only_folder(tmp_path):
    """(writable folder, the same folder bind-mounted read-only)."""
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (chmod does not stop root, a mount does)")
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    _mount("--bind", str(src), str(ro))
    try:
        proc = subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot remount read-only: {proc.stderr.strip()}")
        yield src, ro
    finally:
        _umount(ro)


def test_a_store_in_a_read_only_folder(read_only_folder):
    src, ro = read_only_folder
    _store_with(src / "events.sqlite", 7).close()
    before = _digest(src / "events.sqlite")
    path = ro / "events.sqlite"
    with pytest.raises(StoreFileError) as err:
        open_store(path)
    assert str(err.value).startswith(f"the events store {path} is in a read-only folder or file system")
    assert "open it read-only, or copy it to a writable folder" in str(err.value)
    with open_store(path, read_only=True) as store:   # reading still works (SQLite's immutable mode)
        assert store.count() == 7 and store.event("base-2") is not None
        with pytest.raises(StoreFileError, match="opened read-only"):
            store.add_events([launch("x", "x.txt")], source="x")
    assert _digest(src / "events.sqlite") == before and _integrity(src / "events.sqlite") == "ok"


# A writer that commits with automatic checkpoints off and dies: its commits stay in the -wal file.
_WAL_WRITER = """
import os, sys
sys.path.insert(0, sys.argv[2])
from geo.store import open_store
from tests.store_helpers import launch
store = open_store(sys.argv[1], bootstrap=False)
store.con.execute("PRAGMA wal_autocheckpoint = 0")
store.add_events([launch("late-1", "late.txt")], source="late")
os._exit(0)
"""


def test_a_read_only_folder_with_commits_still_in_the_journal_says_so(read_only_folder):
    src, ro = read_only_folder
    _store_with(src / "events.sqlite", 3).close()
    subprocess.run([sys.executable, "-c", _WAL_WRITER, str(src / "events.sqlite"), str(ROOT)], check=True,
                   timeout=60)
    assert (src / "events.sqlite-wal").stat().st_size > 0
    with open_store(ro / "events.sqlite", read_only=True) as store:   # -wal and -shm readable: read as is
        assert store.count() == 4
    (src / "events.sqlite-shm").unlink()   # SQLite cannot rebuild it in a read-only folder
    with pytest.raises(StoreFileError, match="journal events.sqlite-wal holds changes not yet in the file"):
        open_store(ro / "events.sqlite", read_only=True)   # not a silently stale read
    with open_store(src / "events.sqlite") as store:       # where it is writable, the commit is there
        assert store.count() == 4


def test_a_full_disk_keeps_exactly_the_committed_batches(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk))
    try:
        path = disk / "events.sqlite"
        store = open_store(path, bootstrap=False)
        committed: list[str] = []
        message = None
        for b in range(200):   # bounded: 1 MB holds far fewer than 200 batches of 25
            batch = [launch(f"b{b}-{i}", f"batch-{b}.txt", phrase="x" * 400) for i in range(25)]
            try:
                store.add_events(batch, source=f"batch-{b}")
            except StoreError as exc:
                message = str(exc)
                failed = [e.id for e in batch]
                break
            committed += [e.id for e in batch]
        assert message is not None, "the disk never filled"
        assert message == (f"the disk holding the events store {path} is full: this batch was not stored "
                           "(what was stored before is intact); free some space and try again")
        assert committed, "not even one batch fitted"
        print(f"\nfull disk: {len(committed) // 25} batches of 25 committed, batch {len(committed) // 25 + 1} refused")
        # reads go on, and see exactly the committed batches
        assert store.count() == len(committed)
        assert {e.id for e in store.query()} == set(committed)
        assert all(store.event(i) is None for i in failed)
        store.close()
        assert _integrity(path) == "ok"
        with open_store(path) as again:   # reopens cleanly, same content
            assert again.count() == len(committed)
    finally:
        _umount(disk)


def test_a_full_disk_then_space_freed_the_retry_succeeds(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk))
    try:
        path = disk / "events.sqlite"
        store = _store_with(path, 10)
        filler = disk / "filler.bin"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)   # fill what is left, then try a batch
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        batch = [launch(f"late-{i}", "late.txt", phrase="y" * 400) for i in range(40)]
        with pytest.raises(StoreError, match="is full"):
            store.add_events(batch, source="late")
        assert store.count() == 10
        filler.unlink()
        store.add_events(batch, source="late")
        assert store.count() == 50
        store.close()
        assert _integrity(path) == "ok"
    finally:
        _umount(disk)
