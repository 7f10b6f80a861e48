# Two commands do all set-up on a fresh Debian 12 machine (as root):
#   make run    set up, then run the nightly job on the bundled sample minutes -> ./public
#   make test   set up (incl. the services the tests start), then run the whole test suite
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: setup run test

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.lock
	# compat mode: the packages are found from any working directory
	$(VENV)/bin/pip install -q --no-deps -e . --config-settings editable_mode=compat
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/ratsdaten run

test: setup
	bash scripts/install-test-services
	$(VENV)/bin/pytest
