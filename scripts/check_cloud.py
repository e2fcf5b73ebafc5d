"""Check the app as Streamlit Community Cloud runs it: a clean checkout, a fresh virtualenv with
only ``requirements.txt``, no npm (so no ``static/node_modules``), started from the repository root.

Needs the package registry (PyPI or a mirror), so it is a script, not a test:

    .venv/bin/python scripts/check_cloud.py [WORKDIR] [--pypi]

``--pypi`` installs as a new container does: from https://pypi.org/simple only, with no pip
configuration and no cache (otherwise pip uses this machine's configuration: mirrors, caches).

Steps: ``git archive HEAD`` into WORKDIR/checkout; a fresh venv with only its requirements.txt;
the app under Streamlit's AppTest; ``streamlit run`` from the checkout's root (healthy); then the
page in Debian's Chromium (``/usr/bin/chromium``, driven by this repository's Playwright), twice:

* **CDN served**: with no npm the map loads Leaflet and friends from public CDNs, and this
  machine has no internet. Every request the page makes to another host is logged; those that
  name a front-end file this repository installs with npm are answered from *this* checkout's
  ``static/node_modules`` (``make setup``), a stand-in for the CDN; everything else is aborted.
  The map must draw (Leaflet, the Natural Earth basemap, the points canvas), the table must list
  the events AppTest counted, with no page error and no Streamlit exception.
* **CDN blocked**: every request to another host is aborted, as for a visitor whose network
  blocks the CDN. The table and the report text must still show, with no Python traceback; what
  the map frame shows is reported.

It prints what it checked as JSON (URLs requested, served and aborted, timings in seconds, two
screenshots in WORKDIR) and exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
# The CDN stand-in: npm's copies of the files, installed in the checkout this script runs from.
NODE_MODULES = ROOT / "static" / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
# The flags tests/browser/conftest.py launches Chromium with (a container, no GPU, no updates).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
COUNTS = re.compile(r"([\d,]+) of ([\d,]+) events")
# npm-style CDN paths: /npm/<package>@<version>/<file> (jsDelivr) and /<package>@<version>/<file> (unpkg)
NPM_URL = re.compile(r"^/(?:npm/)?((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")
PROBE = """
import json
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("streamlit_app.py", default_timeout=300)
at.run()
[map_] = [c for c in at.main.get("component_instance") if "st_folium" in c.proto.component_name]
args = json.loads(map_.proto.json_args)
print(json.dumps({"exception": [str(e.value) for e in at.exception], "errors": [e.value for e in at.error],
                  "events_in_table": len(at.dataframe[0].value) if at.dataframe else 0,
                  "leaflet_from": [u for u in args["js_links"] if "leaflet" in u][:1]}))
"""


def _npm_version(package: str) -> str | None:
    manifest = NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.is_file() else None


def _described(path: Path) -> str:
    """``package@installed-version/file`` of a file under node_modules."""
    parts = path.relative_to(NODE_MODULES).parts
    size = 2 if parts[0].startswith("@") else 1  # scoped packages: @scope/name
    package = "/".join(parts[:size])
    return f"{package}@{_npm_version(package)}/{'/'.join(parts[size:])}"


def _folium_entries() -> dict[str, str]:
    """folium's CDN URL -> the path under ``static/`` of our npm copy, for the entries
    geo.view.assets knows (the same table the app uses when node_modules is present)."""
    sys.path.insert(0, str(ROOT))
    import importlib
    import inspect
    import pkgutil

    import folium

    from geo.view.assets import LOCAL_ASSETS

    out: dict[str, str] = {}
    for info in pkgutil.walk_packages(folium.__path__, "folium."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            for attr in ("default_js", "default_css"):
                for name, url in getattr(cls, attr, None) or []:
                    asset = LOCAL_ASSETS.get(name)
                    if asset is not None and asset.package in url.lower():
                        out[url] = asset.path
    return out


def cdn_standin(url: str, entries: dict[str, str]) -> tuple[Path, str] | None:
    """The local file that stands in for a CDN ``url``, and what it is; None when there is none.

    jsDelivr's and unpkg's npm URLs map to ``node_modules/<package>/<file>`` when the installed
    version is the one asked for. Other CDN URLs (cdnjs, code.jquery.com) map through folium's
    entry names to the copy the app itself would serve, as do files beside them (a stylesheet's
    images), whatever the version: the output names both.
    """
    parsed = urlparse(url)
    m = NPM_URL.match(parsed.path) if parsed.hostname in ("cdn.jsdelivr.net", "unpkg.com") else None
    if m:
        package, version, rest = m.groups()
        path = NODE_MODULES / package / rest
        if path.is_file() and _npm_version(package) == version:
            return path, f"{package}@{version}/{rest}"
        return None
    clean = url.split("?")[0].split("#")[0]
    for cdn_url, local in entries.items():
        base, local_dir = cdn_url.rsplit("/", 1)[0] + "/", local.rsplit("/", 1)[0]
        rest = local.rsplit("/", 1)[1] if clean == cdn_url else clean[len(base):] if clean.startswith(base) else None
        path = ROOT / "static" / local_dir / rest if rest else None
        if path is not None and path.is_file():
            return path, _described(path)
    return None


def _settled(page, timeout_s: float) -> None:
    """Wait until the table is there and the script has stopped running."""
    page.wait_for_selector("[data-testid='stDataFrame']", state="visible", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while page.locator("[data-testid='stStatusWidget']").count() and time.monotonic() < deadline:
        page.wait_for_timeout(250)


def visit(browser, url: str, *, serve_cdn: bool, entries: dict[str, str], shot: Path) -> dict:
    """Open the dashboard in a new browser context and report what a visitor sees."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    served: list[str] = []
    aborted: list[str] = []

    def answer(route) -> None:
        request_url = route.request.url
        parsed = urlparse(request_url)
        if parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()
            return
        found = cdn_standin(request_url, entries) if serve_cdn else None
        if found is None:
            aborted.append(request_url)
            route.abort("internetdisconnected")
            return
        path, what = found
        served.append(f"{request_url} <- node_modules/{what}")
        # CDNs send CORS headers; a stylesheet's fonts from another origin need them.
        route.fulfill(path=str(path), headers={"Access-Control-Allow-Origin": "*",
                                               "Content-Type": mimetypes.guess_type(path.name)[0]
                                               or "application/octet-stream"})

    context.route("**/*", answer)
    page = context.new_page()
    errors: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    out: dict = {"cdn": "served from static/node_modules (a stand-in for the CDN)" if serve_cdn
                 else "aborted (no CDN)",
                 # what a page that never settles reports (the checks then fail)
                 "leaflet_container": 0, "basemap_land_paths": 0, "event_points_canvas": 0, "table_rows": 0,
                 "caption": None, "streamlit_exceptions": 0, "traceback_in_page": False, "body": "",
                 "page_errors": errors, "cdn_served": served, "cdn_aborted": aborted}
    t0 = time.monotonic()
    try:
        page.goto(url, wait_until="domcontentloaded")
        _settled(page, 180)
        out["table_s"] = round(time.monotonic() - t0, 1)
        frame = page.frame_locator(MAP_FRAME)
        if serve_cdn:
            try:
                frame.locator("canvas.event-points").first.wait_for(state="attached", timeout=60_000)
                frame.locator("path.basemap-land").first.wait_for(state="attached", timeout=60_000)
                out["map_s"] = round(time.monotonic() - t0, 1)
            except Exception as exc:  # reported below as counts of 0
                out["map_wait"] = str(exc).splitlines()[0]
        else:
            page.wait_for_timeout(5000)  # give the map frame the time it would take to draw
        body = page.locator("body").inner_text()
        counts = COUNTS.search(body)
        iframe = page.locator(MAP_FRAME)
        box = iframe.first.bounding_box() if iframe.count() else None
        grid = page.locator("[data-testid='stDataFrame'] [aria-rowcount]")
        rowcount = grid.first.get_attribute("aria-rowcount") if grid.count() else None
        out.update({
            "leaflet_container": frame.locator(".leaflet-container").count() if iframe.count() else 0,
            "basemap_land_paths": frame.locator("path.basemap-land").count() if iframe.count() else 0,
            "event_points_canvas": frame.locator("canvas.event-points").count() if iframe.count() else 0,
            "map_frame_px": [round(box["width"]), round(box["height"])] if box else None,
            "table_rows": int(rowcount) - 1 if rowcount else 0,  # less the header row
            "caption": counts.group(0) if counts else None,
            "streamlit_exceptions": page.locator("[data-testid='stException']").count(),
            "traceback_in_page": "Traceback" in body,
            "page_errors": errors,
            "console_errors": sorted(set(console)),
            "cdn_served": served,
            "cdn_aborted": sorted(set(aborted)),
        })
        out["body"] = body
        page.screenshot(path=str(shot))
        out["screenshot"] = str(shot)
    except Exception as exc:  # a timeout or a crashed page: reported, and the checks fail
        out["error"] = str(exc).splitlines()[0]
    finally:
        context.close()
    return out


def check_in_browser(url: str, work: Path, events: int, seeds: list[Path]) -> dict:
    """Both visits, and whether each shows what it must."""
    from playwright.sync_api import sync_playwright

    entries = _folium_entries()
    # A sentence from the middle of each seed report: the report panel must show the text itself.
    wanted = [p.name for p in seeds]
    excerpts = [" ".join(p.read_text(encoding="utf-8").split("\n\n")[1].split())[:60] for p in seeds
                if len(p.read_text(encoding="utf-8").split("\n\n")) > 1]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            served = visit(browser, url, serve_cdn=True, entries=entries, shot=work / "cdn-served.png")
            blocked = visit(browser, url, serve_cdn=False, entries=entries, shot=work / "cdn-blocked.png")
        finally:
            browser.close()
    for v in (served, blocked):
        body = " ".join(v.pop("body").split())
        v["seed_reports_listed"] = all(name in body for name in wanted)
        v["report_text_shown"] = all(e in body for e in excerpts)
        v["table_ok"] = v["table_rows"] == events and v["caption"] == f"{events:,} of {events:,} events"
    served["ok"] = (served["table_ok"] and served["seed_reports_listed"] and served["leaflet_container"] == 1
                    and served["basemap_land_paths"] > 100 and served["event_points_canvas"] >= 1
                    and not served["page_errors"] and not served["streamlit_exceptions"]
                    and not served["traceback_in_page"] and any("leaflet.js" in s for s in served["cdn_served"]))
    blocked["ok"] = (blocked["table_ok"] and blocked["seed_reports_listed"] and blocked["report_text_shown"]
                     and not blocked["streamlit_exceptions"] and not blocked["traceback_in_page"])
    return {"cdn_served": served, "cdn_blocked": blocked}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(work: Path, pypi: bool = False) -> int:
    if not (NODE_MODULES / "leaflet" / "dist" / "leaflet.js").is_file():
        print(f"{NODE_MODULES} has no Leaflet: run `make setup` here first (it is the CDN stand-in)",
              file=sys.stderr)
        return 2
    checkout = work / "checkout"
    checkout.mkdir(parents=True)
    # what GitHub serves: the committed files only (no .venv, no node_modules)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(checkout)], input=archive, check=True)
    venv = work / "venv"
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    cold = ["--isolated", "--no-cache-dir", "--index-url", "https://pypi.org/simple"] if pypi else []
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", *cold, "-r",
                    str(checkout / "requirements.txt")], check=True,
                   env={**os.environ, "PIP_CONFIG_FILE": os.devnull} if pypi else None)
    report: dict = {"install_s": round(time.monotonic() - t0, 1),
                    "install_from": "pypi.org, no cache" if pypi else "pip as configured here",
                    "node_modules_present": (checkout / "static" / "node_modules").exists()}
    env = {**os.environ, "GEO_EVENTS_DB": str(work / "store" / "events.sqlite")}
    probe = subprocess.run([str(py), "-c", PROBE], cwd=checkout, env=env, capture_output=True, text=True)
    report["apptest"] = json.loads(probe.stdout.strip().splitlines()[-1]) if probe.returncode == 0 else probe.stderr[-2000:]
    events = report["apptest"]["events_in_table"] if isinstance(report["apptest"], dict) else -1
    # The served app gets a store of its own, so the first browser visit is a new container's
    # first visit: the store is built then (the seed and the demo table).
    env["GEO_EVENTS_DB"] = str(work / "served-store" / "events.sqlite")
    port = _free_port()
    log = open(work / "streamlit.log", "wb")
    t0 = time.monotonic()
    server = subprocess.Popen([str(py), "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
                               "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=checkout,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        healthy = False
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    healthy = r.status == 200
                    break
            except OSError:
                time.sleep(0.25)
        report["server_healthy"] = healthy
        report["server_healthy_s"] = round(time.monotonic() - t0, 1)
        if healthy:
            report["browser"] = check_in_browser(f"http://127.0.0.1:{port}/", work, events,
                                                 sorted((checkout / "seeds").glob("*.txt")))
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    server_log = (work / "streamlit.log").read_text(errors="replace")
    report["server_log_tracebacks"] = server_log.count("Traceback")
    ok = (isinstance(report["apptest"], dict) and not report["apptest"]["exception"]
          and not report["apptest"]["errors"] and report["server_healthy"]
          and report.get("browser", {}).get("cdn_served", {}).get("ok", False)
          and report["browser"]["cdn_blocked"]["ok"] and not report["server_log_tracebacks"])
    report["ok"] = ok
    print(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", nargs="?", type=Path, help="an empty or new folder (default: a new temp folder)")
    parser.add_argument("--pypi", action="store_true", help="install from pypi.org only, no pip config, no cache")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="geo-cloud-"))
    if work.exists() and any(work.iterdir()):
        parser.exit(2, f"check_cloud.py: {work} is not empty\n")
    sys.exit(main(work, pypi=args.pypi))
