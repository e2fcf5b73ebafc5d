"""Shared fixtures. Every test here runs offline; tests marked ``network`` are deselected."""

from __future__ import annotations

import os
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore new random examples on every run of `make test`. CI (.ci/run) sets
# HYPOTHESIS_PROFILE=ci: the same examples every time, so a red build is a change, not luck.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "explore"))

# The dashboard and the CLI open the events store at $GEO_EVENTS_DB: tests never touch the
# user's own store. One file for the whole run (set before any app or server starts, so the
# browser tests' `streamlit run` inherits it); tests that need a store of their own pass --db.
if not os.environ.get("GEO_EVENTS_DB"):
    os.environ["GEO_EVENTS_DB"] = os.path.join(tempfile.mkdtemp(prefix="geo-test-store-"), "events.sqlite")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2023-12-18_north-korea-srbm-launch.txt"
APP = str(ROOT / "streamlit_app.py")


def open_app(timeout_s: float = 180, **params: str | list[str]):
    """The dashboard (Streamlit's AppTest, one run) opened on a link with these query parameters."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=timeout_s)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


# Reference data beside the clone; tests that need it skip when it is absent (CI may lack it).
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``python -m geo ARGS...`` from the repository root, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
