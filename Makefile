# Two commands work on a fresh machine: `make run` (generate a manga) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
include terraform/terraform.mk

PACKAGES := libs/common manga plugins plugins/offline services/preferences services/story services/episode services/image services/auth_trigger

.PHONY: run dev test lint typecheck format bench clean

$(STAMP): requirements.txt requirements-dev.txt $(addsuffix /pyproject.toml,$(PACKAGES))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps $(addprefix -e ,$(PACKAGES))
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/manga generate $(ARGS)

dev: $(STAMP)
	$(BIN)/manga dev $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .venv-checkov .venv-tflocal out build dist
