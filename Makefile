# faxstatus: every target works on a fresh machine with only python3 (the venv is made on first use).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-stamp

.DEFAULT_GOAL := help
.PHONY: docs coverage test-pythons bytecode test-fast test-dates readme-layout mutants help venv generate schema-import schema-diff check-generated lint format typecheck pytest test check demo bench fuzz clean conformance report-check

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# An editable install leaves no .pyc for faxstatus, and where PYTHONDONTWRITEBYTECODE is set
# no run writes one either: every command would compile the package first. compileall
# writes them whatever that variable says (it is for imports); unset anyway, to be plain.
bytecode:
	PYTHONDONTWRITEBYTECODE= $(PY) -m compileall -q faxstatus

venv: $(STAMP) ## create .venv and install faxstatus with its dev extra, its bytecode compiled
	@$(MAKE) --no-print-directory bytecode

generate: $(STAMP) ## regenerate faxstatus/models/ (layout table, dataclasses, fast path) and the typed surface from schema/
	$(PY) codegen/generate.py

WSDL ?=
schema-import: $(STAMP) ## bring a vendor WSDL (types inline) into schema/, then generate: make schema-import WSDL=path
	@test -n "$(WSDL)" || { echo "usage: make schema-import WSDL=path/to/vendor.wsdl" >&2; exit 2; }
	$(PY) codegen/schema_import.py "$(WSDL)"

schema-diff: $(STAMP) ## drift report, a vendor WSDL (types inline) against schema/: blockers, callers, differences; exit 0/1/2
	@test -n "$(WSDL)" || { echo "usage: make schema-diff WSDL=path/to/vendor.wsdl" >&2; exit 2; }
	$(PY) codegen/schema_diff.py "$(WSDL)"

check-generated: $(STAMP) ## fail with a diff when faxstatus/models/ or the typed surface drifts from schema/
	$(PY) codegen/generate.py --check

lint: $(STAMP) ## ruff check + format check (generated code excluded)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## apply ruff format and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP) ## mypy --strict (hand-written code strict; models and tests type-checked)
	$(BIN)/mypy

# Branch coverage is measured here only (not in test-fast or test-dates): one run of the suite,
# its subprocesses included ([tool.coverage.run] patch), combined, then held to the floor.
pytest: $(STAMP) ## the test suite alone, with branch coverage held to the floor in pyproject.toml
	$(BIN)/coverage erase
	HYPOTHESIS_PROFILE=ci $(BIN)/coverage run -m pytest
	@$(MAKE) --no-print-directory coverage

coverage: $(STAMP) ## combine the data make pytest left and report it; fails under the floor
	@$(BIN)/coverage combine -q 2>/dev/null || true
	$(BIN)/coverage report

# The inner loop. It leaves out what make test also runs: the tests marked `slow` (Hypothesis-
# heavy, subprocess-heavy, the README runner, zeep as an oracle, fuzz replays, the load run,
# schema changes and packaging), check-generated, lint, typecheck and test-dates.
test-fast: $(STAMP) ## the inner loop: pytest -m "not slow"; no lint, typecheck or test-dates
	@echo 'make test-fast: pytest -m "not slow"; leaves out the slow tests, check-generated, lint, typecheck and test-dates (make test runs them all)'
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest -q -m "not slow"

# The whole suite again, on two other dates in two far time zones: a leap day seconds before
# midnight at UTC+14, and New Year's Eve at UTC-3:30. tests/timetravel/sitecustomize.py moves
# the wall clock of every Python process, the test process and those the tests start.
DATES := '2028-02-29T23:59:30Z@<+14>-14' '2026-12-31T23:59:45Z@<-0330>+3:30'
test-dates: $(STAMP) ## the whole suite again under two other dates and time zones
	@set -e; for d in $(DATES); do \
	  echo "make test-dates: $${d%@*} (TZ=$${d#*@})"; \
	  TIMETRAVEL_NOW="$${d%@*}" TZ="$${d#*@}" PYTHONPATH=tests/timetravel HYPOTHESIS_PROFILE=ci \
	    $(BIN)/pytest -q -p no:cacheprovider -W ignore::pytest.PytestAssertRewriteWarning; \
	done

# The Pythons the package declares (pyproject.toml's classifiers), each in .venvs/<version>/.
PYTHONS ?= $(shell sed -n 's/.*"Programming Language :: Python :: \(3\.[0-9][0-9]*\)".*/\1/p' pyproject.toml)
test-pythons: ## the inner loop (pytest -m "not slow") on every declared Python this machine has; absent ones skipped
	sh tests/pythons.sh $(PYTHONS)

test: check-generated lint typecheck pytest test-dates ## everything CI runs

check: test ## alias of test

clean: ## remove the venv and caches
	rm -rf $(VENV) .venvs .mypy_cache .ruff_cache .pytest_cache .hypothesis .coverage .coverage.*

DEMO_EPOCH ?= 2026-11-26T09:00:00Z
demo: $(STAMP) ## the main job: query the embedded FaxWS simulator over loopback HTTP, then push and pull
	$(BIN)/faxstatus demo --epoch $(DEMO_EPOCH)

bench: $(STAMP) ## speed, memory, start-up and load vs xsdata, zeep and the raw floors (BENCH_ARGS=--quick)
	$(PY) -m bench.run $(BENCH_ARGS)

readme-layout: $(STAMP) ## rewrite docs/maintaining.md's layout table from the modules' docstrings
	$(PY) codegen/readme_layout.py

# The site: the generated parts first (the command reference from the parser, the layout
# table from the docstrings), then MkDocs in strict mode, where a warning fails the build.
docs: $(STAMP) ## the documentation site into site/ (MkDocs, strict: a broken link fails)
	$(PY) codegen/docs_cli.py
	$(PY) codegen/readme_layout.py
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

mutants: $(STAMP) ## mutation smoke: inject known bugs one at a time, report survivors (not in CI)
	$(PY) -m bench.mutants

# The outside SOAP stacks: Debian's gsoap, libgsoap-dev, php-cli, php-soap, nodejs, npm (installed
# when missing and root), npm's soap into .interop/node (see tests/interop/setup.sh), and suds
# (a Python SOAP 1.1 client) into the venv, as make fuzz does for atheris.
NODE_SOAP := soap@1.13.0
.PHONY: interop
interop: $(STAMP) ## faxstatus vs gSOAP, PHP SoapClient, node-soap and suds (installs them when root; not in test)
	sh tests/interop/setup.sh .interop $(NODE_SOAP)
	$(PY) -m pip install --quiet --disable-pip-version-check 'suds==1.2.0' || echo "make interop: no suds; its tests skip"
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest tests/interop -m interop

FUZZ_RUNS ?= 200000
# Every fuzz/fuzz_NAME.py is a target; FUZZ_TARGET=NAME (or a list) runs only those.
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.py,%,$(wildcard fuzz/fuzz_*.py))
FUZZ_TARGET ?= $(FUZZ_TARGETS)
fuzz: $(STAMP) ## coverage-guided fuzzing with atheris, every target in turn (FUZZ_TARGET=decode|capture|har|push, FUZZ_RUNS=N, FUZZ_ARGS=-max_total_time=600); a crash lands in fuzz/corpus/*regressions/
	$(PY) -m pip install --quiet --disable-pip-version-check 'atheris==3.0.0'
	@set -e; for t in $(FUZZ_TARGET); do \
	  echo "make fuzz: $$t"; \
	  $(PY) fuzz/fuzz_$$t.py -runs=$(FUZZ_RUNS) -max_len=65536 -rss_limit_mb=2048 $(FUZZ_ARGS); \
	done

CONFORMANCE_PORT ?= 18099
conformance: $(STAMP) ## the conformance kit in full: zeep as decoder, encoder (per case) and client, our simulator as server
	-$(BIN)/faxstatus conformance decoder -- $(PY) examples/zeep_adapter.py
	-$(BIN)/faxstatus conformance encoder -- $(PY) examples/zeep_adapter.py
	-$(BIN)/faxstatus conformance client -- $(PY) examples/zeep_client.py
	$(BIN)/faxstatus serve --port $(CONFORMANCE_PORT) & pid=$$!; sleep 2; \
	$(BIN)/faxstatus conformance server http://127.0.0.1:$(CONFORMANCE_PORT)/fax/v5 \
	  --user demo-user --pin demo-pin --token demo-token; rc=$$?; \
	kill $$pid; exit $$rc

# The matrix: every implementation make interop can bring in, graded through the kit's command
# line where each can play the role, into conformance-report/matrix/conformance-matrix.html.
.PHONY: conformance-matrix
conformance-matrix: $(STAMP) ## faxstatus, zeep, suds, PHP SoapClient, node-soap and gSOAP side by side in one HTML page + JSON (installs them when root; not in test)
	sh tests/interop/setup.sh .interop $(NODE_SOAP)
	$(PY) -m pip install --quiet --disable-pip-version-check 'suds==1.2.0' || echo "make conformance-matrix: no suds; its column is skipped"
	$(PY) -m tests.interop.conformance_matrix conformance-report/matrix

report-check: $(STAMP) ## the HTML report in headless Chromium (apt-get install chromium); screenshots in conformance-report/
	FAXSTATUS_BROWSER_CHECK=1 HYPOTHESIS_PROFILE=ci $(BIN)/pytest -q -rs tests/conformance/test_report_browser.py
