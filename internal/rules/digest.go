package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/templates"
)

// DigestPrefix starts every digest: the hash function, as in OCI digests.
const DigestPrefix = "sha256:"

// builtin holds lia's own documents as node trees, read once: extending
// files are merged onto them and the digests of lia's own rules come from them.
var builtin struct {
	once   sync.Once
	docs   map[string]*yaml.Node
	digest string
	err    error
}

func loadBuiltin() {
	builtin.docs = map[string]*yaml.Node{}
	for _, name := range []string{QuestionnaireFile, ScoringFile} {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			builtin.err = err
			return
		}
		doc, errs := parseDoc(liaName(name), data)
		if len(errs) > 0 {
			builtin.err = errs
			return
		}
		builtin.docs[name] = doc
	}
	builtin.digest, builtin.err = digest(builtin.docs[QuestionnaireFile], builtin.docs[ScoringFile])
}

// builtinDoc returns lia's own document name as a node tree. The tree is
// shared: callers must not change it.
func builtinDoc(name string) (*yaml.Node, error) {
	builtin.once.Do(loadBuiltin)
	return builtin.docs[name], builtin.err
}

// BuiltinDigest is the digest of lia's own rules.
func BuiltinDigest() (string, error) {
	builtin.once.Do(loadBuiltin)
	return builtin.digest, builtin.err
}

// digest is the digest of the rules whose documents in effect are q and s.
func digest(q, s *yaml.Node) (string, error) {
	qv, err := jsonValue(q)
	if err != nil {
		return "", fmt.Errorf("%s: %w", QuestionnaireFile, err)
	}
	sv, err := jsonValue(s)
	if err != nil {
		return "", fmt.Errorf("%s: %w", ScoringFile, err)
	}
	b, err := Canonical(qv, sv)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return DigestPrefix + hex.EncodeToString(sum[:]), nil
}

// Canonical is the canonical form of rules whose documents, as JSON values,
// are q and s: {"questionnaire": q, "scoring": s} as RFC 8785 JSON.
func Canonical(q, s any) ([]byte, error) {
	return signing.Canonicalize(map[string]any{"questionnaire": q, "scoring": s})
}

// CanonicalOf is the canonical form of a loaded set of rules, the bytes its
// digest is the SHA-256 of.
func (s *Set) CanonicalOf() ([]byte, error) {
	q, err := jsonValue(s.docs[0])
	if err != nil {
		return nil, err
	}
	sc, err := jsonValue(s.docs[1])
	if err != nil {
		return nil, err
	}
	return Canonical(q, sc)
}

// jsonValue reads a node tree as JSON values: mappings as objects, lists as
// arrays, scalars as YAML 1.2's core schema resolves them, except that
// timestamps stay text as written.
func jsonValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: a key must be a plain value", k.Line)
			}
			if _, dup := m[k.Value]; dup {
				return nil, fmt.Errorf("line %d: key %q appears twice", k.Line, k.Value)
			}
			v, err := jsonValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := jsonValue(c)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			err := n.Decode(&b)
			return b, err
		case "!!int":
			var i int64
			if err := n.Decode(&i); err != nil {
				return nil, fmt.Errorf("line %d: %w", n.Line, err)
			}
			return i, nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, fmt.Errorf("line %d: %w", n.Line, err)
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("line %d: %s is not a number JSON can hold", n.Line, n.Value)
			}
			return f, nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: an alias has no value of its own", n.Line)
}
