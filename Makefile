# The pipeline as real file targets: a second `make` with nothing changed does nothing.
# Run another params file with `make RUN=name` (reads params/name.yaml).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
RUN ?= default
# A run name names folders under data/ and reports/: a plain file-name stem, checked before anything else.
ifneq ($(shell [[ '$(subst ',/,$(RUN))' =~ ^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$$ ]] && echo ok),ok)
$(error error: RUN=$(RUN): a run name is a params file's stem of up to 100 ASCII letters, digits, - or _ (params/<name>.yaml), starting with a letter, digit or _)
endif
PARAMS := params/$(RUN).yaml
# A run's params file must exist before anything runs for it (targets that need no run are exempt).
RUNLESS_GOALS := help lab clean-all clean-env
ifneq ($(filter-out $(RUNLESS_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(PARAMS)),)
$(error $(PARAMS) not found: RUN must name a params file, one of: $(sort $(basename $(notdir $(wildcard params/*.yaml)))))
endif
endif
# Two makes of one RUN at once take turns: a make that writes the run first takes the run's lock
# (flock from util-linux on the file `python -m analysis` locks too, analysis/locking.py), waiting
# while another holds it, removes what a killed run left (`python -m analysis sweep`, once the
# environment exists), and hands its goals to a sub-make that holds the lock throughout.
RUN_LOCK := data/processed/.locks/$(RUN).lock
LOCK_FREE_GOALS := test bench validate lab clean clean-env help
ifneq ($(ANALYSIS_RUN_LOCK),$(abspath $(RUN_LOCK)))
ifneq ($(filter-out $(LOCK_FREE_GOALS),$(or $(MAKECMDGOALS),all)),)
WRAPPED_GOALS := $(or $(MAKECMDGOALS),all)
.PHONY: $(WRAPPED_GOALS)
$(firstword $(WRAPPED_GOALS)):
	@mkdir -p $(dir $(RUN_LOCK))
	@flock --nonblock $(RUN_LOCK) true || echo "[lock] another make or python -m analysis is writing run $(RUN); waiting for it to finish" >&2
	@ANALYSIS_RUN_LOCK=$(abspath $(RUN_LOCK)) flock $(RUN_LOCK) bash -c \
		'if test -x .venv/bin/python; then .venv/bin/python -m analysis sweep --params $(PARAMS) || exit $$?; fi; exec "$$@"' sweep \
		$(MAKE) --no-print-directory $(if $(filter 0,$(MAKELEVEL)),--jobs=$(or $(JOBS),2)) $(MAKECMDGOALS)
$(wordlist 2,$(words $(WRAPPED_GOALS)),$(WRAPPED_GOALS)): $(firstword $(WRAPPED_GOALS))
	@:
RUN_LOCK_WRAPPER := yes
endif
endif
ifndef RUN_LOCK_WRAPPER
# Two steps at a time (independent stages, notebooks), each step's output shown whole when it ends.
# `make JOBS=1` runs one step at a time with live progress bars.
JOBS ?= 2
MAKEFLAGS += --no-builtin-rules --output-sync=target
# Only the top-level make sets the job count: a sub-make (make test) shares its jobserver instead
# of forcing its own (which made make warn "-j2 forced in makefile").
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += --jobs=$(JOBS)
endif

RUN ?= default
PROCESSED := data/processed/$(RUN)
REPORTS := reports/$(RUN)
VENV := .venv
PY := $(VENV)/bin/python
ENV_READY := $(VENV)/.ready

# (analysis/browser.py only drives the browser test and the reports benchmark: no table or report depends on it)
CODE := $(shell find analysis -type f -not -path '*/__pycache__/*' -not -name browser.py | sort)
# The suffix of the run's tables (.csv, or .parquet for Parquet datasets: engine.table_format) and the
# corpus files the params point to, from one call (known once the environment exists; before that
# everything is built anyway, as CSV unless the params say parquet).
RUN_FACTS := $(shell test -x $(PY) && $(PY) -m analysis inputs --params $(PARAMS) --table-suffix 2>/dev/null)
T := $(or $(firstword $(RUN_FACTS)),.csv)
INPUTS := $(wordlist 2,$(words $(RUN_FACTS)),$(RUN_FACTS))
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
REPORT_NOTEBOOKS := $(patsubst notebooks/%,$(REPORTS)/%,$(NOTEBOOKS))
REPORT_HTML := $(REPORT_NOTEBOOKS:.ipynb=.html)

CORPUS_TABLES := $(addprefix $(PROCESSED)/,documents$(T) sentences$(T) removed_spans$(T))
FRAMING_TABLES := $(addprefix $(PROCESSED)/,framing_sentences$(T) framing_documents$(T) framing_genres$(T) \
	distinctive_terms$(T) frame_emphasis$(T) feature_map$(T) genre_separation$(T))
CLAIM_TABLES := $(addprefix $(PROCESSED)/,claims$(T) clusters$(T) coverage$(T) claims_set_aside$(T) threshold_sweep$(T) claim_timeline$(T))
ESTIMATE_TABLES := $(addprefix $(PROCESSED)/,estimates$(T) excluded_numbers$(T))
TABLES := $(CORPUS_TABLES) $(FRAMING_TABLES) $(CLAIM_TABLES) $(ESTIMATE_TABLES)

.PHONY: all tables reports test bench validate lab clean clean-all clean-env help

all: $(REPORTS)/index.html ## Build every table, executed notebook and HTML report for RUN (default: params/default.yaml)

tables: $(TABLES) ## Run the four pipeline stages only (no notebooks): the tables in data/processed/RUN/

reports: $(REPORT_NOTEBOOKS) $(REPORT_HTML) ## Execute the notebooks into reports/RUN/ and render them as HTML

# Rebuilt from scratch when the lock changes, so the environment holds the lock and nothing else.
$(ENV_READY): requirements.lock
	@echo "[env] building $(VENV) from requirements.lock"
	@if command -v conda >/dev/null 2>&1; then \
		conda env create --yes --quiet --prefix $(VENV) --file environment.yml; \
	else \
		rm -rf $(VENV) && python3 -m venv $(VENV); \
		$(PY) -m pip install -qq --disable-pip-version-check -r requirements.lock; \
		$(PY) -m pip install -qq --disable-pip-version-check --no-deps -e .; \
	fi
	@touch $@

$(CORPUS_TABLES) &: $(PARAMS) $(CODE) $(INPUTS) | $(ENV_READY)
	@$(PY) -m analysis run --params $(PARAMS) --stage corpus --jobs $(JOBS)

# Make runs the three later stages side by side on the JOBS cores, so each gets one, as
# `python -m analysis run` shares them (a stage's extra threads would only contend).

$(FRAMING_TABLES) &: $(CORPUS_TABLES)
	@$(PY) -m analysis run --params $(PARAMS) --stage framing --jobs 1

$(CLAIM_TABLES) &: $(CORPUS_TABLES)
	@$(PY) -m analysis run --params $(PARAMS) --stage claims --jobs 1

$(ESTIMATE_TABLES) &: $(CORPUS_TABLES)
	@$(PY) -m analysis run --params $(PARAMS) --stage estimates --jobs 1

# An executed notebook and its HTML depend on the template, the params, the code and the tables
# it reads (listed below, so a notebook starts as soon as its own tables exist). Both files are
# written to hidden files and moved into place only once the notebook ran through.
$(REPORTS)/%.ipynb $(REPORTS)/%.html: notebooks/%.ipynb $(PARAMS) $(CODE) $(CORPUS_TABLES) | $(ENV_READY)
	@$(PY) -m analysis report $< --params $(PARAMS)

$(REPORTS)/02-compare-framing.ipynb: $(FRAMING_TABLES)
$(REPORTS)/03-cluster-claims.ipynb: $(CLAIM_TABLES) $(FRAMING_TABLES)
$(REPORTS)/04-tabulate-estimates.ipynb: $(ESTIMATE_TABLES)
$(REPORTS)/05-summarise-findings.ipynb: $(TABLES)

$(REPORTS)/index.html: $(REPORT_NOTEBOOKS) $(REPORT_HTML)
	@$(PY) -m analysis index --params $(PARAMS)
	@echo "[done] open $@"

test: $(ENV_READY) ## Unit tests, the fixture corpus end to end, and nbval on reports/default
	@$(MAKE) --no-print-directory RUN=default tables
	@$(MAKE) --no-print-directory RUN=fixture all
	@$(MAKE) --no-print-directory RUN=fixture-html tables
	@$(PY) -m pytest --nbval --nbval-current-env tests reports/default

bench: $(ENV_READY) ## Measure speed and memory; writes docs/BENCHMARKS.md (needs ../shared/corpora)
	@$(PY) bench/run_all.py --out docs/BENCHMARKS.md

validate: $(ENV_READY) ## Score every stage on held-out corpora (validation/validate_*.py); writes docs/VALIDATION.md
	@$(PY) validation/run_all.py --out docs/VALIDATION.md

# Served from the repository root, so notebooks/, reports/ and data/ all open; as root (a container)
# JupyterLab needs --allow-root. LAB_ARGS goes through, e.g. LAB_ARGS="--port=8890 --IdentityProvider.token=abc".
LAB_ARGS ?=
lab: $(ENV_READY) ## Open JupyterLab on the repository root (reports/ and notebooks/); LAB_ARGS="--port=N ..." passed through
	@$(VENV)/bin/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# ALL=1 (or make clean-all) removes every run's outputs; the committed reports/default stays either way.
clean: ## Remove RUN's generated tables and reports (never data/raw/, never the committed reports/default); ALL=1: every run
ifeq ($(ALL),1)
	@$(MAKE) --no-print-directory clean-all
else
	rm -rf $(PROCESSED)
	$(if $(filter default,$(RUN)),,rm -rf $(REPORTS))
endif

clean-all: ## Remove the generated tables and reports of every run, except the committed reports/default
	rm -rf data/processed
	find reports -mindepth 1 -maxdepth 1 -type d ! -name default -exec rm -rf {} +

clean-env: ## Remove the environment (.venv)
	rm -rf $(VENV)

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'
	@echo; echo "Variables: RUN=name uses params/name.yaml (default: $(RUN); one of: $(sort $(basename $(notdir $(wildcard params/*.yaml)))))"
	@echo "           JOBS=n steps at a time (default: $(JOBS)); LAB_ARGS=... passed to jupyter lab; ALL=1 with clean: every run"
endif
