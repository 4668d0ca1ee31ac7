# Two commands for a newcomer: `make run` and `make test`. Everything else is here for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app eexpo
CATALOGS := $(wildcard eexpo/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test bench lint format translations extract-messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
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
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test translations
	$(BIN)/python -m benchmarks

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing UI strings, then translate what is new in the zh_Hans file.
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_ngettext:1,2 -o eexpo/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i eexpo/translations/messages.pot -d eexpo/translations

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
