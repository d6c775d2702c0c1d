# Gatehouse build, test and benchmark entry points. Every target works on
# a clean checkout with Go 1.26 installed; modules come from the Go
# module proxy.

GO      ?= go
BIN     ?= bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# FUZZTIME is how long `make fuzz` runs each fuzz target.
FUZZTIME ?= 30s
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Packages whose tests exercise concurrency; `make test` runs them again
# under the race detector.
RACE_PKGS := ./engine/... ./router/... ./upstream/... ./lb/... ./config/... ./admin/...

.PHONY: all build run test test-race fuzz lint bench bench-baseline clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/gatehouse ./cmd/gatehouse
	$(GO) build -o $(BIN)/gateload ./cmd/gateload

## run: start the gateway on its embedded demo configuration.
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/gatehouse demo

## test: vet, all tests (fuzz seed corpora included), then the race detector.
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) test-race

test-race:
	$(GO) test -race -count=1 $(RACE_PKGS)

## fuzz: run every fuzz target for FUZZTIME each.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

lint:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## bench: micro-benchmarks against the recorded baseline, then the budget scenarios.
bench:
	bash bench/run.sh

## bench-baseline: record new micro-benchmark baseline figures.
bench-baseline:
	bash bench/baseline.sh

clean:
	rm -rf $(BIN)
