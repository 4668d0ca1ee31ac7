# Two commands for a newcomer: `make run` and `make test`. Everything else is here for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app eexpo
CATALOGS := $(wildcard eexpo/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test test-latest bench lint format lock translations extract-messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The lock files pin every package with its hashes; the project itself goes in without deps.
$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

%.mo: %.po
	$(BIN)/pybabel compile -i $< -o $@

translations: $(VENV)/.installed $(COMPILED)

run: translations
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-test translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test translations
	$(BIN)/python -m benchmarks

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# After changing pyproject.toml's dependencies: pin the newest releases its bounds allow.
lock: $(BIN)/activate
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --extra test \
		-o requirements-test.lock pyproject.toml
	$(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 \
		-c requirements-test.lock -o requirements.lock pyproject.toml

# The suite on the newest releases pyproject.toml allows, in a venv of its own, ignoring the
# lock files: what `make lock` would bring in next.
LATEST := .venv-latest
test-latest: translations
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST)/bin/pip list --format=freeze | grep -iE '^(flask|sqlalchemy|jinja2|werkzeug)'
	$(LATEST)/bin/pytest $(PYTEST_ARGS)

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing UI strings, then translate what is new in the zh_Hans file.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output --width 100 -F babel.cfg -k _l -k lazy_ngettext:1,2 -o eexpo/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --width 100 -i eexpo/translations/messages.pot -d eexpo/translations

clean:
	rm -rf $(VENV) $(LATEST) instance .pytest_cache .ruff_cache
