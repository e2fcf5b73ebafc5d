"""The online chain (cache -> offline -> online) against a fake Nominatim on 127.0.0.1.

Nothing here touches the internet: the "online service" is a small http.server
started by the test, which can answer, answer nothing, refuse with 429, fail with
500 or stall past the timeout.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from geo.cli import main
from geo.gazetteer.chain import GeocodeCache, GeocodingChain, nominatim

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN = "Fakeville Junction"   # in no offline source


class FakeNominatim:
    """A stand-in for Nominatim's /search endpoint with switchable behaviour."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.fail_first = 0          # with mode "429-then-ok": how many 429s before answering
        self.requests: list[tuple[float, str, dict, str]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                qs = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append((time.monotonic(), url.path, qs, self.headers.get("User-Agent", "")))
                mode = fake.mode
                if mode == "429-then-ok":
                    mode = "429" if len(fake.requests) <= fake.fail_first else "ok"
                if mode == "429":
                    self._send(429, {"error": "rate limited"}, {"Retry-After": "0"})
                elif mode == "500":
                    self._send(500, {"error": "boom"})
                elif mode == "slow":
                    time.sleep(1.5)
                    self._send(200, [])
                elif mode == "empty":
                    self._send(200, [])
                else:
                    self._send(200, [{"lat": "12.5", "lon": "18.25", "display_name": f"{qs.get('q')}, Chad",
                                      "importance": 0.61, "addresstype": "village",
                                      "address": {"country_code": "td"}}])

            def _send(self, status: int, body, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def fake():
    f = FakeNominatim()
    yield f
    f.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chain(domain: str, cache: Path, *, timeout: float = 2.0, delay: float = 0.0, retries: int = 0) -> GeocodingChain:
    online = nominatim(domain=domain, scheme="http", user_agent="reported-events-map-tests", timeout=timeout)
    return GeocodingChain(online, cache_path=cache, min_delay_seconds=delay, max_retries=retries,
                          error_wait_seconds=0.05)


def test_offline_only_by_default_never_needs_a_server(tmp_path: Path) -> None:
    chain = GeocodingChain(cache_path=tmp_path / "c.sqlite")
    (r,) = chain.geocode("Pyongyang")
    assert r["via"] == "offline" and r["country_code"] == "KP"
    assert chain.geocode(UNKNOWN) == []
    assert not (tmp_path / "c.sqlite").exists()  # no online service, no cache


def test_confident_offline_answer_does_not_go_online(fake: FakeNominatim, tmp_path: Path) -> None:
    chain = _chain(fake.domain, tmp_path / "c.sqlite")
    (r,) = chain.geocode("Sinpo")
    assert r["via"] == "offline" and r["source"] == "geonames"
    assert fake.requests == []


def test_unknown_name_goes_online_with_user_agent_then_comes_from_cache(fake: FakeNominatim, tmp_path: Path) -> None:
    chain = _chain(fake.domain, tmp_path / "c.sqlite")
    (r,) = chain.geocode(UNKNOWN)
    assert r["via"] == "online" and r["source"] == "nominatim"
    assert (r["lat"], r["lon"], r["country_code"]) == (12.5, 18.25, "TD")
    assert len(fake.requests) == 1
    _, path, qs, agent = fake.requests[0]
    assert path == "/search" and qs["q"] == UNKNOWN and agent == "reported-events-map-tests"
    (again,) = chain.geocode(UNKNOWN)
    assert again["via"] == "cache" and again["lat"] == 12.5
    assert len(fake.requests) == 1


def test_rate_limiter_spaces_requests(fake: FakeNominatim, tmp_path: Path) -> None:
    chain = _chain(fake.domain, tmp_path / "c.sqlite", delay=0.3)
    for q in ("Fakeville A", "Fakeville B", "Fakeville C"):
        assert chain.geocode(q)[0]["via"] == "online"
    times = [t for t, *_ in fake.requests]
    assert len(times) == 3
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.28


def test_429_is_retried_by_the_rate_limiter(fake: FakeNominatim, tmp_path: Path) -> None:
    fake.mode, fake.fail_first = "429-then-ok", 2
    chain = _chain(fake.domain, tmp_path / "c.sqlite", retries=2)
    (r,) = chain.geocode(UNKNOWN)
    assert r["via"] == "online"
    assert len(fake.requests) == 3


@pytest.mark.parametrize("mode", ["429", "500"])
def test_service_errors_fall_back_to_the_offline_answer_and_say_so(fake: FakeNominatim, tmp_path: Path,
                                                                   mode: str) -> None:
    fake.mode = mode
    chain = _chain(fake.domain, tmp_path / "c.sqlite", retries=1)
    res = chain.geocode("Springfield", limit=3)   # weak offline answer: goes online
    assert len(fake.requests) == 2                # first try and one retry
    assert res and all(r["via"] == "offline-fallback" for r in res)
    assert res[0]["country_code"] == "US"
    assert "online failed" in res[0]["source"] and res[0]["source"].startswith("geonames")
    assert len(GeocodeCache(tmp_path / "c.sqlite")) == 0   # failures are not cached


def test_timeout_falls_back(fake: FakeNominatim, tmp_path: Path) -> None:
    fake.mode = "slow"
    chain = _chain(fake.domain, tmp_path / "c.sqlite", timeout=0.3)
    t = time.monotonic()
    res = chain.geocode("Springfield")
    assert time.monotonic() - t < 1.4
    assert res[0]["via"] == "offline-fallback" and "Timed" in res[0]["error"]


def test_connection_refused_falls_back(tmp_path: Path) -> None:
    chain = _chain(f"127.0.0.1:{_free_port()}", tmp_path / "c.sqlite")
    res = chain.geocode("Springfield")
    assert res[0]["via"] == "offline-fallback" and res[0]["country_code"] == "US"
    assert chain.geocode(UNKNOWN) == []


def test_empty_online_answer_is_cached_and_offline_answer_kept(fake: FakeNominatim, tmp_path: Path) -> None:
    fake.mode = "empty"
    chain = _chain(fake.domain, tmp_path / "c.sqlite")
    first = chain.geocode("Springfield")
    assert first[0]["via"] == "offline"
    second = chain.geocode("Springfield")
    assert second[0]["via"] == "offline" and len(fake.requests) == 1


_CHILD = """
import json, sys
from geo.gazetteer.chain import GeocodingChain, nominatim
domain, cache = sys.argv[1], sys.argv[2]
online = nominatim(domain=domain, scheme="http", user_agent="reported-events-map-tests", timeout=1)
chain = GeocodingChain(online, cache_path=cache, min_delay_seconds=0, max_retries=0)
print(json.dumps(chain.geocode("Fakeville Junction")))
"""


def test_cache_survives_across_processes(fake: FakeNominatim, tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite"

    def child(domain: str) -> list[dict]:
        proc = subprocess.run([sys.executable, "-c", _CHILD, domain, str(cache)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    first = child(fake.domain)
    assert first[0]["via"] == "online"
    # The second process has no service at all (nothing listens there): the cache answers.
    second = child(f"127.0.0.1:{_free_port()}")
    assert second[0]["via"] == "cache"
    assert (second[0]["lat"], second[0]["lon"]) == (first[0]["lat"], first[0]["lon"])
    assert len(fake.requests) == 1


def test_cli_online_flag_uses_the_chain(fake: FakeNominatim, tmp_path: Path, capsys) -> None:
    argv = ["geocode", UNKNOWN, "--online", "--nominatim-domain", fake.domain, "--scheme", "http",
            "--cache", str(tmp_path / "cli.sqlite")]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out[0]["source"] == "nominatim" and out[0]["country_code"] == "TD"
    assert len(fake.requests) == 1 and "reported-events-map" in fake.requests[0][3]
