package main

// lia validate is the CI gate. The rules it keeps:
//   - every file is checked and every problem reported, each with
//     file:line:column, a severity and a stable check ID, then one summary;
//   - output goes to stdout in the chosen format and is the same on every run:
//     files are validated in parallel but reported in input order (arguments in
//     the order given, directories walked in lexical order);
//   - memory does not grow with the number of files: a bounded pool of workers,
//     a bounded window of results waiting to be printed, no record kept after
//     its file is reported;
//   - exit 0 when there is no error (warnings allowed), 1 when any file has an
//     error, 2 for usage errors (bad flags, a path that does not exist, no records).

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/spf13/cobra"
)

type validateOptions struct {
	glob              string
	format            string
	warnExpired       bool
	expiresWithin     string
	allowedSigners    string
	requireSignatures int
	requireRoles      []string
	failOn            string
	jobs              int
}

const validateLong = `Validate lia records: the checks a CI job runs before a merge. PATHs are files
and directories; directories are searched recursively for files matching --glob
(default *.lia.yaml; directories whose name starts with a dot are skipped). Files
named on the command line are checked whatever their name. Without PATH, the
current directory is searched.

Each file is checked for:
  - strict YAML and the lia/v1 schema: syntax, one document, unknown and
    duplicate keys, types, allowed values;
  - completeness: every question that applies is answered;
  - consistency: the stored result is what the rules compute (a hand-edited
    outcome, score or finding is an error showing the difference); a result
    from older scoring rules is a warning;
  - the review date: metadata.review_by in the past is an error (a warning with
    --warn-expired); --expires-within warns before it is due;
  - signatures: --require-signatures N and --require-role ROLE; with
    --allowed-signers only signatures that verify count;
  - policy: --fail-on conditional (or fail) makes such outcomes errors.

Every problem is reported with file:line:column and a check ID, then a summary.
Today's date is the UTC date, or LIA_TODAY (YYYY-MM-DD) when set, so that a CI
run can be reproduced.

Formats: text (default); json (see README, "lia validate --format json");
junit (one testcase per file); github (workflow commands that annotate the
lines of a pull request, and a summary in $GITHUB_STEP_SUMMARY when set).

EXIT STATUS
  0    every file is valid (warnings allowed)
  1    at least one file has an error
  2    usage error: bad flags, a PATH that does not exist, no records found`

func newValidateCmd(a *app) *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check records for CI: schema, completeness, result, dates, signatures, policy",
		Long:  validateLong,
		Example: `  $ lia validate
  $ lia validate assessments/ --fail-on conditional
  $ lia validate --format github --require-signatures 2 --require-role dpo .
  $ lia validate --format junit assessments/ > lia-junit.xml
  $ LIA_TODAY=2027-01-01 lia validate --expires-within 30d assessments/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return validateRun(a, opts, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.glob, "glob", "*.lia.yaml", "in directories, check files whose name matches `PATTERN`")
	f.StringVar(&opts.format, "format", "text", "output `FORMAT`: text, json, junit or github")
	f.BoolVar(&opts.warnExpired, "warn-expired", false, "report a review date in the past as a warning, not an error")
	f.StringVar(&opts.expiresWithin, "expires-within", "", "warn when review_by is less than `DURATION` away (30d, 6w)")
	f.StringVar(&opts.allowedSigners, "allowed-signers", "", "verify signatures against this allowed_signers `FILE`")
	f.IntVar(&opts.requireSignatures, "require-signatures", 0, "require at least `N` signatures (valid ones, with --allowed-signers)")
	f.StringSliceVar(&opts.requireRoles, "require-role", nil, "require a signature with this `ROLE` (repeatable: assessor, dpo, approver)")
	f.StringVar(&opts.failOn, "fail-on", "", "make an outcome an error: fail, or conditional (conditional and fail)")
	f.IntVar(&opts.jobs, "jobs", 0, "validate `N` files at a time (default: the number of CPUs)")
	_ = f.MarkHidden("jobs")
	return cmd
}

// fileResult is what validate reports about one file.
type fileResult struct {
	Path     string
	ID       string // metadata.id, when the file parsed
	Outcome  string // the stored outcome, when there is one
	Problems []assessment.Problem
}

func (r *fileResult) count(sev assessment.Severity) int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == sev {
			n++
		}
	}
	return n
}

// validateSummary is the tally printed at the end.
type validateSummary struct {
	Files, Valid, Invalid, Errors, Warnings int
	Signatures                              string // sigsUnchecked, sigsCounted or sigsVerified
}

// How signatures were checked, for the summary.
const (
	sigsUnchecked = "unchecked"
	sigsCounted   = "counted"
	sigsVerified  = "verified"
)

// String is the summary line: "3 files checked: 2 valid, 1 invalid; 1 error, 0 warnings".
func (s validateSummary) String() string {
	return fmt.Sprintf("%d %s checked: %d valid, %d invalid; %s, %s",
		s.Files, plural(s.Files, "file", "files"), s.Valid, s.Invalid,
		plural(s.Errors, "1 error", fmt.Sprintf("%d errors", s.Errors)),
		plural(s.Warnings, "1 warning", fmt.Sprintf("%d warnings", s.Warnings)))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func validateRun(a *app, opts *validateOptions, args []string) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	out, err := newValidateReporter(opts.format, a)
	if err != nil {
		return err
	}
	vopts := assessment.ValidateOptions{WarnExpired: opts.warnExpired, Limits: a.limits}
	if vopts.Today, err = a.today(); err != nil {
		return err
	}
	if opts.expiresWithin != "" {
		if vopts.ExpiresWithin, err = parseDays(opts.expiresWithin); err != nil {
			return usageErr("write a number of days or weeks, like 30d or 6w", "--expires-within %q: %v", opts.expiresWithin, err)
		}
	}
	switch opts.failOn {
	case "", assessment.OutcomeFail, assessment.OutcomeConditional:
		vopts.FailOn = opts.failOn
	default:
		return usageErr("use --fail-on fail or --fail-on conditional", "--fail-on %q is not an outcome lia can fail on", opts.failOn)
	}
	pol := sigPolicy{count: opts.requireSignatures, roles: opts.requireRoles}
	if opts.requireSignatures < 0 {
		return usageErr("", "--require-signatures must be 0 or more, not %d", opts.requireSignatures)
	}
	for _, r := range opts.requireRoles {
		if r == "" {
			return usageErr("name a role, like --require-role dpo", "--require-role needs a role")
		}
	}
	if opts.allowedSigners != "" {
		if pol.allowed, err = loadAllowedSigners(opts.allowedSigners); err != nil {
			return err
		}
	}
	if _, err := filepath.Match(opts.glob, ""); err != nil || opts.glob == "" {
		return usageErr("use a shell pattern such as *.lia.yaml", "--glob %q is not a valid pattern", opts.glob)
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	files, err := newFileSource(args, opts.glob)
	if err != nil {
		return err
	}
	jobs := opts.jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// Each record is parsed into about 100 KB of short-lived garbage while the
	// live heap stays at a few MB: collecting less often saves a tenth of the
	// CPU time. The live heap grows with the entries of the largest directory
	// (names are sorted) and with the records in flight, up to some 40 MB for
	// one at the size and node limits; the soft memory limit leaves room for
	// one such record per job, so that large records do not make the
	// collector run back to back, and bounds the rest. GOGC and GOMEMLIMIT,
	// when set, win.
	if a.io.Env("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(800))
	}
	if a.io.Env("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(64+48*jobs) << 20))
	}
	check := func(f inputFile) *fileResult { return validateFile(cat, f, vopts, pol) }
	sum := validateSummary{Signatures: sigsUnchecked}
	switch {
	case pol.allowed != nil:
		sum.Signatures = sigsVerified
	case pol.active():
		sum.Signatures = sigsCounted
	}
	err = validateParallel(files.all, jobs, check, func(r *fileResult) error {
		// The output starts with the first file, so that "no records"
		// remains a plain usage error.
		if sum.Files == 0 {
			if err := out.begin(); err != nil {
				return err
			}
		}
		sum.Files++
		e, w := r.count(assessment.SevError), r.count(assessment.SevWarning)
		sum.Errors += e
		sum.Warnings += w
		if e > 0 {
			sum.Invalid++
		} else {
			sum.Valid++
		}
		return out.file(r)
	})
	if err != nil {
		return err
	}
	if sum.Files == 0 {
		return usageErr("records are named *.lia.yaml; use --glob to match other names",
			"no records found in %s", strings.Join(args, ", "))
	}
	if err := out.end(sum); err != nil {
		return err
	}
	if sum.Invalid > 0 {
		return errSilent(exitFail)
	}
	return nil
}

// today is the date review dates are compared with: LIA_TODAY when set (for
// reproducible CI runs and tests), else the UTC date of the clock.
func (a *app) today() (string, error) {
	if s := a.io.Env("LIA_TODAY"); s != "" {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", usageErr("write LIA_TODAY as YYYY-MM-DD, or unset it", "LIA_TODAY=%q is not a date", s)
		}
		return s, nil
	}
	return a.now().UTC().Format(time.DateOnly), nil
}

// parseDays reads "30d", "6w" or "30" as a number of days.
func parseDays(s string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "w"):
		s, mult = s[:len(s)-1], 7
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100*366 {
		return 0, errors.New("not a number of days")
	}
	return n * mult, nil
}

// inputFile is a file to validate; err is a problem met while finding it.
type inputFile struct {
	path string
	err  error
}

// fileSource lists the files to validate without holding them all: files
// named on the command line in the order given, directories walked in lexical
// order for names matching glob. Only the arguments are remembered, so memory
// does not grow with the number of files. A file is checked once even when
// named twice, or named and inside a directory named too; a directory inside
// another named directory is walked at its own place in the arguments.
type fileSource struct {
	args  []string
	glob  string
	files map[string]bool // explicit files, by absolute path
	dirs  map[string]bool // explicit directories, by absolute path
}

// newFileSource checks that every argument exists: a path that does not is a
// usage error, reported before any output.
func newFileSource(args []string, glob string) (*fileSource, error) {
	src := &fileSource{args: args, glob: glob, files: map[string]bool{}, dirs: map[string]bool{}}
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, usageErr("check the path; lia validate takes record files and directories",
				"%s: %v", arg, unwrapPathErr(err))
		}
		if fi.IsDir() {
			src.dirs[absPath(arg)] = true
		} else {
			src.files[absPath(arg)] = true
		}
	}
	return src, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// all yields every file to validate, in order.
func (s *fileSource) all(yield func(inputFile) bool) {
	done := map[string]bool{} // explicit arguments already handled
	for _, arg := range s.args {
		abs := absPath(arg)
		if done[abs] {
			continue
		}
		done[abs] = true
		if s.files[abs] {
			if !yield(inputFile{path: arg}) {
				return
			}
			continue
		}
		// Absolute paths are only needed to skip other arguments, and
		// filepath.Abs costs system calls per file: derive them from the root's.
		skipArgs := len(s.files) > 0 || len(s.dirs) > 1
		absOf := func(path string) string { return filepath.Join(abs, strings.TrimPrefix(path, arg)) }
		stop := false
		filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable directory is a problem to report, not the end of the run.
				if !yield(inputFile{path: path, err: err}) {
					stop = true
					return filepath.SkipAll
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path == arg {
					return nil
				}
				if strings.HasPrefix(d.Name(), ".") || (skipArgs && s.dirs[absOf(path)]) {
					return fs.SkipDir
				}
				return nil
			}
			if ok, _ := filepath.Match(s.glob, d.Name()); !ok || (skipArgs && s.files[absOf(path)]) {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			if !yield(inputFile{path: path}) {
				stop = true
				return filepath.SkipAll
			}
			return nil
		})
		if stop {
			return
		}
	}
}

// validateParallel runs check on every file with n workers and calls emit
// with the results in input order. At most 2n results wait to be emitted,
// so memory is bounded whatever the number of files.
func validateParallel(files iter.Seq[inputFile], n int, check func(inputFile) *fileResult, emit func(*fileResult) error) error {
	type job struct {
		file inputFile
		res  chan *fileResult
	}
	jobs := make(chan job)
	order := make(chan chan *fileResult, 2*n)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(jobs)
		defer close(order)
		for f := range files {
			res := make(chan *fileResult, 1)
			select {
			case order <- res:
			case <-done:
				return
			}
			select {
			case jobs <- job{f, res}:
			case <-done:
				return
			}
		}
	}()
	for i := 0; i < n; i++ {
		go func() {
			for j := range jobs {
				j.res <- check(j.file)
			}
		}()
	}
	for res := range order {
		if err := emit(<-res); err != nil {
			return err
		}
	}
	return nil
}

// validateFile reads and checks one file. Nothing it returns refers to the
// parsed record, so the record is garbage once the file is reported.
func validateFile(cat *assessment.Catalog, f inputFile, vopts assessment.ValidateOptions, pol sigPolicy) *fileResult {
	r := &fileResult{Path: f.path}
	readProblem := func(err error) *fileResult {
		r.Problems = []assessment.Problem{{Severity: assessment.SevError, Error: &assessment.Error{
			File: f.path, Check: assessment.CheckRead, Msg: err.Error()}}}
		return r
	}
	if f.err != nil {
		return readProblem(unwrapPathErr(f.err))
	}
	data, err := readLimited(f.path, vopts.Limits.MaxBytes)
	if err != nil {
		var pe *assessment.Error
		if errors.As(err, &pe) {
			r.Problems = []assessment.Problem{{Severity: assessment.SevError, Error: pe}}
			return r
		}
		return readProblem(err)
	}
	rec, ps := cat.Validate(f.path, data, vopts)
	r.Problems = ps
	if rec == nil {
		sortProblems(r.Problems)
		return r
	}
	r.ID = rec.Metadata.ID
	if rec.Result != nil {
		r.Outcome = rec.Result.Outcome
	}
	sps, err := applySignaturePolicy(cat, rec, pol)
	if err != nil {
		sps = []assessment.Problem{{Severity: assessment.SevError, Error: &assessment.Error{
			File: f.path, Line: 1, Col: 1, Field: "signatures", Check: assessment.CheckBadSignature, Msg: err.Error()}}}
	}
	r.Problems = append(r.Problems, sps...)
	sortProblems(r.Problems)
	return r
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

// readLimited reads a file, refusing it before reading when it is larger than max.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, unwrapPathErr(err)
	}
	if fi.IsDir() {
		return nil, errors.New("is a directory")
	}
	if fi.Mode().IsRegular() && fi.Size() > max {
		return nil, &assessment.Error{File: path, Check: assessment.CheckSize,
			Msg: fmt.Sprintf("file is %d bytes, larger than the limit of %d bytes", fi.Size(), max)}
	}
	size := fi.Size() + 1
	if size > max+1 || size < 512 {
		size = 512
	}
	buf := make([]byte, 0, size)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
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
