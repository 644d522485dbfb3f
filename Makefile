# lia's Makefile is thin: every target is one or two commands you could type.
GO      ?= go
BIN     := bin/lia
DEMO    := out/demo
EXAMPLE := testdata/examples/support-assistant-authorised.lia.yaml

.PHONY: build run test lint bench fuzz demo docs clean

build:
	$(GO) build -o $(BIN) ./cmd/lia

# run builds lia and starts the interview.
run: build
	./$(BIN) assess

test:
	$(GO) vet ./...
	$(GO) test -race ./...

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change the files above"; exit 1; }
	$(GO) vet ./...
	$(GO) mod tidy -diff

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParseRecord -fuzztime $${FUZZTIME:-30s} ./internal/assessment/
	$(GO) test -run '^$$' -fuzz FuzzEvaluate -fuzztime $${FUZZTIME:-30s} ./internal/assessment/
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime $${FUZZTIME:-30s} ./internal/assessment/

# demo assesses the shipped example without prompts, writes the record and prints the explanation.
demo: build
	@mkdir -p $(DEMO)
	./$(BIN) assess --non-interactive --answers $(EXAMPLE) -o $(DEMO)/support-assistant.lia.yaml --force
	./$(BIN) explain $(DEMO)/support-assistant.lia.yaml

docs: build
	./$(BIN) --help

clean:
	rm -rf bin out
