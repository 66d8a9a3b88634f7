VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench bench-extraction clean

install: $(STAMP)

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

clean:
	rm -rf $(VENV) data .pytest_cache
