# Two commands do everything on a fresh Debian machine with Swift installed:
#   make demo   installs GLPK if missing, builds, solves the example week into out/
#   make test   installs GLPK if missing, builds and runs every test
SWIFT ?= swift
EXAMPLE ?= examples/contact-center-week/scenario.yaml
OUT ?= out

.PHONY: demo test build release deps clean

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

clean:
	rm -rf .build $(OUT)
