# Two commands do everything on a fresh Debian machine with Swift installed:
#   make demo   installs GLPK if missing, builds, solves the example week into out/
#   make test   installs GLPK if missing, builds and runs every test
SWIFT ?= swift
EXAMPLE ?= examples/contact-center-week/scenario.yaml
OUT ?= out

.PHONY: demo test build release deps clean calendars-check python-deps bench bench-peers bench-nrp

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product roster

demo: release
	@bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  echo "roster solve $(EXAMPLE) --out $(OUT)" && \
	  "$$bin/roster" solve $(EXAMPLE) --out $(OUT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory calendars-check

# Every published calendar of the examples and the DST fixtures, read by an independent parser.
CHECK_DIR = .build/calendars-check
calendars-check: python-deps
	@rm -rf $(CHECK_DIR) && mkdir -p $(CHECK_DIR)
	@bin=$$($(SWIFT) build --show-bin-path) && set -e && \
	  for case in examples/contact-center-week examples/forecast-week Tests/Fixtures/dst-berlin Tests/Fixtures/dst-new-york; do \
	    "$$bin/roster" solve $$case/scenario.yaml --out $(CHECK_DIR)/$$(basename $$case) > /dev/null; \
	  done && \
	  mkdir -p $(CHECK_DIR)/published && cp examples/contact-center-week/published/roster.csv $(CHECK_DIR)/published/ && \
	  "$$bin/roster" export ics $(CHECK_DIR)/published/roster.csv --scenario examples/contact-center-week/scenario.yaml \
	    --out $(CHECK_DIR)/published > /dev/null && \
	  "$$bin/roster" swap --published $(CHECK_DIR)/published --requests examples/contact-center-week/swaps.csv \
	    --scenario examples/contact-center-week/scenario.yaml --out $(CHECK_DIR)/after-swaps > /dev/null
	python3 scripts/check_calendars.py $(CHECK_DIR)/after-swaps Europe/Berlin \
	  $(CHECK_DIR)/contact-center-week Europe/Berlin $(CHECK_DIR)/forecast-week Europe/Berlin \
	  $(CHECK_DIR)/dst-berlin Europe/Berlin $(CHECK_DIR)/dst-new-york America/New_York

python-deps:
	@python3 -c 'import icalendar' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check icalendar

# Benchmarks (not part of make test): generated weeks S, M, L, XL; results in bench/results.csv.
bench: deps
	$(SWIFT) build -c release --product roster-bench
	./scripts/bench.sh

# The same, plus CBC on the same full models (installs coinor-cbc), with our time ÷ CBC's.
bench-peers: deps
	$(SWIFT) build -c release --product roster-bench
	PEERS=1 ./scripts/bench.sh

# The public nurse-rostering benchmark (Curtois & Qu instances 1–12 in ../shared/data): each
# instance converted to a scenario, solved for NRP_SECONDS, checked by the benchmark's own rules and
# compared with the best-known values; results in bench/nrp.csv.
NRP_DATA ?= ../shared/data/nurse-rostering-benchmark
NRP_SECONDS ?= 60
bench-nrp: release
	@mkdir -p bench
	@bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  "$$bin/roster" bench-nrp $(NRP_DATA) --time-limit $(NRP_SECONDS) --results bench/nrp.csv $(if $(NRP_INSTANCES),--instances $(NRP_INSTANCES))

clean:
	rm -rf .build $(OUT)
