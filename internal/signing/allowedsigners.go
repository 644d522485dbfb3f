package signing

// Allowed-signers rules, as OpenSSH reads the file (ssh-keygen(1), ALLOWED
// SIGNERS; sshsig.c), so one file serves lia, git and ssh-keygen alike:
//   - a line is: principals [options] keytype base64-key [comment]; blank
//     lines and lines starting with '#' are skipped;
//   - principals and namespaces are pattern-lists: comma-separated, '*' and
//     '?' wildcards, a leading '!' negates and wins over any match; a list
//     with a pattern of more than 1022 bytes matches nothing, as in OpenSSH;
//   - ssh-dss (DSA) keys are refused: OpenSSH no longer reads them;
//   - options are comma-separated, case-insensitive names, values in double
//     quotes: cert-authority, namespaces="...", valid-after="...",
//     valid-before="..."; any other option is an error;
//   - times are YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, in UTC with a
//     trailing Z and in local time without, as ssh-keygen reads them;
//   - a cert-authority line trusts certificates that key signed, never the
//     key itself; a plain line trusts only its own key.
// Anything the parser does not understand is an error naming file and line:
// a trust file that is half read must not quietly trust less or more.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// AllowedSigner is one line of an allowed-signers file.
type AllowedSigner struct {
	Principals    []string      // pattern-list, as written
	Key           ssh.PublicKey // the signer's key, or the CA's with CertAuthority
	CertAuthority bool          // Key signs certificates; it does not sign records itself
	Namespaces    []string      // pattern-list; nil allows every namespace
	ValidAfter    time.Time     // zero: no lower bound
	ValidBefore   time.Time     // zero: no upper bound
	Source        string        // "name:line", for messages
}

// Errors Match wraps, so callers can tell them apart with errors.Is.
var (
	ErrKeyNotListed        = errors.New("not listed in allowed signers")
	ErrNamespaceNotAllowed = errors.New("namespace not allowed")
	ErrKeyNotValid         = errors.New("outside its validity period")
)

// maxLine bounds a line, as OpenSSH's own reader does in effect; a longer
// line is an error rather than a silent truncation.
const maxLine = 64 * 1024

// ParseAllowedSigners reads an allowed-signers file. name is used in errors
// ("name:line: ...").
func ParseAllowedSigners(r io.Reader, name string) ([]AllowedSigner, error) {
	var signers []AllowedSigner
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	n := 0
	for sc.Scan() {
		n++
		s, ok, err := parseAllowedSignerLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if !ok {
			continue
		}
		s.Source = fmt.Sprintf("%s:%d", name, n)
		signers = append(signers, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, n+1, err)
	}
	return signers, nil
}

const whitespace = " \t\r\n"

func parseAllowedSignerLine(line string) (AllowedSigner, bool, error) {
	var s AllowedSigner
	if strings.IndexByte(line, 0) >= 0 {
		// OpenSSH would stop reading the line at the NUL; refuse instead of
		// guessing which half was meant.
		return s, false, errors.New("line contains a nul byte")
	}
	cp := strings.TrimLeft(line, whitespace)
	if cp == "" || cp[0] == '#' {
		return s, false, nil
	}
	principals, rest, err := principalsField(cp)
	if err != nil {
		return s, false, err
	}
	if principals == "" {
		return s, false, errors.New("empty principals")
	}
	s.Principals = strings.Split(principals, ",")

	// As in OpenSSH: if the next field is not a key, it is the options.
	key, keyErr := parseKeyField(rest)
	if keyErr != nil {
		opts, after, err := optionsField(rest)
		if err != nil {
			return s, false, err
		}
		if looksLikeKeyType(opts) {
			// "bad options" would mislead: the key itself is broken.
			return s, false, fmt.Errorf("invalid key: %w", keyErr)
		}
		if after == "" {
			return s, false, errors.New("missing key")
		}
		if err := parseOptions(opts, &s); err != nil {
			return s, false, fmt.Errorf("bad options: %w", err)
		}
		key, err = parseKeyField(after)
		if err != nil {
			return s, false, fmt.Errorf("invalid key: %w", err)
		}
	}
	s.Key = key
	return s, true, nil
}

// looksLikeKeyType reports whether a field names an SSH key algorithm
// rather than options; no option starts like this.
func looksLikeKeyType(field string) bool {
	for _, p := range []string{"ssh-", "ecdsa-", "sk-", "rsa-"} {
		if strings.HasPrefix(field, p) {
			return true
		}
	}
	return false
}

// principalsField splits off the first field. Like OpenSSH's strdelimw, a
// double quote in it starts a quoted part that runs to the next quote, so a
// quoted field may hold spaces.
func principalsField(cp string) (field, rest string, err error) {
	i := strings.IndexAny(cp, whitespace+`"`)
	if i < 0 {
		return "", "", errors.New("missing key")
	}
	if cp[i] == '"' {
		j := strings.IndexByte(cp[i+1:], '"')
		if j < 0 {
			return "", "", errors.New("unterminated quote in principals")
		}
		field = cp[:i] + cp[i+1:i+1+j]
		rest = strings.TrimLeft(cp[i+1+j+1:], whitespace)
		return field, rest, nil
	}
	return cp[:i], strings.TrimLeft(cp[i:], whitespace), nil
}

// optionsField splits off the options, which end at the first space or tab
// outside double quotes; \" does not end a quote.
func optionsField(cp string) (opts, rest string, err error) {
	quoted := false
	i := 0
	for ; i < len(cp) && (quoted || (cp[i] != ' ' && cp[i] != '\t')); i++ {
		if cp[i] == '\\' && i+1 < len(cp) && cp[i+1] == '"' {
			i++
		} else if cp[i] == '"' {
			quoted = !quoted
		}
	}
	if quoted {
		return "", "", errors.New("unterminated quote in options")
	}
	return cp[:i], strings.TrimLeft(cp[i:], whitespace), nil
}

// parseKeyField reads "keytype base64 [comment]".
func parseKeyField(cp string) (ssh.PublicKey, error) {
	i := strings.IndexAny(cp, " \t")
	if i < 0 {
		return nil, errors.New("missing key")
	}
	keyType, rest := cp[:i], strings.TrimLeft(cp[i:], " \t")
	b64 := rest
	if i := strings.IndexAny(rest, whitespace); i >= 0 {
		b64 = rest[:i]
	}
	if keyType == "" || b64 == "" {
		return nil, errors.New("missing key")
	}
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("decoding %s key: %w", keyType, err)
	}
	key, err := ssh.ParsePublicKey(blob)
	if err != nil {
		return nil, err
	}
	if key.Type() != keyType {
		return nil, fmt.Errorf("key type is %s, but the line says %s", key.Type(), keyType)
	}
	if isDSA(key) {
		return nil, errDSA
	}
	return key, nil
}

func parseOptions(opts string, s *AllowedSigner) error {
	for opts != "" {
		var err error
		switch {
		case hasPrefixFold(opts, "cert-authority"):
			s.CertAuthority = true
			opts = opts[len("cert-authority"):]
		case hasPrefixFold(opts, "namespaces="):
			if s.Namespaces != nil {
				return errors.New(`multiple "namespaces" clauses`)
			}
			var v string
			v, opts, err = dequote(opts[len("namespaces="):])
			if err != nil {
				return err
			}
			s.Namespaces = strings.Split(v, ",")
		case hasPrefixFold(opts, "valid-after="):
			if !s.ValidAfter.IsZero() {
				return errors.New(`multiple "valid-after" clauses`)
			}
			var v string
			v, opts, err = dequote(opts[len("valid-after="):])
			if err != nil {
				return err
			}
			if s.ValidAfter, err = parseSignerTime(v); err != nil {
				return fmt.Errorf(`invalid "valid-after" time: %w`, err)
			}
		case hasPrefixFold(opts, "valid-before="):
			if !s.ValidBefore.IsZero() {
				return errors.New(`multiple "valid-before" clauses`)
			}
			var v string
			v, opts, err = dequote(opts[len("valid-before="):])
			if err != nil {
				return err
			}
			if s.ValidBefore, err = parseSignerTime(v); err != nil {
				return fmt.Errorf(`invalid "valid-before" time: %w`, err)
			}
		default:
			name, _, _ := strings.Cut(opts, ",")
			name, _, _ = strings.Cut(name, "=")
			return fmt.Errorf("unsupported option %q", name)
		}
		if opts == "" {
			break
		}
		if opts[0] != ',' {
			return fmt.Errorf("unexpected %q after option", opts)
		}
		opts = opts[1:]
		if opts == "" {
			return errors.New("unexpected end of options")
		}
	}
	if !s.ValidAfter.IsZero() && !s.ValidBefore.IsZero() && !s.ValidBefore.After(s.ValidAfter) {
		return errors.New(`"valid-before" time is not after "valid-after"`)
	}
	return nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// dequote reads a double-quoted option value, where \" stands for a quote.
func dequote(s string) (value, rest string, err error) {
	if s == "" || s[0] != '"' {
		return "", "", errors.New("missing start quote")
	}
	var b strings.Builder
	i := 1
	for ; i < len(s) && s[i] != '"'; i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '"' {
			i++
		}
		b.WriteByte(s[i])
	}
	if i >= len(s) {
		return "", "", errors.New("missing end quote")
	}
	return b.String(), s[i+1:], nil
}

// parseSignerTime reads YYYYMMDD[HHMM[SS]][Z].
func parseSignerTime(v string) (time.Time, error) {
	loc := time.Local
	digits := v
	if strings.HasSuffix(v, "Z") || strings.HasSuffix(v, "z") {
		loc = time.UTC
		digits = v[:len(v)-1]
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return time.Time{}, fmt.Errorf("%q is not YYYYMMDD[HHMM[SS]][Z]", v)
		}
	}
	var layout string
	switch len(digits) {
	case 8:
		layout = "20060102"
	case 12:
		layout = "200601021504"
	case 14:
		layout = "20060102150405"
	default:
		return time.Time{}, fmt.Errorf("%q is not YYYYMMDD[HHMM[SS]][Z]", v)
	}
	t, err := time.ParseInLocation(layout, digits, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not YYYYMMDD[HHMM[SS]][Z]", v)
	}
	return t, nil
}

// matchPattern reports whether s matches an OpenSSH pattern: '*' matches any
// run of bytes, '?' exactly one.
func matchPattern(s, pattern string) bool {
	// Iterative wildcard matching with backtracking to the last '*'.
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && (pattern[pi] == '?' || pattern[pi] == s[si]):
			si++
			pi++
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// maxSubPattern is the longest sub-pattern OpenSSH matches: match.c's
// match_pattern_list copies each into a 1024-byte buffer and, when one fills
// 1023 bytes or more, returns "no match" for the whole list, whatever the
// other sub-patterns say.
const maxSubPattern = 1022

// matchPatternList reports whether s matches a pattern-list: some positive
// pattern matches and no negated one does, and no pattern (after its '!') is
// longer than maxSubPattern, which OpenSSH never matches.
func matchPatternList(s string, patterns []string) bool {
	for _, p := range patterns {
		if len(strings.TrimPrefix(p, "!")) > maxSubPattern {
			return false
		}
	}
	positive := false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if matchPattern(s, neg) {
				return false
			}
		} else if matchPattern(s, p) {
			positive = true
		}
	}
	return positive
}

// Match reports the principals the allowed signers grant pub for signing in
// namespace at time at. A plain key must be listed on a line without
// cert-authority; a certificate must be a valid user certificate signed by a
// key on a cert-authority line, and its principals are those that line's
// patterns accept. The error names the key by fingerprint and wraps
// ErrKeyNotListed, ErrNamespaceNotAllowed or ErrKeyNotValid.
func Match(signers []AllowedSigner, pub ssh.PublicKey, namespace string, at time.Time) ([]string, error) {
	fp := Fingerprint(pub)
	at = at.Truncate(time.Second) // ssh-keygen compares whole seconds
	cert, isCert := pub.(*ssh.Certificate)
	var principals []string
	var lastErr error
	for _, s := range signers {
		if s.CertAuthority != isCert {
			continue
		}
		want := pub
		if isCert {
			want = cert.SignatureKey
		}
		if !bytes.Equal(s.Key.Marshal(), want.Marshal()) {
			continue
		}
		if err := s.allows(namespace, at); err != nil {
			lastErr = fmt.Errorf("key %s: %w (%s)", fp, err, s.Source)
			continue
		}
		if !isCert {
			for _, p := range s.Principals {
				if !strings.HasPrefix(p, "!") {
					principals = appendNew(principals, p)
				}
			}
			continue
		}
		granted, err := certPrincipals(cert, s.Principals, at)
		if err != nil {
			lastErr = fmt.Errorf("certificate %s: %w (%s)", fp, err, s.Source)
			continue
		}
		for _, p := range granted {
			principals = appendNew(principals, p)
		}
	}
	if len(principals) > 0 {
		return principals, nil
	}
	if lastErr != nil {
		return nil, lastErr
	}
	if isCert {
		return nil, fmt.Errorf("certificate %s: its authority %s is %w", fp, Fingerprint(cert.SignatureKey), ErrKeyNotListed)
	}
	return nil, fmt.Errorf("key %s: %w", fp, ErrKeyNotListed)
}

func (s AllowedSigner) allows(namespace string, at time.Time) error {
	if s.Namespaces != nil && !matchPatternList(namespace, s.Namespaces) {
		return fmt.Errorf("%w: %q is not in namespaces=%q", ErrNamespaceNotAllowed, namespace, strings.Join(s.Namespaces, ","))
	}
	if !s.ValidAfter.IsZero() && at.Before(s.ValidAfter) {
		return fmt.Errorf("%w: not valid before %s", ErrKeyNotValid, s.ValidAfter.UTC().Format(time.RFC3339))
	}
	if !s.ValidBefore.IsZero() && at.After(s.ValidBefore) {
		return fmt.Errorf("%w: expired at %s", ErrKeyNotValid, s.ValidBefore.UTC().Format(time.RFC3339))
	}
	return nil
}

// certPrincipals returns the certificate's principals that patterns accept,
// once ssh.CertChecker has checked the certificate's validity period,
// critical options and CA signature for each.
func certPrincipals(cert *ssh.Certificate, patterns []string, at time.Time) ([]string, error) {
	if cert.CertType != ssh.UserCert {
		return nil, errors.New("not a user certificate")
	}
	checker := &ssh.CertChecker{Clock: func() time.Time { return at }}
	var granted []string
	var lastErr error = errors.New("none of its principals is allowed")
	for _, p := range cert.ValidPrincipals {
		if !matchPatternList(p, patterns) {
			continue
		}
		if err := checker.CheckCert(p, cert); err != nil {
			lastErr = err
			continue
		}
		granted = append(granted, p)
	}
	if len(granted) == 0 {
		return nil, lastErr
	}
	return granted, nil
}

func appendNew(list []string, s string) []string {
	for _, e := range list {
		if e == s {
			return list
		}
	}
	return append(list, s)
}

// MatchIdentity reports whether the allowed signers let pub sign as identity
// (an e-mail address) in namespace at time at: a line must list the key,
// allow the namespace and time, and have a principal pattern that matches
// identity, case-sensitively, as ssh-keygen -Y verify -I does.
func MatchIdentity(signers []AllowedSigner, pub ssh.PublicKey, namespace, identity string, at time.Time) error {
	principals, err := Match(signers, pub, namespace, at)
	if err != nil {
		return err
	}
	at = at.Truncate(time.Second)
	cert, isCert := pub.(*ssh.Certificate)
	for _, s := range signers {
		if s.CertAuthority != isCert || s.allows(namespace, at) != nil {
			continue
		}
		if !isCert {
			if bytes.Equal(s.Key.Marshal(), pub.Marshal()) && matchPatternList(identity, s.Principals) {
				return nil
			}
			continue
		}
		if !bytes.Equal(s.Key.Marshal(), cert.SignatureKey.Marshal()) {
			continue
		}
		granted, err := certPrincipals(cert, s.Principals, at)
		if err != nil {
			continue
		}
		for _, p := range granted {
			if p == identity {
				return nil
			}
		}
	}
	return fmt.Errorf("key %s is listed for %s, not for %s: %w", Fingerprint(pub), strings.Join(principals, ", "), identity, ErrKeyNotListed)
}
