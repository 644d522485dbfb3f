package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this test binary as the "lia" command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"lia": func() { os.Exit(run(os.Args[1:], systemStreams())) },
	})
}

// TestScripts runs testdata/script/*.txtar. Each script starts in a fresh
// directory with the example records copied into examples/.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../testdata/examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("NO_COLOR", "1")
			return copyDir(examples, filepath.Join(env.WorkDir, "examples"))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"replace": cmdReplace,
		},
	})
}

// cmdReplace edits a file in place: replace OLD NEW FILE replaces every OLD
// with NEW (Go-quoted escapes such as \n are honoured) and fails if OLD is absent.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace OLD NEW FILE")
	}
	unq := func(s string) string {
		if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
			return u
		}
		return s
	}
	path := ts.MkAbs(args[2])
	data, err := os.ReadFile(path)
	ts.Check(err)
	old, repl := unq(args[0]), unq(args[1])
	if !strings.Contains(string(data), old) {
		ts.Fatalf("replace: %q not found in %s", old, args[2])
	}
	ts.Check(os.WriteFile(path, []byte(strings.ReplaceAll(string(data), old, repl)), 0o644))
}

func copyDir(from, to string) error {
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
