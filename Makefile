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
# One xdist worker more than the cores: a third of the suite waits on servers, browsers and
# subprocesses, and a spare worker fills that time. Measured on 2 cores, same commit, one after the
# other: 3 workers 535 s, 2 workers 586 s, with the same CPU time (972 s and 969 s).
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# The fast lane is CPU-bound (no servers): one worker per core (3 workers took 121 s, 2 took 119 s)
FAST_WORKERS ?= auto
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

# `dvc pull` would overwrite local edits of data/ that DVC has cached (a `dvc repro` caches them)
# without a word, and refuses the others; either way `make data` stops first and says what to do.
# When the pull fails, DVC's own message (which objects are missing) comes before the advice.
.PHONY: data
data: install ## Materialize data/ exactly as pinned by data.dvc (from the configured DVC remote)
	@if grep -q '"modified"' <<<"$$($(BIN)/dvc status --json data.dvc 2>/dev/null)"; then \
	  echo "error: data/ has local changes that data.dvc does not pin (\`dvc status data.dvc\`): keep them with \`dvc add data\` (after \`slipway stage validate\`: see docs/data-science.md), or drop them with \`dvc checkout --force data.dvc\`" >&2; \
	  exit 1; \
	fi
	@if ! out="$$($(BIN)/dvc pull data.dvc 2>&1)"; then \
	  printf '%s\n' "$$out" >&2; \
	  if grep -q "unsaved files" <<<"$$out"; then \
	    echo "error: data/ has local changes: keep them with \`dvc add data\`, or drop them with \`dvc checkout --force data.dvc\`" >&2; \
	  elif grep -q "Missing cache files" <<<"$$out"; then \
	    echo "error: the DVC remote ($$($(BIN)/dvc remote default 2>/dev/null)) lacks the objects listed above, which data.dvc pins. With the in-repo remote .dvc-storage/, whoever committed data.dvc must also commit what \`dvc push\` wrote there (\`git add .dvc-storage && git commit\`); then \`git pull\` here. With a cloud remote, they must \`dvc push\`." >&2; \
	  else \
	    echo "error: dvc pull failed (DVC's message above): check 'dvc remote list' and your credentials" >&2; \
	  fi; \
	  exit 1; \
	fi

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
test: install-all data ## Lint, type-check and run every test on TEST_WORKERS (cores + 1) xdist workers; in CI a skip fails
	@$(MAKE) --no-print-directory -j 3 --output-sync=target lint infra-bytecode $(CHECKOV_VENV)/bin/checkov
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=25 $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: install data ## Inner loop: unit + API tests on SQLite (no servers, Postgres, infra synthesis, slow tests)
	@$(BIN)/pytest --fast -q -n $(FAST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The catalogs keep lines of up to 100 columns (-w 100): pybabel's default of 76 would reflow
# every entry, and a review of two new texts would show a thousand changed lines.
.PHONY: translations
translations: install ## Gather the app's texts into the catalogs (new msgids get an empty Spanish msgstr), then compile
	@$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k pgettext_noop:1c,2 -k npgettext_noop:1c,2,3 --no-location --sort-output -w 100 \
	  -o app/translations/messages.pot app
	@$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching -w 100
	@$(BIN)/pybabel compile -d app/translations

.PHONY: docs
docs: install ## Build the docs site with --strict into .slipway/site (offline; make test builds it too)
	@$(BIN)/mkdocs build --strict

.PHONY: docs-serve
docs-serve: install ## Serve the docs site on 127.0.0.1:8001, rebuilt on every edit
	@$(BIN)/mkdocs serve --strict -a 127.0.0.1:8001

# .slipway/ holds the MLflow registry and the assistant's database (users, tokens, conversations,
# feedback not yet exported): `clean` keeps the latter, `distclean` removes it too.
.PHONY: clean
clean: ## Remove the MLflow registry (every version), model cache, stage outputs; keeps the assistant DB
	@if [ -d .slipway ]; then find .slipway -mindepth 1 -maxdepth 1 ! -name 'assistant.db*' -exec rm -rf {} +; fi
	rm -rf artifacts reports/gx reports/plots .pytest_cache .mypy_cache .ruff_cache
	rm -f reports/validation.json reports/register.json
	@if [ -e .slipway/assistant.db ]; then echo "kept .slipway/assistant.db (users, tokens, conversations, feedback): \`make distclean\` removes it"; fi

.PHONY: distclean
distclean: clean ## Also remove the assistant DB (users, tokens, feedback), the virtual environments and data/
	rm -rf .slipway $(VENV) .venv-checkov data
