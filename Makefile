# Two commands on a fresh machine: `make run` (demo on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test demo translations clean-demo bench js

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.runtime
	$(BIN)/deliberation db upgrade
	$(BIN)/deliberation demo --if-empty
	@echo "Demo community ready: open http://$(HOST):$(PORT)  (accounts in README.md)"
	$(BIN)/deliberation run --host $(HOST) --port $(PORT)

test: $(VENV)/.test
	$(BIN)/pytest -q -n auto $(PYTEST_ARGS)

# Re-extract the strings and merge them into the catalogues, then compile.
translations: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o deliberation/translations/messages.pot .
	$(BIN)/pybabel update -i deliberation/translations/messages.pot -d deliberation/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d deliberation/translations

clean-demo:
	rm -f instance/deliberation.sqlite instance/deliberation.sqlite-*

# Rebuild the committed browser ballot library from js/ (needs npm; `make` alone does not).
js:
	cd js && npm ci && npm run build
