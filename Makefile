# Mes points — the two commands: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
GOROOT := $(shell $(GO) env GOROOT)
WASM := web/app.wasm
BIN := bin/mespoints
CHROMIUM ?= /usr/bin/chromium-headless-shell
export MESPOINTS_CHROMIUM := $(CHROMIUM)
# Files the WebAssembly is built from: the UI, the wire types, the engine and the entry point.
APP_SOURCES := $(shell find app api wasm points -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum
# go-app patched for the browser build (tools/goapppatch, docs/go-app-wasm-size.md):
# the WebAssembly is built with -modfile=$(GOAPP_MOD), the server with go.mod.
GOAPP := build/goapp
GOAPP_MOD := $(GOAPP)/go.mod
GO_FILES = $(shell git ls-files --cached --others --exclude-standard '*.go')

.PHONY: all build server run cluster cluster-tools test check-format vet test-go test-wasm bench lighthouse hello wrk browser tools axe screenshots documents clean

all: build

## build: the WebAssembly (with its .br and .gz) and the server binary
build: $(WASM).br server

$(GOAPP_MOD): go.mod go.sum $(wildcard tools/goapppatch/*.go)
	$(GO) run ./tools/goapppatch -out $(GOAPP)

$(WASM): $(APP_SOURCES) $(GOAPP_MOD)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(GOAPP_MOD) -trimpath -ldflags='-s -w' -o $@ ./wasm

$(WASM).br: $(WASM)
	$(GO) run ./server/precompress $(WASM)

server:
	$(GO) build -trimpath -o $(BIN) ./server

## run: build, then serve on http://localhost:8000 in development mode
run: build
	@mkdir -p data
	@echo "Mes points: http://localhost:8000 (Ctrl-C to stop)"
	$(BIN) serve -dev -addr 127.0.0.1:8000 -data ./data -web ./web

## cluster: three etcd members (Debian's etcd-server), two nodes in development mode on
## them and Caddy in front, on loopback, with the demo data: prints the one address to
## open; Ctrl-C stops everything; the data stays in ./cluster
CLUSTER_PORT ?= 8100
cluster: build cluster-tools
	$(BIN) cluster -dir ./cluster -web ./web -port $(CLUSTER_PORT)

## cluster-tools: Debian's etcd-server and caddy, installed with apt when missing
## (make cluster runs them; so do the cluster's tests)
cluster-tools:
	@if ! command -v etcd >/dev/null || ! command -v caddy >/dev/null; then \
		echo "installing etcd-server and caddy"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends etcd-server caddy >/dev/null; \
	fi

## test: formatting, vet, every Go test (browser tests included) and the wasm tests under Node
test: build browser tools axe cluster-tools check-format vet test-go test-wasm

check-format:
	@out=$$(gofmt -l $(GO_FILES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./api/... ./points/... ./wasm/...

test-go:
	$(GO) test -race -count=1 -timeout 12m ./...

test-wasm: $(GOAPP_MOD)
	GOOS=js GOARCH=wasm $(GO) test -modfile=$(GOAPP_MOD) -count=1 -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./points/... ./api/... ./app/...

## bench: every Go benchmark beside its baseline, the API under wrk beside a bare
## net/http handler, app.wasm's size and the landing page's cold load in Chromium
## beside go-app's hello world: each figure with its baseline, in the same run
bench: build browser wrk hello
	$(GO) run ./server/bench -chromium "$(CHROMIUM)"

## lighthouse: Lighthouse 12 (mobile) on /, on /solde with a session, and on go-app's hello world
## (npx fetches Lighthouse from npm; it drives Debian's headless Chromium)
lighthouse: build browser hello
	CHROME_PATH="$(CHROMIUM)" $(GO) run ./server/bench -lighthouse

# go-app's hello world, the baseline of the size and cold-load figures: built
# with the patched go-app as Mes points is, and with go-app as released.
HELLO := build/hello
HELLO_UNPATCHED := build/hello-unpatched
HELLO_SOURCES := $(wildcard server/bench/hello/*.go)

hello: $(HELLO)/app.wasm.br $(HELLO_UNPATCHED)/app.wasm.br $(HELLO)/server

$(HELLO)/app.wasm: $(HELLO_SOURCES) $(GOAPP_MOD)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(GOAPP_MOD) -trimpath -ldflags='-s -w' -o $@ ./server/bench/hello

$(HELLO_UNPATCHED)/app.wasm: $(HELLO_SOURCES) go.mod go.sum
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./server/bench/hello

%/app.wasm.br: %/app.wasm
	$(GO) run ./server/precompress $<

$(HELLO)/server: $(HELLO_SOURCES) go.mod go.sum
	$(GO) build -trimpath -o $@ ./server/bench/hello

## wrk: Debian's HTTP load generator, for make bench
wrk:
	@if ! command -v wrk >/dev/null; then \
		echo "installing wrk"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; \
	fi

## browser: install Debian's headless Chromium and fonts when missing
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "installing chromium-headless-shell and fonts"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
			chromium-headless-shell fonts-dejavu-core fonts-liberation >/dev/null; \
	fi

## tools: poppler-utils (pdftotext, pdftoppm) and zbar-tools (zbarimg), with which
## the tests read the documents' PDFs and QR codes back; installed with apt when missing
tools:
	@if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then \
		echo "installing poppler-utils and zbar-tools"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools >/dev/null; \
	fi

## axe: axe-core, which the browser tests inject to check accessibility
axe: server/e2e/node_modules/axe-core/axe.min.js

server/e2e/node_modules/axe-core/axe.min.js: server/e2e/package.json server/e2e/package-lock.json
	npm ci --prefix server/e2e --no-audit --no-fund --loglevel=error
	@touch $@

## screenshots: every screen at 360 and 1280 px wide, written to ./screenshots
screenshots: build browser tools axe
	$(GO) test -count=1 -run 'TestScreens' ./server/e2e -args -screenshots="$(CURDIR)/screenshots"
	@echo "screenshots written to ./screenshots"

## documents: PNGs of « Mes documents », the public pages, the CEPC's screens and a page of each
## document (pdftoppm), written to ./screenshots/documents-*.png
documents: build browser tools axe
	$(GO) test -count=1 -run 'TestScreensOfDocuments|TestScreensOfTheCEPC' ./server/e2e -args -screenshots="$(CURDIR)/screenshots"
	@echo "documents' pictures written to ./screenshots/documents-*.png"

clean:
	rm -rf bin build $(WASM) $(WASM).br $(WASM).gz
