# The README's commands. Every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The hashed lock the venv is made from: everything (tests included) by default; the Pages
# deploy builds with LOCK=requirements.lock, the runtime packages only.
LOCK ?= requirements-test.lock
STAMP := $(VENV)/.installed-$(basename $(notdir $(LOCK)))
ADDR ?= 127.0.0.1:8000

.PHONY: serve build test test-fast sitecheck venv system-deps validate fmt fmt-check lint bench fuzz screenshots linkcheck lock clean

## make serve: build and serve the site on http://127.0.0.1:8000, reloading on changes to taxonomy/, bib/, docs/
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dirty -a $(ADDR)

## make build: the static site into site/ (mkdocs build --strict). Built beside it and
## swapped in only on success, so a failed build leaves the previous site/ whole.
build: $(STAMP)
	rm -rf .site.tmp
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir .site.tmp
	rm -rf .site.old
	if [ -d site ]; then mv site .site.old; fi
	mv .site.tmp site
	rm -rf .site.old

## make test: every test (unit, golden, real build, browser), after installing what they need
test: $(STAMP) system-deps lint
	$(BIN)/pytest

## make test-fast: lint and the tests that need neither a browser nor a real site build
test-fast: $(STAMP) lint
	$(BIN)/pytest -m "not e2e and not slow"

## make sitecheck: the post-build safety check of site/ (also run by every build's hook)
sitecheck: $(STAMP)
	$(BIN)/survey sitecheck site

venv: $(STAMP)

$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	rm -f $(VENV)/.installed-*
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

system-deps:
	bash scripts/setup-system.sh

validate: $(STAMP)
	$(BIN)/survey validate --format github

fmt: $(STAMP)
	$(BIN)/survey fmt

fmt-check: $(STAMP)
	$(BIN)/survey fmt --check

## make lint: ruff's rules, ruff's format and mypy --strict (all part of make test)
lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/mypy

## make bench: benchmark the pipeline and rewrite docs/benchmarks.md
bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.browse_filter --doc docs/benchmarks.md

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_properties.py

screenshots: $(STAMP) system-deps
	$(BIN)/python -m tests.screenshots

linkcheck: $(STAMP)
	$(BIN)/survey linkcheck --report linkcheck.md

## make lock: regenerate both hashed locks from pyproject.toml (runtime; runtime + test), keeping current pins
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  --extra test -o requirements-test.lock pyproject.toml

clean:
	rm -rf site $(VENV) .pytest_cache
