# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make serve   build the site and serve it at http://127.0.0.1:8000
#   make test    install what the tests need and run every test
# Both create .venv and install the pinned requirements once; later runs skip that step
# unless pyproject.toml or requirements/*.txt changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: test serve build bench golden clean wheels chromium fuzz

$(STAMP): pyproject.toml site_plugins/pyproject.toml requirements/core.txt requirements/site.txt requirements/test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/core.txt -r requirements/site.txt -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e . -e site_plugins
	touch $@

# What the in-browser calculator unpacks: the core's wheel (rebuilt when its source changes)
# and the pinned tzdata and pypdf wheels; and the pinned Pyodide from npm.
WHEELS := build/wheels
CORE_SOURCES := pyproject.toml requirements/core.txt $(shell find src/conferral_core -type f -not -path '*/__pycache__/*')

$(WHEELS)/.built: $(STAMP) $(CORE_SOURCES)
	rm -rf $(WHEELS) && mkdir -p $(WHEELS)
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps -w $(WHEELS) .
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
		-d $(WHEELS) -r requirements/core.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Bytecode for the browser's Python (Pyodide's standard library with what every start imports,
# and the core), made by the pinned Pyodide itself: the npm package ships source only.
PRECOMPILED := build/pyodide/precompiled.json
$(PRECOMPILED): $(WHEELS)/.built node_modules/.package-lock.json scripts/precompile.mjs scripts/precompile.py
	node scripts/precompile.mjs $(WHEELS) $(dir $@)

wheels: $(WHEELS)/.built node_modules/.package-lock.json $(PRECOMPILED)

# End-to-end tests drive Debian's Chromium (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# pytest exits 5 when it collected no test: here that means something is broken, not green.
test: $(STAMP) wheels chromium
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; treating that as a failure"; exit 1; fi; \
	exit $$status

# 10,000 generated requests against api.handle: no exception, every rejection a structured error.
fuzz: $(STAMP)
	CONFERRAL_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/test_properties.py \
		-k never_raises --hypothesis-show-statistics

# Every language of the core's catalogs: English at site/ first (its build empties site/), then
# each other language at site/<lang>/.
LANGUAGES = $(shell $(BIN)/python -c "from conferral_core.messages import LANGUAGES; print(*LANGUAGES)")
build: $(STAMP) wheels
	@test -n "$(LANGUAGES)" || { echo "make build: could not list the core's languages"; exit 1; }
	for lang in $(LANGUAGES); do CONFERRAL_LANG=$$lang $(BIN)/mkdocs build --strict --quiet || exit 1; done

serve: build
	$(BIN)/python -m conferral_site.serve site --port 8000

bench: $(STAMP)
	$(BIN)/python bench/core.py

# Rewrite the golden files after an intended rule change; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python scripts/make_golden.py

clean:
	rm -rf $(VENV) site
