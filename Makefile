# Buurtbord: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := board

.PHONY: run test setup vendor translations db seed lint messages clean bench bench-large

# The mail worker runs beside the server (without MAIL_URL it writes instance/outbox/*.eml).
run: setup db seed
	$(BIN)/flask mail-worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# The whole suite runs on SQLite and on PostgreSQL at the same time (TEST_POSTGRES_URL; the
# database is created if missing); each line of output names its run.
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/buurtbord_test
export TEST_POSTGRES_URL

test: setup lint
	$(BIN)/python tests/run_both.py

setup: $(VENV)/.installed vendor translations

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

vendor: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/sortablejs/Sortable.min.js static/vendor/Sortable.min.js

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d board/translations --statistics

db: $(VENV)/.installed
	$(BIN)/flask db upgrade

seed: $(VENV)/.installed
	$(BIN)/flask seed-demo

lint: $(VENV)/.installed
	$(BIN)/ruff check board tests

messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-location --width=100 -o board/translations/messages.pot .
	$(BIN)/pybabel update -d board/translations -i board/translations/messages.pot --no-fuzzy-matching --ignore-obsolete --width=100

clean:
	rm -rf $(VENV) node_modules static/vendor

# The benchmark (not a test): gunicorn on SQLite and PostgreSQL, wrk as load generator.
bench: setup
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The pages people use with the five demo coalitions alone and among 10,000 (PostgreSQL).
bench-large: setup
	$(BIN)/python bench/scale.py $(BENCH_ARGS)
