# Slipway — `make run` serves the assistant locally, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
export PATH := $(CURDIR)/$(BIN):$(PATH)
export GX_ANALYTICS_ENABLED ?= false
export MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR ?= false
PYTEST_ARGS ?=
TEST_WORKERS ?= auto
# Bytecode is written as modules are first imported, by every process make starts (an empty value
# overrides a PYTHONDONTWRITEBYTECODE=1 in the caller's environment). The install does not compile
# all ~31,000 files of the venv up front: the tests import under a third of them, so compiling on
# first import is ~110 s less CPU for a fresh `make test`, and later runs find the bytecode.
export PYTHONDONTWRITEBYTECODE :=

-include infra/infra.mk
-include bench/bench.mk

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

.PHONY: uv
uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install -q uv

.PHONY: install
install: uv ## Install the app, pipeline and dev groups into .venv (locked)
	@$(UV) sync --frozen --inexact

.PHONY: install-all
install-all: uv ## Install every dependency group, infra included (locked)
	@$(UV) sync --frozen --all-groups

.PHONY: data
data: install ## Materialize data/ exactly as pinned by data.dvc (from the configured DVC remote)
	@$(BIN)/dvc pull --quiet data.dvc || { echo "error: dvc pull failed: check 'dvc remote list' and your credentials" >&2; exit 1; }

.PHONY: pipeline
pipeline: data ## Run the DVC pipeline: validate → train → evaluate → register (what changed only)
	@$(BIN)/dvc repro

.PHONY: run
run: pipeline ## Install, pull data, train/promote the first model, migrate the DB, serve on 127.0.0.1:8000
	@$(BIN)/slipway db upgrade
	@echo "Serving the assistant on http://$${SLIPWAY_BIND:-127.0.0.1:8000} (Ctrl-C to stop)"
	@echo "Create a user and its API token with: $(BIN)/slipway users create NAME"
	@$(BIN)/gunicorn -c app/gunicorn.conf.py 'app:create_app()'

.PHONY: lint
lint: install ## ruff, ruff format, mypy, import-linter and the other pre-commit hooks (all local, offline)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/pre-commit run --all-files --show-diff-on-failure; \
	else \
	  $(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports; \
	fi

# mypy checks on one core: the CDKTF bindings are compiled and checkov's venv is made beside it.
.PHONY: test
test: install-all data ## Lint, type-check and run every test on TEST_WORKERS (auto) xdist workers; in CI a skip fails
	@$(MAKE) --no-print-directory -j 3 --output-sync=target lint infra-bytecode $(CHECKOV_VENV)/bin/checkov
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=25 $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: install data ## Inner loop: unit + API tests on SQLite (no servers, Postgres, infra synthesis, slow tests)
	@$(BIN)/pytest --fast -q -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

.PHONY: docs
docs: install ## Build the docs site with --strict into .slipway/site (offline; make test builds it too)
	@$(BIN)/mkdocs build --strict

.PHONY: docs-serve
docs-serve: install ## Serve the docs site on 127.0.0.1:8001, rebuilt on every edit
	@$(BIN)/mkdocs serve --strict -a 127.0.0.1:8001

.PHONY: clean
clean: ## Remove local state (MLflow DB, model cache, stage outputs); data/ comes back with `make data`
	rm -rf .slipway artifacts reports/gx reports/plots .pytest_cache .mypy_cache .ruff_cache
	rm -f reports/validation.json reports/register.json

.PHONY: distclean
distclean: clean ## Also remove the virtual environments and data/
	rm -rf $(VENV) .venv-checkov data
