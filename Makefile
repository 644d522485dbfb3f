# lia's Makefile is thin: every target is one or two commands you could type.
GO      ?= go
BIN     := bin/lia
DEMO    := out/demo
EXAMPLE := testdata/examples/support-assistant-authorised.lia.yaml

.PHONY: build install run test lint bench fuzz demo docs clean

build:
	$(GO) build -o $(BIN) ./cmd/lia

# install puts lia where go install does ($GOBIN, or $HOME/go/bin).
install:
	$(GO) install ./cmd/lia

# run builds lia and starts the interview.
run: build
	./$(BIN) assess

test:
	$(GO) vet ./...
	$(GO) test -race ./...

# lint runs gofmt, vet (also for windows and darwin, where many privacy officers
# work), staticcheck at a pinned version (go run fetches it: nothing to install;
# staticcheck.conf says which checks) and checks that go.mod and go.sum are tidy.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo "gofmt would change the files above"; exit 1; }
	$(GO) vet ./...
	GOOS=windows $(GO) vet ./...
	GOOS=darwin $(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff

# bench prints Go benchmarks and whole-process figures (validate against an
# independent JSON Schema validator, report, start-up, memory); N records.
bench:
	N=$${N:-10000} scripts/bench.sh

# fuzz runs every fuzz target for FUZZTIME each (make fuzz FUZZTIME=10m for a long run).
FUZZTIME ?= 30s
FUZZ_TARGETS := \
	internal/assessment:FuzzParseRecord \
	internal/assessment:FuzzEvaluate \
	internal/assessment:FuzzValidate \
	internal/signing:FuzzCanonicalizeJSON \
	internal/signing:FuzzParseAllowedSigners \
	internal/signing:FuzzVerify \
	internal/report:FuzzCanonicalRoundTrip \
	internal/report:FuzzExtractRecord \
	internal/report:FuzzRenderPDF \
	internal/report:FuzzVerifyPDF \
	internal/yamlfast:FuzzMatchesYAMLv3 \
	internal/safetext:FuzzText \
	internal/safetext:FuzzGitHub \
	internal/safetext:FuzzJUnit \
	internal/safetext:FuzzMarkdown

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$fn ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./$$pkg/ || exit 1; \
	done

# demo assesses the shipped example without prompts, writes the record and its PDF,
# and prints the explanation.
demo: build
	@mkdir -p $(DEMO)
	./$(BIN) assess --non-interactive --answers $(EXAMPLE) -o $(DEMO)/support-assistant.lia.yaml --force
	./$(BIN) report $(DEMO)/support-assistant.lia.yaml -o $(DEMO)/support-assistant.pdf --force
	./$(BIN) explain $(DEMO)/support-assistant.lia.yaml

# docs rewrites the man pages in docs/man from the commands' help and the
# question catalogue docs/questions.md from the questionnaire; both are
# committed, and the same tests fail when they are out of date.
docs:
	$(GO) test ./cmd/lia -run '^TestManPages$$' -update-man
	$(GO) test ./internal/assessment -run '^TestQuestionsDoc$$' -update-docs

clean:
	rm -rf bin out
