# Kith: `make run` serves a demo community on SQLite; `make test` runs the whole suite.
# The interpreter the venv is made from: the system's python3 when it is 3.11 or newer (Debian
# builds it with profile-guided and link-time optimisation and links libpython in statically),
# else the first python3 on PATH. A python3 compiled without --enable-optimizations and with a
# shared libpython (pyenv's default) costs Kith's pages 20% more CPU (bench/RESULTS.md).
PYTHON ?= $(shell /usr/bin/python3 -c 'import ensurepip, sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
KITH_PORT ?= 8000
DEMO_MEMBERS ?= 2000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/kith
PYTEST_ARGS ?=

.PHONY: install run serve stack test test-sqlite test-postgres test-fast lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: install
	$(BIN)/kith migrate --noinput
	$(BIN)/kith demo --if-empty --members $(DEMO_MEMBERS)
	@# Periodic tasks (invitation expiry, unread-message email) run beside the server.
	$(BIN)/kith periodic & periodic=$$!; trap 'kill $$periodic 2>/dev/null' EXIT INT TERM; \
		$(BIN)/kith runserver 127.0.0.1:$(KITH_PORT)

serve: install
	$(BIN)/kith serve

# The production topology from deploy/ on this machine (deploy/stack.py): two `kith serve` behind
# nginx (https on KITH_STACK_PORT, default 8212), a Celery worker and beat, on the local PostgreSQL and Redis.
stack: install
	$(BIN)/python deploy/stack.py up --demo-members $(DEMO_MEMBERS)

# The whole suite on SQLite, then on PostgreSQL (required when CI=true, else when reachable).
test: install
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$CI" ] || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run"; fi

test-sqlite: install
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	KITH_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# Everything but browser and slow tests, for the edit-test loop.
test-fast: install
	$(BIN)/pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
