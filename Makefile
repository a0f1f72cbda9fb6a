# fazhi: `make demo` to see the site, `make test` to run every test. Both start from a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FAZHI := $(BIN)/fazhi
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install install-dev browser demo serve test test-sqlite test-postgres lint format lock clean

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

demo: install
	$(FAZHI) migrate --noinput
	$(FAZHI) load_demo
	$(FAZHI) create_admin
	@echo "法治报道 demo: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(FAZHI) runserver --noreload $(HOST):$(PORT)

serve: install
	$(FAZHI) runserver $(HOST):$(PORT)

test: install-dev browser
	$(BIN)/ruff check fazhi bench
	$(BIN)/ruff format --check fazhi bench
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check fazhi bench
	$(BIN)/ruff format --check fazhi bench

format: install-dev
	$(BIN)/ruff check --fix fazhi bench
	$(BIN)/ruff format fazhi bench

# Regenerate the lock from a clean resolve of pyproject.toml (commit the result).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet ".[dev]"
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^fazhi' > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) var build *.egg-info
