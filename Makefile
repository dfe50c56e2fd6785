# The two set-up commands are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
# pytest-xdist workers for make test: one per core. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
DEMO_ENV := DEBUG=true
# Production-mode environment used by `make check` for `check --deploy`.
DEPLOY_ENV := DEBUG=false SECRET_KEY=check-deploy-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
	SAFEGUARDING_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	ALLOWED_HOSTS=attendance.example.org WAGTAILADMIN_BASE_URL=https://attendance.example.org

.DEFAULT_GOAL := help
.PHONY: help install browser pdf-libs demo test lint format check lock audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	@# The locked production dependencies first, exactly as a deployment installs
	@# them, so that the tests run against the same versions; then the project
	@# and its test tools around them.
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

install: $(INSTALLED) ## Create .venv and install the project with its test tools

browser: ## Install Debian's Chromium for the browser tests if it is missing
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; \
	fi

pdf-libs: ## Install the Pango libraries WeasyPrint (letters' PDFs) needs if they are missing
	@if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then \
		echo "Installing Debian's Pango for WeasyPrint"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
	fi

demo: install pdf-libs ## Install, migrate SQLite, load the demo and serve it on http://127.0.0.1:8000 with its background worker (SMOKE=1: check and stop)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
ifeq ($(SMOKE),1)
	$(DEMO_ENV) $(PY) .ci/demo_smoke.py
else
	@# The background worker (court bundles) runs beside the server and stops with it.
	$(DEMO_ENV) $(PY) manage.py db_worker --backend background & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000
endif

test: install browser pdf-libs ## Install and run the whole test suite, browser tests included (PostgreSQL when DATABASE_URL is set)
	@# Python's bytecode caches are written even where the environment turns
	@# them off (PYTHONDONTWRITEBYTECODE): each worker and each later run then
	@# loads the project and its tests (with pytest's assertion rewriting) from
	@# __pycache__ instead of compiling them again, about 3 s per process.
	@PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no tests: that is a failure."; exit 1; fi; \
	exit $$status

lint: install ## ruff lint and format check, bandit over the app code
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	@# bandit warns "nosec encountered ... but no failed test" for the other parts
	@# of an f-string whose line carries a nosec (its quirk, not a finding): those
	@# warnings are dropped; the report and the exit status are bandit's.
	@$(PY) -m bandit -c pyproject.toml -r . -q 2>$(VENV)/bandit.err; status=$$?; \
	grep -v 'nosec encountered' $(VENV)/bandit.err >&2; \
	if [ $$status -eq 0 ]; then echo "bandit: no issues"; fi; exit $$status

format: install ## Format and fix with ruff
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

check: install ## System check, missing migrations, and check --deploy in production mode
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

lock: install ## Refresh requirements.lock (hashed pins of the production dependencies) from pyproject.toml
	$(PY) -m piptools compile --quiet --upgrade --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

audit: install ## Check requirements.lock against the vulnerability database (needs the internet; not run in CI)
	$(PY) -m pip_audit --requirement requirements.lock --require-hashes --disable-pip --progress-spinner off
