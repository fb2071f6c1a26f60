# The routine runs. `make briefing` and `make test` set everything up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PERIOD ?=
KERNEL := govstats
# JupyterLab refuses to start as root unless told to (a container, a root shell)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)
LAB_ARGS ?=

.PHONY: setup briefing ingest test lint lab bench clean

$(BIN)/govstats: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/govstats  ## the virtual environment, the CJK font, LibreOffice (for .doc/.wps), the notebook output filter
	./scripts/system-deps.sh
	./scripts/notebook-filter.sh

briefing: setup  ## the main job: the HTML briefing of the shipped notices
	$(BIN)/govstats report -i data/raw $(if $(PERIOD),--period $(PERIOD)) --format both

ingest: $(BIN)/govstats  ## tidy tables of data/raw into data/processed
	$(BIN)/govstats ingest data/raw -o data/processed

test: $(BIN)/govstats
	./scripts/system-deps.sh --test
	./scripts/notebook-filter.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q -n auto --maxprocesses 4

lint: $(BIN)/govstats
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(VENV)/.lab-deps: pyproject.toml $(BIN)/govstats  ## JupyterLab's Chinese language pack (the lab extra)
	$(BIN)/pip install -q -e '.[dev,lab]'
	@touch $@

lab: setup $(VENV)/.lab-deps  ## JupyterLab on notebooks/ in Chinese, with the kernel the notebooks name registered
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (govstats)" >/dev/null
	$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_ARGS) notebooks/

$(VENV)/.bench-deps: pyproject.toml $(BIN)/govstats  ## pyspark for the Spark check, Java for Spark
	./scripts/system-deps.sh --bench
	$(BIN)/pip install -q -e '.[dev,spark]'
	@touch $@

bench: $(VENV)/.bench-deps
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
