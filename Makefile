# Two commands do everything on a fresh machine:
#   make report   build the processed tables, run every notebook, export the HTML site
#   make test     run the unit tests and nbval over the notebooks
# RELEASE picks the release folder (default: the synthetic sample).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RELEASE ?= data/raw/sample
RELEASE_NAME := $(notdir $(patsubst %/,%,$(RELEASE)))
PROCESSED ?= data/processed/$(RELEASE_NAME)
PUBLIC ?= data/public/$(RELEASE_NAME)
REPORT ?= reports/$(RELEASE_NAME)
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))

# The one place where output nobody can act on is silenced. setuptools tells every editable install of a
# package that sits beside pyproject.toml (lib/) that a folder of the same name in the working directory may
# take precedence on import: here that folder is the package itself. Everything else is fixed at its cause.
QUIET_INSTALL := PYTHONWARNINGS="ignore:Editable installation:UserWarning"

.PHONY: setup system-deps build public report private-report execute-notebooks test unit quick nbval lab bench peer lock sample clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(QUIET_INSTALL) $(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Tesseract (OCR of scanned pages) is a system program, not a Python package; so are Chromium and its
# driver, which the browser test of the source pages drives (tests/test_publish_browser.py).
system-deps:
	@if command -v tesseract >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null; \
	else \
		echo "Tesseract is missing: install tesseract-ocr and its English data (e.g. 'sudo apt-get install tesseract-ocr tesseract-ocr-eng', or 'brew install tesseract')." >&2; \
	fi
	@if command -v chromedriver >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "Chromium's driver is missing, so the browser test will be skipped: install chromium and chromium-driver (e.g. 'sudo apt-get install chromium chromium-driver', or 'brew install --cask chromedriver')." >&2; \
	fi

build: setup system-deps
	$(BIN)/python -m lib build --raw $(RELEASE) --out $(PROCESSED)

# The published site: pseudonymise the tables, run every notebook on them, build the site with redacted page
# images and PDFs, and check all of it for leaks (the images and PDFs read again by OCR).
public: build
	$(BIN)/python -m lib.publish pseudonymise --processed $(PROCESSED) --out $(PUBLIC)

report: public
	$(BIN)/python -m lib notebooks --release $(RELEASE) --processed $(PUBLIC) --out $(REPORT)
	$(BIN)/python -m lib.publish site --report $(REPORT) --public $(PUBLIC) --processed $(PROCESSED) --release $(RELEASE) --page-images

# A reporter's own run on the raw tables: real names and the unredacted page images, marked NOT FOR PUBLICATION.
private-report: build
	$(BIN)/python -m lib notebooks --release $(RELEASE) --processed $(PROCESSED) --out $(REPORT)-private
	$(BIN)/python -m lib.publish site --report $(REPORT)-private --public $(PROCESSED) --release $(RELEASE) --page-images

# Re-execute the committed notebooks in place on the sample (after changing one), keeping .py pairs in sync.
execute-notebooks: setup
	$(MAKE) build RELEASE=data/raw/sample
	for nb in $(NOTEBOOKS); do \
		$(BIN)/jupyter nbconvert --to notebook --execute --inplace --KernelManager.transport_encryption=auto $$nb || exit 1; \
		$(BIN)/jupytext --sync $$nb >/dev/null || exit 1; \
	done

# The tests run in parallel, one worker per core (pytest-xdist), each sent to the next idle worker. The slow
# end-to-end checks (@pytest.mark.slow: builds, publication, regenerating a release) start first and are part of
# every `make test`; the ten slowest tests are listed at the end. `make quick` leaves the slow ones out.
# The first test that reads the sample's tables builds them (data/processed/sample, which nbval then reads)
# while the other workers run the tests that do not read them.
unit: setup system-deps
	$(BIN)/python -m pytest tests -q -n auto --durations=10

quick: setup
	$(BIN)/python -m pytest tests -q -n auto -m "not slow"

# Each notebook runs whole on one worker, in its own kernel (--dist loadfile).
nbval: setup
	$(BIN)/python -m pytest -q -n auto --dist loadfile --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks

test: unit nbval

lab: build
	$(BIN)/jupyter lab notebooks

# The peer tool pdf2mbox, measured beside the ingest by `make bench`; it builds against poppler's C++ library.
PEER := .venv-peer
peer: $(PEER)/.installed

$(PEER)/.installed:
	@if ! pkg-config --exists poppler-cpp 2>/dev/null; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && apt-get install -y -qq libpoppler-cpp-dev pkg-config >/dev/null; \
		else \
			echo "pdf2mbox needs poppler's C++ library: install libpoppler-cpp-dev and pkg-config (Debian/Ubuntu) or poppler (brew)." >&2; exit 1; \
		fi; \
	fi
	test -x $(PEER)/bin/python || $(PYTHON) -m venv $(PEER)
	$(PEER)/bin/python -m pip install --quiet pdf2mbox==0.3.4
	touch $@

bench: build
	-$(MAKE) --no-print-directory peer
	$(BIN)/python -m bench

sample: setup
	$(BIN)/python -m lib sample

lock:
	$(BIN)/python -m pip install --quiet -r requirements.in
	{ echo "# Pinned by 'make lock' from requirements.in. Python 3.11."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; echo "-e ."; } > requirements.txt

clean:
	rm -rf data/processed/*/ data/public/ reports/
