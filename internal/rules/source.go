package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
)

// ConfigName is the file a repository names its rules in.
const ConfigName = ".lia-config.yaml"

// EnvVar is the environment variable that names a rules directory.
const EnvVar = "LIA_RULES"

// BuiltinName, given where a rules directory is expected, names lia's own rules.
const BuiltinName = "builtin"

// maxConfig bounds the size of a config file: it holds a line or two.
const maxConfig = 64 << 10

// Source says which rules to load and why.
type Source struct {
	// Dir is the rules directory; empty for lia's own rules.
	Dir string
	// From says what chose them: "--rules", "LIA_RULES", the config file's
	// path, or "" when nothing did (lia's own rules by default).
	From string
}

// Builtin reports whether the source is lia's own rules.
func (s Source) Builtin() bool { return s.Dir == "" }

// String describes the source for messages.
func (s Source) String() string {
	switch {
	case s.Dir == "" && s.From == "":
		return "lia's own rules"
	case s.Dir == "":
		return "lia's own rules (" + s.From + ")"
	}
	return fmt.Sprintf("the rules in %s (%s)", s.Dir, s.From)
}

// Resolve decides where the rules come from: flag (the --rules value), then
// getenv(LIA_RULES), then the config file found from cwd upwards (see
// FindConfig); otherwise lia's own. A relative directory in a config file is
// relative to the file's directory.
func Resolve(flag string, getenv func(string) string, cwd string) (Source, error) {
	if flag != "" {
		return named(flag, "--rules"), nil
	}
	if getenv != nil {
		if v := getenv(EnvVar); v != "" {
			return named(v, EnvVar), nil
		}
	}
	if cwd == "" {
		return Source{}, nil
	}
	path, dir, err := FindConfig(cwd)
	if err != nil || path == "" {
		return Source{}, err
	}
	if dir != BuiltinName && !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(path), dir)
	}
	return named(dir, path), nil
}

func named(dir, from string) Source {
	if dir == BuiltinName {
		return Source{From: from}
	}
	return Source{Dir: dir, From: from}
}

// FindConfig looks for ConfigName in dir and each directory above it, up to
// and including the first that holds .git (the repository's root) or the
// file system's root, as golangci-lint and pre-commit find theirs. It returns
// the file's path and its rules value, or "" when there is none, or when the
// file names no rules.
func FindConfig(dir string) (path, rules string, err error) {
	dir, err = filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	for {
		p := filepath.Join(dir, ConfigName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			rules, err := readConfig(p)
			return p, rules, err
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", nil
		}
		dir = parent
	}
}

// Config is .lia-config.yaml.
type Config struct {
	// Rules is the rules directory, relative to the file's directory, or
	// builtin.
	Rules string `yaml:"rules"`
}

// readConfig reads a config file strictly: unknown keys are errors, so that
// a misspelt key is not silently ignored. Problems are path:line: message.
func readConfig(path string) (string, error) {
	f, _, err := fileutil.OpenRegular(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, fileutil.PathErr(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfig+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > maxConfig {
		return "", fmt.Errorf("%s: larger than %d bytes; it names the rules directory in a line (rules: DIR)", path, maxConfig)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return "", assessment.YAMLErrors(path, err)
	}
	return c.Rules, nil
}
