# dsmarket: one command per habit. See STYLE.md.
#   make run            Temporal dev server + PostgreSQL + API + worker (bin/dsmarket dev)
#   make test           every test, race detector on, against real Temporal and PostgreSQL
#   make lint           gofmt, go vet, golangci-lint, workflowcheck
#   make bench          the load benchmark (bin/dsmarket bench)
#   make compose-check  validate docker-compose.yml

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

GO ?= go
BIN := $(CURDIR)/bin

# Pinned tool versions (all build with the Go of go.mod).
TEMPORAL_CLI_VERSION  := v1.5.1
GOLANGCI_LINT_VERSION := v2.15.0
WORKFLOWCHECK_VERSION := v0.6.0
MAILPIT_VERSION       := v1.33.1

# The PostgreSQL that the tests use.
PG_HOST    := 127.0.0.1
PG_PORT    := 5432
PG_VERSION := 15

# Tests and `dsmarket dev` find the Temporal CLI here.
export TEMPORAL_CLI := $(BIN)/temporal

.PHONY: build run test check fmt-check vet lint bench compose-check pg-ready tools clean distclean

# --- tools, installed into bin/ (only when missing) ---------------------------------------

bin/temporal:
	GOBIN=$(BIN) $(GO) install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION)

bin/golangci-lint:
	GOBIN=$(BIN) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

bin/workflowcheck:
	GOBIN=$(BIN) $(GO) install go.temporal.io/sdk/contrib/tools/workflowcheck@$(WORKFLOWCHECK_VERSION)

# Ory Hydra, the OpenID provider that web's integration test signs in against. Its version
# and the replace it needs to build are pinned in the nested module tools/hydra (`go install
# pkg@version` ignores replaces); rebuilt when that module changes. SQLite, for its
# in-memory store (DSN=memory), needs cgo and so a C compiler.
bin/hydra: tools/hydra/go.mod tools/hydra/go.sum
	@command -v "$$($(GO) env CC)" >/dev/null || { echo "error: building bin/hydra needs a C compiler (SQLite): apt-get install gcc" >&2; exit 1; }
	cd tools/hydra && CGO_ENABLED=1 $(GO) build -tags sqlite,sqlite_omit_load_extension \
		-ldflags "-X github.com/ory/hydra/v2/driver/config.Version=$$($(GO) list -m -f '{{.Version}}' github.com/ory/hydra/v2)" \
		-o $(BIN)/hydra github.com/ory/hydra/v2

# Mailpit, the local SMTP sink with a web UI that `dsmarket dev` sends the notifications'
# e-mail to and the mail tests read back through its API. Pure Go (SQLite without cgo).
bin/mailpit:
	GOBIN=$(BIN) $(GO) install -ldflags "-X github.com/axllent/mailpit/config.Version=$(MAILPIT_VERSION)" \
		github.com/axllent/mailpit@$(MAILPIT_VERSION)

tools: bin/temporal bin/golangci-lint bin/workflowcheck bin/hydra bin/mailpit

# --- build and run ------------------------------------------------------------------------

build:
	$(GO) build -o bin/dsmarket ./cmd/dsmarket

# `dsmarket dev` starts Temporal (bin/temporal), finds or starts PostgreSQL, migrates, and
# runs the API and the worker.
run: bin/temporal bin/mailpit build
	bin/dsmarket dev

# The load benchmark, then the catalog search benchmark (425 and 50,000 services).
bench:
	$(GO) run ./cmd/dsmarket bench
	$(GO) run ./cmd/dsmarket bench -search

# --- tests and checks ---------------------------------------------------------------------

# pg-ready makes sure PostgreSQL accepts connections on $(PG_HOST):$(PG_PORT), starting the
# Debian cluster $(PG_VERSION)/main if it is not. With TEST_DATABASE_URL set (the tests'
# admin DSN, see store/storetest) it only checks that server.
pg-ready:
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
		pg_isready -q -d "$$TEST_DATABASE_URL" && exit 0; \
		echo "error: PostgreSQL of TEST_DATABASE_URL does not accept connections" >&2; exit 1; \
	fi; \
	if pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null; then exit 0; fi; \
	if command -v pg_ctlcluster >/dev/null; then \
		echo "PostgreSQL is not running on $(PG_HOST):$(PG_PORT): starting cluster $(PG_VERSION)/main"; \
		if pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start; then n=30; else n=3; fi; \
		for i in $$(seq $$n); do pg_isready -q -h $(PG_HOST) -p $(PG_PORT) && exit 0; sleep 1; done; \
	fi; \
	echo "error: PostgreSQL does not accept connections on $(PG_HOST):$(PG_PORT)." >&2; \
	echo "       The tests need it (user postgres, trust). Start it, e.g." >&2; \
	echo "       pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start" >&2; \
	exit 1

test: bin/temporal bin/hydra bin/mailpit pg-ready
	$(GO) test -race -shuffle=on -count=1 -timeout 20m ./...

fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt: these files need formatting (run gofmt -w):" >&2; echo "$$out" >&2; exit 1; fi

vet:
	$(GO) vet ./...

# check is what CI runs besides the tests: cheap and strict.
check: fmt-check vet

lint: bin/golangci-lint bin/workflowcheck fmt-check vet
	bin/golangci-lint run ./...
	bin/workflowcheck ./workflows/...

compose-check:
	docker-compose -f docker-compose.yml config -q

# --- cleaning -----------------------------------------------------------------------------

# clean removes what `make build` makes; distclean also the tools in bin/ and the dev data
# in .data/ (Temporal's history and the private PostgreSQL cluster).
clean:
	rm -f bin/dsmarket

distclean: clean
	rm -rf bin .data
