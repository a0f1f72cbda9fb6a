# fazhi: `make demo` to see the site, `make test` to run every test. Both start from a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FAZHI := $(BIN)/fazhi
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# The second test run (CI always does it): the real PostgreSQL and Redis servers.
TEST_PG_URL ?= postgres://postgres@127.0.0.1:5432/fazhi
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Test processes (pytest-xdist): one per core by default; each has its own test database, var
# folder and Redis database (15, 14, …: fazhi/test_settings.py).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS)

.PHONY: audit install install-dev browser nginx varnish npm bench-tools demo demo-empirecms serve test test-sqlite test-postgres lint format lock clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency list or the lock changes.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(STAMP)-dev: $(STAMP) pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(STAMP)
install-dev: $(STAMP)-dev

# Debian's Chromium and a CJK font for the browser tests (Playwright's own browser download
# is not used). Needs root or sudo; skipped when already installed.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	fi

# Debian's nginx: the serving tests start it with deploy/nginx/fazhi.conf in front of the app.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null; \
	fi

# Debian's Varnish: the serving tests start varnishd with deploy/varnish/fazhi.vcl in front of the app.
varnish:
	@if ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends varnish >/dev/null; \
	fi

# The benchmark (bench/serve.py, run by hand) also needs wrk.
bench-tools: nginx install-dev
	@if ! command -v wrk >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; \
	fi

demo: install
	$(FAZHI) migrate --noinput
	$(FAZHI) load_demo
	$(FAZHI) create_admin
	@echo "法治报道 demo: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# The task worker (exports, purges, scheduled publishing) and the periodic-job scheduler run
	@# beside the server and stop with it.
	$(FAZHI) run_worker & WORKER=$$!; \
	$(FAZHI) run_scheduler & SCHEDULER=$$!; \
	trap 'kill $$WORKER $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
	$(FAZHI) runserver --noreload $(HOST):$(PORT)

# The demo site plus a small EmpireCMS site migrated into it (needs MariaDB/MySQL for the
# dump's scratch database: FAZHI_LEGACY_SCRATCH_URL, default mysql://root@127.0.0.1:3306/).
LEGACY_DEMO_SQL ?= fazhi/legacy/demo/empirecms_demo.sql
LEGACY_DEMO_FILES ?= fazhi/legacy/demo/files
demo-empirecms: install
	$(FAZHI) migrate --noinput
	$(FAZHI) load_demo
	$(FAZHI) migrate_from empirecms --sql $(LEGACY_DEMO_SQL) --files $(LEGACY_DEMO_FILES)
	$(FAZHI) create_admin
	@echo "法治报道 demo (with the EmpireCMS site): http://$(HOST):$(PORT)/"
	$(FAZHI) runserver --noreload $(HOST):$(PORT)

serve: install
	$(FAZHI) runserver $(HOST):$(PORT)

# axe-core for the accessibility checks, pinned by package-lock.json (npm ci).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

npm: node_modules/.installed

# Both passes: SQLite (the default install) and the real PostgreSQL + Redis servers, side by side
# (much of a pass waits on servers it starts, so two passes share the cores well; each pass's
# output is printed whole when it ends). CI never skips the second; elsewhere it runs when
# PostgreSQL answers at TEST_PG_URL. TEST_PASSES=one-by-one runs them one after the other.
TEST_PASSES ?= together
test: install-dev browser nginx varnish npm lint audit
	@if [ "$$CI" = true ] || $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(TEST_PG_URL)'.replace('/fazhi', '/postgres'), connect_timeout=3)" 2>/dev/null; then \
		if [ "$(TEST_PASSES)" = together ]; then \
			$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres; \
		else $(MAKE) --no-print-directory test-sqlite && $(MAKE) --no-print-directory test-postgres; fi; \
	else $(MAKE) --no-print-directory test-sqlite && \
		echo "PostgreSQL not reachable at $(TEST_PG_URL): skipped the PostgreSQL + Redis run (CI never skips it)"; fi

test-sqlite: install-dev
	@echo "== tests on SQLite (the default install) =="
	$(PYTEST)

test-postgres: install-dev
	@echo "== tests on PostgreSQL + Redis =="
	FAZHI_DATABASE_URL=$(TEST_PG_URL) FAZHI_REDIS_URL=$(TEST_REDIS_URL) \
		FAZHI_LEGACY_SCRATCH_PREFIX=fazhi_legacy_pg_ $(PYTEST)

# Known vulnerabilities in the pinned dependencies fail the build; an unreachable advisory source
# is reported as NOT AUDITED (AUDIT_STRICT=1 fails on that too). See SECURITY.md.
audit: install-dev
	$(BIN)/python -m fazhi.security.audit requirements.lock $(if $(AUDIT_STRICT),--strict)

# ruff, then the apps' layers and the ban on import cycles between apps (.importlinter).
lint: install-dev
	$(BIN)/ruff check fazhi bench
	$(BIN)/ruff format --check fazhi bench
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix fazhi bench
	$(BIN)/ruff format fazhi bench

# After editing fazhi/locale/*/LC_MESSAGES/*.po or upgrading Wagtail: rebuild the committed .mo
# files and Wagtail template overrides (polib; GNU gettext is not needed).
translations: install
	$(FAZHI) compile_translations

# Regenerate the lock from a clean resolve of pyproject.toml (commit the result).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet ".[dev]"
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^fazhi' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) var build *.egg-info
