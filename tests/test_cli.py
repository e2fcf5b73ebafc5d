"""The command-line contract: JSON on stdout, clear errors on stderr, no tracebacks."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod

from tests.conftest import run_cli


def test_ring_prints_a_geodesic_feature():
    proc = run_cli("ring", "--lat", "39.0392", "--lon", "125.7625", "--radius-km", "570")
    assert proc.returncode == 0, proc.stderr
    feature = json.loads(proc.stdout)
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]
    geod = Geod(ellps="WGS84")
    for lon, lat in ring[:-1]:
        _, _, dist_m = geod.inv(125.7625, 39.0392, lon, lat)
        assert abs(dist_m - 570_000) < 5  # vertices rounded to 1e-6 degrees (~0.1 m)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["ring", "--lat", "95", "--lon", "0", "--radius-km", "10"], "latitude"),
        (["ring", "--lat", "0", "--lon", "0", "--radius-km", "-3"], "radius"),
        (["ring", "--lat", "abc", "--lon", "0", "--radius-km", "3"], "invalid float"),
    ],
)
def test_bad_input_is_one_clear_line(args, needle):
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "ring.json"
    proc = run_cli("ring", "--lat", "0", "--lon", "0", "--radius-km", "100", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["type"] == "Feature"
    assert not list(tmp_path.glob("*.tmp"))
