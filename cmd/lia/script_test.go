package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/templates"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run this test binary as the "lia" command.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"lia": func() { os.Exit(run(os.Args[1:], systemStreams())) },
	})
}

// TestScripts runs testdata/script/*.txtar. Each script starts in a fresh
// directory with the example records copied into examples/ and the reports
// every lia must verify (testdata/golden) into golden/.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../testdata/examples")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := filepath.Abs("../../testdata/golden")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			env.Setenv("NO_COLOR", "1")
			if err := copyDir(golden, filepath.Join(env.WorkDir, "golden")); err != nil {
				return err
			}
			return copyDir(examples, filepath.Join(env.WorkDir, "examples"))
		},
		RequireExplicitExec: false,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"replace":  cmdReplace,
			"exits":    cmdExits,
			"hostile":  cmdHostile,
			"flipbyte": cmdFlipByte,
			"mkcert":   cmdMkcert,
			"prefix":   cmdPrefix,
			"resign":   cmdResign,
		},
	})
}

// cmdExits runs a command and checks its exit code: exits N CMD [ARGS...].
// Its output can be checked with stdout and stderr afterwards, as after exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE CMD [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("running %s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// unescape turns the escapes scripts can write into the bytes they stand for.
var unescape = strings.NewReplacer(`\n`, "\n", `\x00`, "\x00")

// cmdReplace edits a file in place: replace FILE OLD NEW [OLD NEW...]. Each OLD
// must occur in the file, so that a script never silently tests an unbroken
// record. In OLD and NEW, \n stands for a newline and \x00 for a NUL byte.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args)%2 != 1 {
		ts.Fatalf("usage: replace FILE OLD NEW [OLD NEW...]")
	}
	name := ts.MkAbs(args[0])
	b, err := os.ReadFile(name)
	ts.Check(err)
	s := string(b)
	for i := 1; i < len(args); i += 2 {
		old := unescape.Replace(args[i])
		if !strings.Contains(s, old) {
			ts.Fatalf("replace: %q not found in %s", args[i], args[0])
		}
		s = strings.Replace(s, old, unescape.Replace(args[i+1]), 1)
	}
	ts.Check(os.WriteFile(name, []byte(s), 0o644))
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

// cmdHostile writes a hostile input: hostile KIND FILE, where KIND is one of
// bomb (YAML alias bomb), deep (20,000-deep nesting), huge (60 MiB), empty,
// binary, multidoc or badutf8.
func cmdHostile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hostile KIND FILE")
	}
	var data []byte
	switch args[0] {
	case "bomb":
		b := "apiVersion: lia/v1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		prev := "a"
		for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
			refs := strings.TrimSuffix(strings.Repeat("*"+prev+", ", 9), ", ")
			b += n + ": &" + n + " [" + refs + "]\n"
			prev = n
		}
		data = []byte(b)
	case "deep":
		data = []byte("apiVersion: lia/v1\nmetadata: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n")
	case "huge":
		data = append([]byte("apiVersion: lia/v1\n# "), bytes.Repeat([]byte("x"), 60<<20)...)
	case "empty":
		data = nil
	case "binary":
		for i := 0; i < 4096; i++ {
			data = append(data, byte(i))
		}
	case "multidoc":
		data = []byte("apiVersion: lia/v1\n---\napiVersion: lia/v1\n")
	case "badutf8":
		data = []byte("apiVersion: lia/v1\nmetadata:\n  title: caf\xe9\n")
	default:
		ts.Fatalf("hostile: unknown kind %q", args[0])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

// cmdFlipByte changes one byte of a file: flipbyte FILE PERCENT flips the low
// bit of the byte PERCENT% of the way into FILE.
func cmdFlipByte(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: flipbyte FILE PERCENT")
	}
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	pct, err := strconv.Atoi(args[1])
	if err != nil || pct < 0 || pct > 99 || len(data) == 0 {
		ts.Fatalf("flipbyte: bad percent %q or empty file", args[1])
	}
	data[len(data)*pct/100] ^= 1
	ts.Check(os.WriteFile(path, data, 0o644))
}

// cmdPrefix checks that one file's bytes are the start of another's:
// prefix SHORT LONG (an incremental update leaves the original in place).
func cmdPrefix(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: prefix SHORT LONG")
	}
	short, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	long, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	if got := len(long) > len(short) && bytes.HasPrefix(long, short); got == neg {
		ts.Fatalf("%s is %sthe start of %s", args[0], map[bool]string{true: "", false: "not "}[got], args[1])
	}
}

// cmdResign signs signature N of a record again, as lia sign would, over the
// entry as it now stands: resign [-old] FILE N KEY, with KEY an unencrypted
// private key. It makes genuine entries that lia sign does not write, such as
// one dated in the past, so that a script tests the date rule, not a broken
// signature. With -old it signs the way lia 0.1 did, over the canonical
// record alone (the same signing code, so the same bytes lia 0.1 wrote).
func cmdResign(ts *testscript.TestScript, neg bool, args []string) {
	old := len(args) > 0 && args[0] == "-old"
	if old {
		args = args[1:]
	}
	if neg || len(args) != 3 {
		ts.Fatalf("usage: resign [-old] FILE N KEY")
	}
	name := ts.MkAbs(args[0])
	raw, err := os.ReadFile(name)
	ts.Check(err)
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	pem, err := os.ReadFile(ts.MkAbs(args[2]))
	ts.Check(err)
	cat, err := assessment.Load(templates.FS)
	ts.Check(err)
	rec, err := assessment.ParseRecord(name, raw, cat.Questionnaire, assessment.DefaultLimits)
	ts.Check(err)
	if n < 1 || n > len(rec.Signatures) {
		ts.Fatalf("resign: %s has no signature %d", args[0], n)
	}
	key, err := signing.ParsePrivateKey(pem, nil)
	ts.Check(err)
	msg, err := rec.Canonical(cat.Questionnaire)
	ts.Check(err)
	if !old {
		msg, err = trust.Message(msg, rec.Signatures[n-1])
		ts.Check(err)
	}
	sig, err := signing.Sign(key, trust.Namespace, msg)
	ts.Check(err)
	rec.Signatures[n-1].Signature = string(sig)
	b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
	ts.Check(err)
	ts.Check(os.WriteFile(name, b, 0o644))
}
