"""Configuration (issue 16, item 7): safe defaults in .streamlit/config.toml, no secrets in the
repository, secrets.toml git-ignored."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from geo.reports import MAX_REPORT_MB

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "build", "tmp"}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".sqlite", ".parquet", ".gz", ".zip", ".pyc", ".whl", ".npz",
                   ".bin", ".shp", ".dbf", ".shx", ".pbf", ".ico", ".woff", ".woff2", ".ttf"}


def test_upload_limit_is_stated_once_and_matches_the_reader():
    assert CONFIG["server"]["maxUploadSize"] == MAX_REPORT_MB == 5


def test_security_settings():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True  # Streamlit needs it on with XSRF protection
    assert server["runOnSave"] is False
    assert server["headless"] is True
    assert server["enableStaticServing"] is True
    assert CONFIG["browser"]["gatherUsageStats"] is False
    # "none": visitors never see tracebacks, exception types or messages of unexpected errors
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_streamlit_knows_every_option_we_set():
    from streamlit import config as st_config

    for section, options in CONFIG.items():
        for name in options:
            assert f"{section}.{name}" in st_config._config_options_template, f"{section}.{name} is not an option"


def test_static_folder_serves_only_our_front_end_files():
    static = ROOT / "static"
    tracked = {p.name for p in static.iterdir() if p.name not in ("node_modules", "generated")}
    assert tracked <= {"package.json", "package-lock.json", "README.md", ".gitignore"}, tracked
    # generated/: only the dashboard's own content-named data files (geo/view/published.py)
    generated = static / "generated"
    made = [p.name for p in generated.iterdir()] if generated.is_dir() else []
    assert all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{20}\.json(\.gz)?", name) for name in made), made


def _repo_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, check=True, timeout=30).stdout
        return [ROOT / p for p in out.decode("utf-8", "replace").split("\0") if p]
    except (OSError, subprocess.SubprocessError):  # not a git checkout (an unpacked archive)
        return [p for p in ROOT.rglob("*") if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts)]


def test_secrets_toml_is_ignored_and_absent_from_the_repository():
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".streamlit/secrets.toml" in lines
    assert not [p for p in _repo_files() if p.name == "secrets.toml"]


# Built from pieces so this file does not match itself.
_SECRET_PATTERNS = {
    "private key": re.compile("-----BEGIN ([A-Z]+ )?" + "PRIVATE KEY-----"),
    "assigned key or token": re.compile(
        r"""(?i)\b(api[_-]?key|secret[_-]?key|access[_-]?token|auth[_-]?token|client[_-]?secret|password)\b"""
        r"""\s*[:=]\s*["'][A-Za-z0-9_\-+/=.]{12,}["']"""),
    "AWS access key": re.compile("AKIA" + "[0-9A-Z]{16}"),
    "GitHub token": re.compile("gh[pousr]_" + "[A-Za-z0-9]{36}"),
    "Slack token": re.compile("xox[abpr]-" + "[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile("AIza" + r"[0-9A-Za-z_\-]{35}"),
}


def test_no_file_in_the_repository_looks_like_a_secret():
    found = []
    for path in _repo_files():
        if path.suffix.lower() in BINARY_SUFFIXES or not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for what, pattern in _SECRET_PATTERNS.items():
            if m := pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {what}: {m.group(0)[:30]}…")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("sample", [
    "-----BEGIN RSA " + "PRIVATE KEY-----", 'api_key = "' + "abcd1234efgh5678" + '"', "AKIA" + "ABCDEFGHIJKLMNOP",
])
def test_the_scan_finds_what_it_looks_for(sample):
    assert any(p.search(sample) for p in _SECRET_PATTERNS.values())
