# Two commands do everything on a fresh Debian machine with Swift installed:
#   make demo      installs GLPK and libcrypto if missing, builds, solves the example week into out/
#   make test      installs those and Debian's python3-icalendar, python3-pil and chromium if missing,
#                  builds and runs every test
#   make install   builds the release and puts `roster` into $(PREFIX)/bin
SWIFT ?= swift
EXAMPLE ?= examples/contact-center-week/scenario.yaml
OUT ?= out
PREFIX ?= /usr/local
# Debian's own Python, where python3-icalendar installs (another python3 may come first on the PATH).
PYTHON ?= /usr/bin/python3

.PHONY: demo test build release deps test-deps install uninstall docs clean calendars-check report-check forecast-check fuzz bench bench-peers bench-breaks bench-nrp bench-nrp-generated

deps:
	@./scripts/install-deps.sh

test-deps:
	@./scripts/install-deps.sh --test

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product roster

demo: release
	@bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  echo "roster solve $(EXAMPLE) --out $(OUT)" && \
	  "$$bin/roster" solve $(EXAMPLE) --out $(OUT)

install: release
	@bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  install -d "$(DESTDIR)$(PREFIX)/bin" && \
	  install -m 755 "$$bin/roster" "$(DESTDIR)$(PREFIX)/bin/roster" && \
	  echo "installed $(DESTDIR)$(PREFIX)/bin/roster"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/roster"

# The Rostering library's DocC catalog rendered with the toolchain's docc into .build/docs (a
# separate build folder, since symbol graphs need other compiler flags).
DOCS_BUILD = .build-docs
docs: deps
	$(SWIFT) build --scratch-path $(DOCS_BUILD) --target Rostering \
	  -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc $(CURDIR)/$(DOCS_BUILD)/symbol-graphs
	docc convert Sources/Rostering/Rostering.docc --additional-symbol-graph-dir $(DOCS_BUILD)/symbol-graphs \
	  --fallback-display-name Rostering --fallback-bundle-identifier org.contact-center-roster.Rostering \
	  --output-path .build/docs
	@echo "documentation in .build/docs (serve the folder, or open it with a static web server)"

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory calendars-check
	@$(MAKE) --no-print-directory report-check
	@$(MAKE) --no-print-directory forecast-check
	@bin=$$($(SWIFT) build --show-bin-path) && ./scripts/fuzz.sh "$$bin/roster-fuzz" 300 20261129

# Every input reader fed mutated files for longer, with a new seed each run (FUZZ_SEED to repeat
# one); a crash is kept as fuzz/crashes/seed-SEED-READER.EXT.
FUZZ_CASES ?= 20000
FUZZ_SEED ?= $(shell date +%s)
fuzz: deps
	$(SWIFT) build -c release --product roster-fuzz
	@bin=$$($(SWIFT) build -c release --show-bin-path) && ./scripts/fuzz.sh "$$bin/roster-fuzz" $(FUZZ_CASES) $(FUZZ_SEED)

# Every published calendar of the examples and the DST fixtures, read by an independent parser.
CHECK_DIR = .build/calendars-check
calendars-check: test-deps
	@rm -rf $(CHECK_DIR) && mkdir -p $(CHECK_DIR)
	@bin=$$($(SWIFT) build --show-bin-path) && set -e && \
	  for case in examples/contact-center-week examples/forecast-week Tests/Fixtures/dst-berlin Tests/Fixtures/dst-new-york Tests/Fixtures/activities-two-days examples/contact-center-week-queues; do \
	    "$$bin/roster" solve $$case/scenario.yaml --out $(CHECK_DIR)/$$(basename $$case) > /dev/null; \
	  done && \
	  mkdir -p $(CHECK_DIR)/published && cp examples/contact-center-week/published/roster.csv $(CHECK_DIR)/published/ && \
	  "$$bin/roster" export ics $(CHECK_DIR)/published/roster.csv --scenario examples/contact-center-week/scenario.yaml \
	    --out $(CHECK_DIR)/published > /dev/null && \
	  "$$bin/roster" swap --published $(CHECK_DIR)/published --requests examples/contact-center-week/swaps.csv \
	    --scenario examples/contact-center-week/scenario.yaml --out $(CHECK_DIR)/after-swaps > /dev/null
	$(PYTHON) scripts/check_calendars.py $(CHECK_DIR)/after-swaps Europe/Berlin \
	  $(CHECK_DIR)/contact-center-week Europe/Berlin $(CHECK_DIR)/forecast-week Europe/Berlin \
	  $(CHECK_DIR)/dst-berlin Europe/Berlin $(CHECK_DIR)/dst-new-york America/New_York \
	  $(CHECK_DIR)/activities-two-days Europe/Berlin $(CHECK_DIR)/contact-center-week-queues Europe/Berlin

# roster forecast on synthetic call logs with known rates (scripts/synthetic_calls.py): the WAPE
# against the true rates, and the service level mean + 1σ staffing reaches on simulated weeks.
FORECAST_SEEDS ?= 2026 2027 2028
forecast-check: test-deps
	@bin=$$($(SWIFT) build --show-bin-path) && \
	  $(PYTHON) scripts/check_forecast.py "$$bin/roster" .build/forecast-check --seeds $(FORECAST_SEEDS) --future 100

# report.html of the same runs (made by calendars-check), of a run with preferences rebuilt by
# `roster report`, and of the swaps, against the runs' other outputs, and rendered by Chromium.
report-check: test-deps
	@bin=$$($(SWIFT) build --show-bin-path) && set -e && \
	  "$$bin/roster" solve examples/contact-center-week/scenario-preferences.yaml --out $(CHECK_DIR)/preferences > /dev/null && \
	  "$$bin/roster" report $(CHECK_DIR)/preferences --scenario examples/contact-center-week/scenario-preferences.yaml > /dev/null
	$(PYTHON) scripts/check_report.py $(CHECK_DIR)/contact-center-week $(CHECK_DIR)/forecast-week $(CHECK_DIR)/after-swaps \
	  $(CHECK_DIR)/dst-new-york $(CHECK_DIR)/activities-two-days $(CHECK_DIR)/preferences $(CHECK_DIR)/contact-center-week-queues

# Benchmarks (not part of make test): generated weeks S, M, L, XL; results in bench/results.csv.
# INTERVAL=15 for the 15-minute weeks, BREAKS=1 for breaks placed by the optimizer, QUEUES=4 for
# four queues with multi-skilled agents.
bench: deps
	$(SWIFT) build -c release --product roster-bench
	./scripts/bench.sh

# The same, plus CBC on the same full models (installs coinor-cbc), with our time ÷ CBC's.
bench-peers: deps
	$(SWIFT) build -c release --product roster-bench
	PEERS=1 ./scripts/bench.sh

# Joint break placement against "shifts first, breaks placed afterwards" (the example week with
# breaks and the generated weeks with breaks); results in bench/breaks.csv.
bench-breaks: deps
	$(SWIFT) build -c release --product roster-bench
	./scripts/bench-breaks.sh

# The public nurse-rostering benchmark (Curtois & Qu instances 1–12 in benchmarks/nurse-rostering): each
# instance converted to a scenario, solved for NRP_SECONDS, checked by the benchmark's own rules and
# compared with the best-known values; results in bench/nrp.csv. NRP_WORK=N adds a work limit
# per instance (units of --work-limit): with a time limit that does not bind, the same results on
# any machine.
NRP_DATA ?= benchmarks/nurse-rostering
NRP_SECONDS ?= 60
bench-nrp: release
	@mkdir -p bench
	@bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  "$$bin/roster" bench-nrp $(NRP_DATA) --time-limit $(NRP_SECONDS) --results bench/nrp.csv $(if $(NRP_INSTANCES),--instances $(NRP_INSTANCES)) $(if $(NRP_WORK),--work-limit $(NRP_WORK))

# Larger instances in the same format (100-200 agents, 8-52 weeks), generated from the seeds in
# benchmarks/nrp-generated/seeds.csv into bench/nrp-generated, then solved like bench-nrp (no
# best-known values: compare with the bound). Results in bench/nrp-generated.csv.
bench-nrp-generated: release
	@mkdir -p bench
	@bin=$$($(SWIFT) build -c release --show-bin-path) && \
	  "$$bin/roster-bench" --nrp-seeds benchmarks/nrp-generated/seeds.csv --nrp-folder bench/nrp-generated && \
	  "$$bin/roster" bench-nrp bench/nrp-generated --time-limit $(NRP_SECONDS) --results bench/nrp-generated.csv $(if $(NRP_INSTANCES),--instances $(NRP_INSTANCES)) $(if $(NRP_WORK),--work-limit $(NRP_WORK))

clean:
	rm -rf .build $(OUT)
