package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/interview"
	"github.com/lia-project/lia/internal/prompt"
)

// The interview's own tests are in internal/interview; these check what lia
// assess adds: the choice of prompter and the exit codes, and give the pty
// test its helpers.

const reviewMsg = "Change any of these answers before moving on?"

var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func testApp(t *testing.T, tty bool) (*app, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var out, errb bytes.Buffer
	a := newApp(&streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: tty, OutTTY: tty, ErrTTY: tty})
	a.now = func() time.Time { return testNow }
	return a, &out, &errb
}

// example is the record the interviews reproduce; absolute, as some tests change directory.
var example, _ = filepath.Abs("../../testdata/examples/fraud-detection.lia.yaml")

// expectedRecord is what lia assess --non-interactive writes for the answers file.
func expectedRecord(t *testing.T, answers string) []byte {
	t.Helper()
	a, _, errb := testApp(t, false)
	out := filepath.Join(t.TempDir(), "want.lia.yaml")
	if err := assessRun(a, &assessOptions{answers: answers, output: out, nonInteractive: true}); err != nil {
		t.Fatalf("non-interactive assess: %v\n%s", err, errb)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadExample(t *testing.T, a *app, path string) *assessment.Record {
	t.Helper()
	rec, _, err := a.readRecord(path)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// valueIndex is the position of the choice v among qu's values.
func valueIndex(qu *assessment.Question, v string) int {
	for i, c := range qu.Values {
		if c.Value == v {
			return i
		}
	}
	return -1
}

// The interview's errors keep their exit codes: an interrupt is 130 with the
// hint to resume, a usage error 2, a refusal 1.
func TestAssessExitCodes(t *testing.T) {
	tests := []struct {
		err  error
		code int
		hint string
	}{
		{&interview.Error{Err: prompt.ErrInterrupted, Hint: "resume"}, exitInterrupt, "lia: interrupted\nlia: hint: resume\n"},
		{prompt.ErrInterrupted, exitInterrupt, "lia: interrupted\n"},
		{&interview.Error{Err: errors.New("no draft"), Hint: "start", Usage: true}, exitUsage, "lia: error: no draft\nlia: hint: start\n"},
		{&interview.Error{Err: errors.New("not replaced"), Hint: "kept"}, exitFail, "lia: error: not replaced\nlia: hint: kept\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if code := printError(&b, assessErr(tt.err)); code != tt.code || b.String() != tt.hint {
			t.Errorf("%v: exit %d, printed %q; want %d, %q", tt.err, code, b.String(), tt.code, tt.hint)
		}
	}
}

func TestNewPrompterChoice(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "tty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tests := []struct {
		name          string
		plain, outTTY bool
		in            io.Reader
		wantPlain     bool
	}{
		{"terminal files", false, true, f, false},
		{"--plain", true, true, f, true},
		{"output not a terminal", false, false, f, true},
		{"input not a file", false, true, strings.NewReader(""), true},
		{"dumb terminal", false, true, f, true},
	}
	for _, tt := range tests {
		s := &streams{In: tt.in, Out: f, Err: f, InTTY: true, OutTTY: tt.outTTY, ErrTTY: tt.outTTY,
			Env: func(k string) string {
				if k == "TERM" && tt.name == "dumb terminal" {
					return "dumb"
				}
				return ""
			}}
		p, _ := newPrompter(newApp(s), tt.plain, nil)
		_, isPlain := p.(*prompt.Plain)
		if isPlain != tt.wantPlain {
			t.Errorf("%s: plain prompter = %v, want %v", tt.name, isPlain, tt.wantPlain)
		}
	}
}
