"""Check the app as Streamlit Community Cloud runs it: a clean checkout, a fresh virtualenv with
only ``requirements.txt``, no npm (so no ``static/node_modules``), started from the repository root.

Needs the package registry (PyPI or a mirror), so it is a script, not a test:

    .venv/bin/python scripts/check_cloud.py [WORKDIR]

It prints what it checked as JSON and exits non-zero when a check fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def main(work: Path) -> int:
    checkout = work / "checkout"
    checkout.mkdir(parents=True)
    # what GitHub serves: the committed files only (no .venv, no node_modules)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(checkout)], input=archive, check=True)
    venv = work / "venv"
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
                    str(checkout / "requirements.txt")], check=True)
    report: dict = {"install_s": round(time.monotonic() - t0, 1),
                    "node_modules_present": (checkout / "static" / "node_modules").exists()}
    env = {**os.environ, "GEO_EVENTS_DB": str(work / "store" / "events.sqlite")}
    probe = subprocess.run([str(py), "-c", PROBE], cwd=checkout, env=env, capture_output=True, text=True)
    report["apptest"] = json.loads(probe.stdout.strip().splitlines()[-1]) if probe.returncode == 0 else probe.stderr[-2000:]
    server = subprocess.Popen([str(py), "-m", "streamlit", "run", "streamlit_app.py", "--server.port", "8765",
                               "--server.headless", "true"], cwd=checkout, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        healthy = False
        for _ in range(120):
            try:
                with urllib.request.urlopen("http://127.0.0.1:8765/_stcore/health", timeout=2) as r:
                    healthy = r.status == 200
                    break
            except OSError:
                time.sleep(0.5)
        report["server_healthy"] = healthy
    finally:
        server.terminate()
        server.wait(timeout=20)
    ok = (isinstance(report["apptest"], dict) and not report["apptest"]["exception"]
          and not report["apptest"]["errors"] and report["server_healthy"])
    report["ok"] = ok
    print(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="geo-cloud-"))))
