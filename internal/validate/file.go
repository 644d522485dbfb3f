package validate

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/trust"
)

// SignaturePolicy is what a run requires of every record's signatures.
type SignaturePolicy struct {
	// Verifier verifies signatures; nil: they are counted, not verified.
	Verifier trust.Verifier
	trust.Policy
}

// Active reports whether the policy checks signatures at all.
func (p SignaturePolicy) Active() bool {
	return p.Verifier != nil || p.Signatures > 0 || len(p.Roles) > 0
}

// Mode says how signatures are checked, for the summary: SigsVerified,
// SigsCounted or SigsUnchecked.
func (p SignaturePolicy) Mode() string {
	switch {
	case p.Verifier != nil:
		return SigsVerified
	case p.Active():
		return SigsCounted
	}
	return SigsUnchecked
}

// Checker checks one file at a time; it is only read, so workers share it.
type Checker struct {
	Catalog    *assessment.Catalog
	Options    assessment.ValidateOptions
	Signatures SignaturePolicy
}

// File reads and checks one file. Nothing it returns refers to the parsed
// record, so the record is released (Record.Release) before it returns.
func (c *Checker) File(f Input) *Result {
	r := &Result{Path: f.Path}
	readProblem := func(err error) *Result {
		r.Problems = []assessment.Problem{{Severity: assessment.SevError, Error: &assessment.Error{
			File: f.Path, Check: assessment.CheckRead, Msg: err.Error()}}}
		return r
	}
	if f.Err != nil {
		return readProblem(fileutil.PathErr(f.Err))
	}
	// The file's bytes are read into a buffer of this worker's, used again
	// for the next file: nothing Validate returns refers to them.
	buf := readBufs.Get().(*[]byte)
	defer putReadBuf(buf)
	data, err := readInto(f, c.Options.Limits.MaxBytes, *buf)
	if cap(data) > cap(*buf) {
		*buf = data[:0]
	}
	if err != nil {
		var pe *assessment.Error
		if errors.As(err, &pe) {
			r.Problems = []assessment.Problem{{Severity: assessment.SevError, Error: pe}}
			return r
		}
		return readProblem(err)
	}
	rec, ps := c.Catalog.Validate(f.Path, data, c.Options)
	r.Problems = ps
	if rec == nil {
		sortProblems(r.Problems)
		return r
	}
	r.ID = rec.Metadata.ID
	if rec.Result != nil {
		r.Outcome = rec.Result.Outcome
	}
	sps, err := applySignaturePolicy(c.Catalog, rec, c.Signatures)
	if err != nil {
		sps = []assessment.Problem{{Severity: assessment.SevError, Error: &assessment.Error{
			File: f.Path, Line: 1, Col: 1, Field: "signatures", Check: assessment.CheckBadSignature, Msg: err.Error()}}}
	}
	r.Problems = append(r.Problems, sps...)
	// Nothing in r refers to the record's tree: its memory can serve the
	// next file this worker reads.
	rec.Release()
	sortProblems(r.Problems)
	return r
}

// applySignaturePolicy verifies (when the policy has a Verifier) and applies the policy.
func applySignaturePolicy(cat *assessment.Catalog, rec *assessment.Record, p SignaturePolicy) ([]assessment.Problem, error) {
	if !p.Active() {
		return nil, nil
	}
	if p.Verifier == nil {
		return signatureProblems(rec, trust.Unverified(rec), p), nil
	}
	checks, err := p.Verifier.Verify(cat.Questionnaire, rec)
	if err != nil {
		return nil, err
	}
	if len(checks) != len(rec.Signatures) {
		return nil, fmt.Errorf("verification returned %d results for %d signatures", len(checks), len(rec.Signatures))
	}
	return signatureProblems(rec, checks, p), nil
}

// signatureProblems reports checks, one per signature of rec, and what they
// lack under the policy.
func signatureProblems(rec *assessment.Record, checks []trust.Check, p SignaturePolicy) []assessment.Problem {
	var out []assessment.Problem
	report := func(sev assessment.Severity, field, check, format string, args ...any) {
		pos, ok := rec.Position(field)
		if !ok {
			pos = assessment.Pos{Line: 1, Col: 1}
		}
		out = append(out, assessment.Problem{Severity: sev, Error: &assessment.Error{
			File: rec.File, Line: pos.Line, Col: pos.Col, Field: field, Check: check, Msg: fmt.Sprintf(format, args...)}})
	}
	problem := func(field, check, format string, args ...any) {
		report(assessment.SevError, field, check, format, args...)
	}
	// A signature made the old way is replaced by signing again.
	resign := func(i int) {
		out[len(out)-1].Hint = trust.ResignHint(rec.File, i+1, rec.Signatures[i].Role)
	}
	for i, c := range checks {
		s := rec.Signatures[i]
		for _, w := range c.Warnings {
			report(assessment.SevWarning, fmt.Sprintf("signatures[%d].signed_at", i), assessment.CheckSignatureDate,
				"the signature of %s: %s", s.Signer, w)
		}
		switch {
		case c.Problem == "" && c.Format == trust.FormatLegacy:
			report(assessment.SevWarning, fmt.Sprintf("signatures[%d].signature", i), assessment.CheckLegacySignature,
				"the signature of %s was %s", s.Signer, trust.LegacyNote)
			resign(i)
		case c.Status == trust.Invalid && c.Field == "signed_at":
			problem(fmt.Sprintf("signatures[%d].signed_at", i), assessment.CheckSignatureDate,
				"the signature of %s: %s", s.Signer, c.Problem)
		case c.Status == trust.Invalid && c.Field == "signer":
			problem(fmt.Sprintf("signatures[%d].signer", i), assessment.CheckBadSigner, "%s", c.Problem)
			if c.Format == trust.FormatLegacy {
				resign(i)
			}
		case c.Status == trust.RoleNotAllowed:
			problem(fmt.Sprintf("signatures[%d].role", i), assessment.CheckRoleNotAllowed,
				"the signature of %s: %s", s.Signer, c.Problem)
		case c.Status == trust.UnknownSigner:
			problem(fmt.Sprintf("signatures[%d].signer", i), assessment.CheckUnknownSigner,
				"%s (key %s) is not in the allowed signers file: %s", s.Signer, s.Key, c.Problem)
		case c.Status == trust.Invalid:
			problem(fmt.Sprintf("signatures[%d].signature", i), assessment.CheckBadSignature,
				"the signature of %s does not verify: %s; was the record changed after signing?", s.Signer, c.Problem)
		}
	}
	t := p.Count(checks)
	// Once signatures are verified, only valid ones count, and the message says so.
	what := "signature"
	if p.Verifier != nil {
		what = "valid signature"
	}
	if t.Signers < p.Signatures {
		problem("signatures", assessment.CheckMissingSignature, "missing signature: %d %ss, the policy requires %d; sign with: lia sign %s --key KEY",
			t.Signers, what, p.Signatures, rec.File)
	}
	for _, role := range t.MissingRoles {
		problem("signatures", assessment.CheckMissingRole, "missing signature: no %s with role %s%s; sign with: lia sign %s --key KEY --role %s",
			what, role, t.Why(role), rec.File, role)
	}
	return out
}

// sortProblems puts problems in file order, which reads best: the parser
// finds duplicate keys before bad values, and signatures are checked last.
func sortProblems(ps []assessment.Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
}

// readBufs hold the buffers Checker.File reads files into.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// putReadBuf keeps buf for the next file unless it is larger than records
// are, so that one large file does not keep its memory.
func putReadBuf(buf *[]byte) {
	if cap(*buf) <= 1<<20 {
		readBufs.Put(buf)
	}
}

// readLimited reads a regular file, refusing it before reading when it is
// larger than max. Anything else is refused once open, which never blocks.
func readLimited(in Input, max int64) ([]byte, error) { return readInto(in, max, nil) }

// readInto is readLimited reading into buf when it is large enough.
func readInto(in Input, max int64, buf []byte) ([]byte, error) {
	path := in.Path
	name := path
	if in.open != "" {
		name = in.open
	}
	f, err := openFile(name, in.noFollow)
	if err != nil {
		return nil, fileutil.PathErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fileutil.PathErr(err)
	}
	if fi.IsDir() {
		return nil, errors.New("is a directory")
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("is not a regular file")
	}
	if fi.Size() > max {
		return nil, &assessment.Error{File: path, Check: assessment.CheckSize,
			Msg: fmt.Sprintf("file is %d bytes, larger than the limit of %d bytes", fi.Size(), max)}
	}
	size := fi.Size() + 1
	if size > max+1 || size < 512 {
		size = 512
	}
	// A buffer used again is cut to the size a new one would have, so that
	// reading goes exactly as it would into a new one.
	if int64(cap(buf)) >= size {
		buf = buf[:0:size]
	} else {
		buf = make([]byte, 0, size)
	}
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		// A short read of a regular file that brings it to the size it had
		// is its end: skip the read that would only say so.
		if err == nil && n > 0 && int64(len(buf)) == fi.Size() && len(buf) < cap(buf) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if int64(len(buf)) > max {
			return buf, nil // the parser reports the size
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}
