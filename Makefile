# Every target bootstraps what it needs: `make serve` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

.PHONY: help serve build test lint check check-fix new bench bench-lighthouse browser clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(STAMP) ## Serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: $(STAMP) ## Build the site into site/ (strict)
	$(BIN)/mkdocs build --strict

browser: ## Install Debian's chromium for the browser tests (root), or say how
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium: run 'sudo apt-get install chromium' (they are skipped until then)."; \
	  fi; }

lint: $(STAMP) ## ruff lint and format check (Python files and notebooks), mypy on the package
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: $(STAMP) ## Validate every notebook and page (what CI checks)
	$(BIN)/python -m mkdocs_colab check

check-fix: $(STAMP) ## Make the mechanical fixes (metadata, ids, formatting), then check
	$(BIN)/python -m mkdocs_colab check --fix

new: $(STAMP) ## Scaffold a lesson: make new KIND=notebook|page NAME=path TITLE="..." [GPU=1]
	@test -n "$(KIND)" -a -n "$(NAME)" -a -n "$(TITLE)" || { echo 'usage: make new KIND=notebook|page NAME=notebooks/x.ipynb TITLE="Title" [GPU=1]'; exit 2; }
	$(BIN)/python -m mkdocs_colab new $(KIND) $(NAME) --title "$(TITLE)" $(if $(GPU),--gpu)

test: $(STAMP) browser lint check ## Run every test
	$(BIN)/python -m pytest

bench: $(STAMP) ## Run the benchmarks; figures go to bench-results/
	$(BIN)/python scripts/bench_build.py

bench-lighthouse: $(STAMP) browser ## Lighthouse scores against a plain mkdocs-jupyter page
	$(BIN)/python scripts/bench_lighthouse.py

clean: ## Remove build output and caches (keeps .venv)
	rm -rf site .cache test-artifacts bench-results .pytest_cache .ruff_cache
