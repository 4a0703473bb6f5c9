# Two commands work on a fresh machine: `make run` (generate a manga) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
include terraform/terraform.mk

PACKAGES := libs/common manga plugins plugins/offline $(sort $(wildcard services/*))

.PHONY: venv lock run dev test unit integration api contract e2e lint typecheck format bench clean

# uv, pinned with the hashes of its release files, in a virtualenv of its own: it installs
# everything else from uv.lock.
TOOLS_VENV := .venv-tools
UV := $(TOOLS_VENV)/bin/uv
UV_STAMP := $(TOOLS_VENV)/.installed
LOCK_ARGS ?=

$(UV_STAMP): tools/uv-requirements.txt
	@echo "==> Installing the lock tool (uv, pinned in tools/uv-requirements.txt) into $(TOOLS_VENV)/"
	@$(PYTHON) -m venv $(TOOLS_VENV)
	@$(TOOLS_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r tools/uv-requirements.txt
	@touch $@

# Exactly what uv.lock lists, nothing else (a package the lock lacks is removed); the
# first-party packages are editable. --locked refuses a lock older than a pyproject.toml.
# --compile-bytecode writes the dependencies' bytecode once, as the Lambda zips ship it, so no
# process (a test's server, a benchmark's stack) compiles boto3 from source when starting.
$(STAMP): $(UV_STAMP) uv.lock pyproject.toml .python-version $(addsuffix /pyproject.toml,$(PACKAGES))
	@echo "==> Creating $(VENV)/ with Python $$(cat .python-version) and installing uv.lock into it:"
	@echo "    $$(grep -c '^\[\[package\]\]' uv.lock) packages pinned with their hashes, the project's own $(words $(PACKAGES)) of them editable"
	@$(UV) sync --locked --all-packages --compile-bytecode --quiet || { echo "uv.lock does not match the pyproject.toml files: run make lock"; exit 1; }
	@touch $(STAMP)
	@echo "==> $(VENV)/ is ready"

venv: $(STAMP)

# Resolve every pyproject.toml's dependencies and the dev tools into uv.lock. Versions already
# locked stay unless they no longer fit; `make lock LOCK_ARGS=--upgrade` moves everything to the
# newest release, `LOCK_ARGS="--upgrade-package boto3"` one package.
lock: $(UV_STAMP)
	$(UV) lock $(LOCK_ARGS)

run: $(STAMP)
	$(BIN)/manga generate $(ARGS)

dev: $(STAMP)
	$(BIN)/manga dev $(ARGS)

# Every layer in one run; each layer alone is its folder under tests/.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

integration: $(STAMP)
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

api: $(STAMP)
	$(BIN)/python -m pytest tests/api $(PYTEST_ARGS)

contract: $(STAMP)
	$(BIN)/python -m pytest tests/contract $(PYTEST_ARGS)

e2e: $(STAMP)
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

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
	rm -rf $(VENV) $(TOOLS_VENV) .venv-checkov .venv-tflocal out build dist
