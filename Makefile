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

.PHONY: test serve build bench golden clean

$(STAMP): pyproject.toml site_plugins/pyproject.toml requirements/core.txt requirements/site.txt requirements/test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/core.txt -r requirements/site.txt -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e . -e site_plugins
	touch $@

# pytest exits 5 when it collected no test: here that means something is broken, not green.
test: $(STAMP)
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; treating that as a failure"; exit 1; fi; \
	exit $$status

build: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet

serve: build
	@echo "Serving the site at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site

bench: $(STAMP)
	$(BIN)/python bench/core.py

# Rewrite the golden files after an intended rule change; review the diff before committing.
golden: $(STAMP)
	$(BIN)/python scripts/make_golden.py

clean:
	rm -rf $(VENV) site
