"""The offline gazetteer as a geopy Geocoder, and the geocode/reverse command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.cli import main
from geo.gazetteer.geocoder import OfflineGeocoder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    return OfflineGeocoder()


def test_is_a_geopy_geocoder_returning_locations_with_raw_record(geocoder: OfflineGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)
    loc = geocoder.geocode("Wonsan")
    assert isinstance(loc, Location)
    assert loc.latitude == pytest.approx(39.15, abs=0.1) and loc.longitude == pytest.approx(127.44, abs=0.1)
    assert loc.raw["country_code"] == "KP" and loc.raw["feature"] == "city"
    assert "North Korea" in loc.address


def test_exactly_one_false_gives_a_list_and_country_codes_filter(geocoder: OfflineGeocoder) -> None:
    locs = geocoder.geocode("Paris", exactly_one=False, limit=4, country_codes=["us", "CA"])
    assert 1 <= len(locs) <= 4
    assert {loc.raw["country_code"] for loc in locs} <= {"US", "CA"}
    assert geocoder.geocode("no such place anywhere") is None


def test_works_under_geopy_rate_limiter(geocoder: OfflineGeocoder) -> None:
    geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0.0)
    reverse = RateLimiter(geocoder.reverse, min_delay_seconds=0.0)
    assert geocode("Sinp’o").raw["country_code"] == "KP"
    assert reverse((40.0, 134.0)).address == "Sea of Japan"


def test_reverse_accepts_geopy_point_forms(geocoder: OfflineGeocoder) -> None:
    loc = geocoder.reverse("48.857, 2.352")
    assert loc.raw["country_code"] == "FR" and loc.raw["nearest"]["name"].startswith("Paris")
    assert geocoder.reverse((39.03, 125.75), exactly_one=False)[0].raw["country"] == "North Korea"


def test_cli_geocode_prints_the_contract_fields(capsys) -> None:
    assert main(["geocode", "Tongchang-ri", "--limit", "2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out and set(out[0]) == {"name", "lat", "lon", "country_code", "feature", "population", "score", "source"}
    assert out[0]["name"] == "Sohae Satellite Launching Station" and out[0]["source"] == "cns"


def test_cli_geocode_country_and_context(capsys) -> None:
    assert main(["geocode", "Washington", "--context", "US.WA", "--limit", "1"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["feature"] == "admin1"
    assert main(["geocode", "Paris", "--country", "US", "--limit", "3"]) == 0
    assert {r["country_code"] for r in json.loads(capsys.readouterr().out)} == {"US"}


@pytest.mark.parametrize(
    ("argv", "needle"),
    [(["geocode", "Paris", "--country", "XX"], "'XX'"),
     (["geocode", "Paris", "--limit", "0"], "--limit"),
     (["geocode", "   "], "empty"),
     (["reverse", "--lat", "95", "--lon", "0"], "95")],
)
def test_cli_bad_input_exits_2_with_a_message_naming_it(capsys, argv: list[str], needle: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_cli_reverse_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "geo", "reverse", "--lat", "40", "--lon", "134", "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["sea"] == "Sea of Japan" and r["country_code"] is None
    assert r["nearest"]["name"] and r["distance_km"] > 0
