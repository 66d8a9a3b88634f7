VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# DOC/WPS/RTF attachments are converted to DOCX by LibreOffice (without its GUI) so their tables survive;
# catdoc is the text-only fallback; LibreOffice Calc makes the XLS files tests need. Debian's Chromium renders
# the list pages of sites that ask for a browser (scrapy-playwright drives it; Playwright never downloads a
# browser of its own). Installed with apt when missing and we are root (CI, a fresh machine); otherwise the
# command to run is printed. redis-server is the shared queue of a distributed crawl (`--redis`); the tests
# start their own on 127.0.0.1.
SYSTEM_PACKAGES := catdoc libreoffice-writer-nogui libreoffice-calc-nogui chromium redis-server
SYSTEM_COMMANDS := catdoc soffice chromium redis-server

.PHONY: install system-packages run test lint bench bench-extraction bench-coverage bench-exports bench-distributed bench-documents mutation clean

install: system-packages $(STAMP)

system-packages:
	@missing=""; for c in $(SYSTEM_COMMANDS); do command -v $$c >/dev/null 2>&1 || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages for:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "missing:$$missing -- run: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev]'
	touch $(STAMP)

# Crawl the bundled demo portal offline into data/govreports.db and print what was found.
run: install
	$(VENV)/bin/govreports demo-run --db data/govreports.db

test: install
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/crawl.py

bench-extraction: install
	$(PY) bench/extraction.py

bench-coverage: install
	$(PY) bench/coverage.py

# 100,000 generated reports: each export's time and peak memory, Datasette's first pages
bench-exports: install
	$(PY) bench/exports.py

bench-distributed: install
	$(PY) bench/distributed.py

bench-documents: install
	$(PY) bench/documents.py

# Mutation testing with mutmut ([tool.mutmut] in pyproject.toml): each small change to the core modules must
# fail a test. Not in CI (the full set takes most of an hour on two cores). Narrow it with
# MUTANTS='govreports.extract.encoding*' (mutant names are module.function); prints the outcome count per module.
MUTANTS ?=
mutation: install
	nice -n 10 $(VENV)/bin/mutmut run --max-children 2 $(MUTANTS)
	$(VENV)/bin/mutmut results --all true | sed -E 's/^ *([^ ]+)\.x[_ǁ][^:]*: (.*)$$/\1: \2/' | sort | uniq -c

clean:
	rm -rf $(VENV) data .pytest_cache mutants
