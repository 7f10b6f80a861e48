# Two commands do all set-up on a fresh Debian 12 machine (as root):
#   make run    set up, then run the nightly job on the bundled sample minutes -> ./public
#   make test   set up (incl. the services the tests start), then run the whole test suite
# The distribution's own Python where it is one the project runs on (Debian 12's 3.11): Debian builds its
# interpreter with profile-guided and link-time optimisation and links it statically, pyenv's default build
# has neither, and the run is CPU-bound (the parser: 2.85 against 3.09 ms a minute; README, "Two commands").
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import sys; print(sys.executable if (3, 11) <= sys.version_info[:2] < (3, 13) else "")' 2>/dev/null)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV   := .venv
# (named after the interpreter: another one makes the environment again, from scratch)
STAMP  := $(VENV)/.installed-$(subst /,_,$(PYTHON))

.PHONY: setup run test bench

$(STAMP): requirements.lock pyproject.toml
	@# Debian's python3 has no venv module until python3-venv is installed
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3 python3-venv; }
	$(PYTHON) -m venv --clear $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.lock
	@# compat mode: the packages are found from any working directory. setuptools notes on every editable
	@# install that its modes are transitional (nothing about this project): the note is kept in a log,
	@# shown only if the install fails. (A regular `pip install .` prints no warnings: tests/packaging.)
	$(VENV)/bin/pip install -q --no-deps -e . --config-settings editable_mode=compat > $(VENV)/editable-install.log 2>&1 \
		|| { cat $(VENV)/editable-install.log; exit 1; }
	touch $(STAMP)

# The parser compiled with mypyc (about 2.5 min, again when a parser source changed; the parser runs as
# Python, the same answers at about 0.8x the speed, wherever this build is missing or older than its sources)
NATIVE := build/native/SOURCES.sha256
$(NATIVE): $(STAMP) $(shell find transforms -name '*.py' -not -path '*/__pycache__/*')
	$(VENV)/bin/python scripts/build_native.py

# The project's own modules as bytecode: pip compiles the packages it installs, not an editable
# checkout, and where PYTHONDONTWRITEBYTECODE is set (as on the machines here) Python never writes it either:
# every process of every run compiled the modules it imported again (0.3 s each).
BYTECODE := $(VENV)/.bytecode
$(BYTECODE): $(STAMP) $(shell find flows publish transforms schemas catalog bench scripts -name '*.py' -not -path '*/__pycache__/*')
	$(VENV)/bin/python -m compileall -q flows publish transforms schemas catalog bench scripts
	touch $(BYTECODE)

setup: $(STAMP) $(NATIVE) $(BYTECODE)

run: setup
	$(VENV)/bin/ratsdaten run

test: setup
	bash scripts/install-test-services
	$(VENV)/bin/pytest

# Not a test: Prefect's share of a 1,000-document run (see bench/prefect_overhead.py)
bench: setup
	$(VENV)/bin/python bench/prefect_overhead.py
