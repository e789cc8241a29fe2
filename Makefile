# Two commands on a fresh machine with Python 3.11+: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PAPERLIST := PYTHONPATH=hooks $(BIN)/python -m paperlist

.PHONY: help venv node serve build screenshots check fmt fmt-check lint readme readme-check test test-fast browser java bibtex zensical build-zensical lock add links published citations health-summary bench bench-smoke clean

help:
	@echo "make serve   set up and serve the site on http://127.0.0.1:8000"
	@echo "make test    set up and run every check and test (browser tests included)"
	@echo "make build | build-zensical | check | fmt | readme | add ID=... SECTION=... TAGS=... | bench | screenshots | lock | clean"
	@echo "make links | published | citations | health-summary   the weekly checks (need the network)"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

venv: $(STAMP)

# axe-core (injected by the browser tests) and Lighthouse (benchmark), from the npm registry.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's nodejs and npm for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	else \
		echo "npm (Node.js) is needed for the browser tests: run 'sudo apt-get install nodejs npm'." >&2; exit 1; \
	fi
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

serve: venv
	SITE_URL=http://127.0.0.1:8000/ NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --clean

# The preview images of the README and the issue tracker: home, a section, a tag page, explorer, stats.
screenshots: venv browser
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --clean --site-dir .screenshots-site
	$(BIN)/python tests/tools/screenshots.py .screenshots-site docs/assets/screenshots home= \
		section=first-stage/dense/hard-negatives/ tag=tags/distillation/ explorer=explorer/ stats=stats/
	rm -rf .screenshots-site

check: venv
	$(PAPERLIST) check

fmt: venv
	$(PAPERLIST) fmt

fmt-check: venv
	$(PAPERLIST) fmt --check

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

readme: venv
	$(PAPERLIST) readme

readme-check: venv
	$(PAPERLIST) readme --check

# Debian's Chromium for the browser tests; installed when missing and we are root.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium'." >&2; exit 1; \
	fi

# Debian's Java for the Nu HTML Checker (vnu.jar) in the site tests; installed when missing and we are root.
# Before `node`: vnu-jar's install script downloads a Java runtime of its own when it finds none.
java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's default-jre-headless for the HTML checker..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "The HTML checker in the tests needs Java: run 'sudo apt-get install default-jre-headless'." >&2; exit 1; \
	fi

# Debian's BibTeX (texlive-binaries, with the classic styles of texlive-base): the tests format every export.
bibtex:
	@if command -v bibtex >/dev/null && kpsewhich plain.bst >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's texlive-binaries and texlive-base for the BibTeX tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends texlive-binaries texlive-base >/dev/null; \
	else \
		echo "The tests run BibTeX: run 'sudo apt-get install texlive-binaries texlive-base'." >&2; exit 1; \
	fi

test: venv browser java bibtex node zensical
	$(PAPERLIST) check
	$(PAPERLIST) fmt --check
	$(PAPERLIST) readme --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

# The Python tests without the browser and without the tests that need npm tools, Java or BibTeX, which
# only `make test` installs: quick, and nothing to install but the venv.
test-fast: venv
	@echo "make test-fast skips the browser tests and those needing npm tools, Java or BibTeX (make test runs them)."
	$(BIN)/python -m pytest -q -m "not browser and not tools"

# make add ID=2004.04906 SECTION=hard-negatives TAGS=dense-retrieval,negative-sampling [ADDED=YYYY-MM-DD]
add: venv
	@if [ -z "$(ID)" ] || [ -z "$(SECTION)" ]; then \
		echo "usage: make add ID=<arXiv id or DOI> SECTION=<section slug> TAGS=<tag,tag> [ADDED=YYYY-MM-DD]" >&2; exit 2; fi
	$(PAPERLIST) add '$(ID)' --section '$(SECTION)' $(if $(TAGS),--tags '$(TAGS)') $(if $(ADDED),--added '$(ADDED)')

# Zensical, the successor of Material, in a venv of its own (its Markdown and theme are not the site's):
# the benchmark compares the build with it building the same pages as static Markdown.
ZENSICAL_VENV := bench/zensical-venv
$(ZENSICAL_VENV)/.installed:
	test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "zensical==0.0.73"
	touch $@

zensical: $(ZENSICAL_VENV)/.installed

# The same site built by Zensical (pinned above), which runs no MkDocs hook: `paperlist export` writes the
# generated pages into a static project, Zensical builds it, `paperlist search-index` adds the search.
# `make build` and `make serve` stay MkDocs with its hooks (docs/performance.md says what differs).
build-zensical: venv zensical
	$(PAPERLIST) export --out .zensical-project
	cd .zensical-project && ../$(ZENSICAL_VENV)/bin/zensical build --clean
	rm -rf site-zensical && mv .zensical-project/site site-zensical && rm -rf .zensical-project
	$(PAPERLIST) search-index --site site-zensical

# The weekly checks (.github/workflows/maintenance.yml); they need the network. Each writes under data/.
links: venv
	$(PAPERLIST) links --out data/links.json

published: venv
	$(PAPERLIST) published --out data/published.json

citations: venv
	$(PAPERLIST) citations --out data/citations.json

health-summary: venv
	@$(PAPERLIST) health-summary

# make bench [BENCH_ARGS="--note ..."]: the full benchmark (30-60 minutes), published into docs/performance.md
bench: venv browser node zensical
	$(BIN)/python tests/benchmark/run.py $(BENCH_ARGS)

bench-smoke: venv browser node zensical
	$(BIN)/python tests/benchmark/run.py --smoke

lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet $$($(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(" ".join(repr(d) for d in p["dependencies"] + p["optional-dependencies"]["test"]))')
	(echo "# Exact versions of every Python package, so that a rebuild later produces the same site."; \
	 echo "# Regenerate with \`make lock\` after changing pyproject.toml."; \
	 .lockenv/bin/pip freeze --all --exclude pip --exclude wheel) > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf site site-zensical .zensical-project .pytest_cache .ruff_cache .cache
