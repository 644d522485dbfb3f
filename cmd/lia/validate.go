package main

// lia validate is the CI gate; internal/validate keeps its rules (the walk,
// the ordered pool, the checks, the formats). This file wires flags and
// streams to it and keeps the exit codes: 0 when there is no error (warnings
// allowed), 1 when any file has an error, 2 for usage errors (bad flags, a
// path that does not exist, no records), all reported before any output.

import (
	"errors"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/internal/validate"
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
	roleSigners       []string
	failOn            string
	requireJust       bool
	jobs              int
	followSymlinks    bool
}

const validateLong = `Validate lia records: the checks a CI job runs before a merge. PATHs are files
and directories; directories are searched recursively for files matching --glob
(default *.lia.yaml; directories whose name starts with a dot are skipped). Files
named on the command line are checked whatever their name. Without PATH, the
current directory is searched.

Only regular files are read. In directories, named pipes, devices and sockets
are skipped, links to directories are not walked, and a symbolic link to a
file is followed only when the file is inside the given PATHs: a link out of
them is an error that never reads the file (--follow-symlinks follows it). A
file that is not a record is reported without quoting its content.

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
    --allowed-signers only signatures that verify count, each over the record
    and its own entry's claims (role, signer, signed_at, key; format
    lia-signature/2), so an entry edited after signing is an error; signers
    are counted by the key that signs, once each, so two OpenSSH certificates
    for one key are one signer; without --allowed-signers signatures are
    counted, not verified, by the same rule, the key read from each
    signature (the output says so); a signature dated later than now is an
    error, one dated before the assessment date a warning; a signer that is
    not "Name <email>", or hides or pads text, is an error;
  - roles: a role is the signer's own claim (the output says so) unless
    --role-signers ROLE=PRINCIPAL[,PRINCIPAL...] binds it to people (with
    --allowed-signers; repeatable; allowed_signers patterns): then a trusted
    key signing in a role bound to others is an error;
  - legacy signatures, made by lia 0.1 over the record alone, are a warning:
    they count as signers, since they prove that their key signed the
    record, but their role, which they do not cover, never counts towards
    --require-role; re-sign with this lia;
  - the assessor's justification of each test and of the decision: a missing
    part is a warning (missing-justification), an error with
    --require-justification;
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
  $ lia validate --allowed-signers allowed_signers --require-role dpo --role-signers dpo=dpo@example.com .
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
	f.IntVar(&opts.requireSignatures, "require-signatures", 0, "require signatures by at least `N` keys, each counted once (valid ones, with --allowed-signers)")
	f.StringSliceVar(&opts.requireRoles, "require-role", nil, "require a signature with this `ROLE` (repeatable: assessor, dpo, approver)")
	f.StringArrayVar(&opts.roleSigners, "role-signers", nil, "with --allowed-signers, only these principals may sign in ROLE: `ROLE=PRINCIPAL[,PRINCIPAL...]`; repeatable")
	f.StringVar(&opts.failOn, "fail-on", "", "make an outcome an error: fail, or conditional (conditional and fail)")
	f.BoolVar(&opts.requireJust, "require-justification", false, "make a missing justification (purpose, necessity, balancing, decision) an error")
	f.BoolVar(&opts.followSymlinks, "follow-symlinks", false, "in directories, follow symbolic links to files outside the given PATHs")
	f.IntVar(&opts.jobs, "jobs", 0, "validate `N` files at a time (default: the number of CPUs)")
	_ = f.MarkHidden("jobs")
	return cmd
}

func validateRun(a *app, opts *validateOptions, args []string) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	out, err := validate.NewReporter(opts.format, a.io.Out, a.io.Env("GITHUB_STEP_SUMMARY"))
	if err != nil {
		return usageErr("use --format text, json, junit or github", "%v", err)
	}
	chk := &validate.Checker{Catalog: cat, Options: assessment.ValidateOptions{WarnExpired: opts.warnExpired,
		RequireJustification: opts.requireJust, Limits: a.limits}}
	vopts := &chk.Options
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
	pol := &chk.Signatures
	pol.Policy = trust.Policy{Signatures: opts.requireSignatures, Roles: opts.requireRoles}
	if opts.requireSignatures < 0 {
		return usageErr("", "--require-signatures must be 0 or more, not %d", opts.requireSignatures)
	}
	for _, r := range opts.requireRoles {
		if r == "" {
			return usageErr("name a role, like --require-role dpo", "--require-role needs a role")
		}
	}
	roles, err := parseRoleSigners(opts.roleSigners, opts.allowedSigners)
	if err != nil {
		return err
	}
	if opts.allowedSigners != "" {
		allowed, err := trust.LoadAllowedSigners(opts.allowedSigners, a.limits.MaxBytes)
		if err != nil {
			return withCode(exitUsage, err)
		}
		// Trust is judged at this time, as ssh-keygen -Y verify does.
		pol.Verifier = trust.Keyring{Allowed: allowed, Now: a.now(), Roles: roles}
	}
	if _, err := filepath.Match(opts.glob, ""); err != nil || opts.glob == "" {
		return usageErr("use a shell pattern such as *.lia.yaml", "--glob %q is not a valid pattern", opts.glob)
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	files, err := validate.NewSource(args, opts.glob)
	if err != nil {
		return usageErr("check the path; lia validate takes record files and directories", "%v", err)
	}
	files.FollowLinks = opts.followSymlinks
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
	sum := validate.Summary{Signatures: pol.Mode()}
	if pol.Verifier != nil {
		sum.Roles, sum.RolesNote = roles.Mode(), roles.Note()
	}
	err = validate.Parallel(files.All, jobs, chk.File, func(r *validate.Result) error {
		// The output starts with the first file, so that "no records"
		// remains a plain usage error.
		if sum.Files == 0 {
			if err := out.Begin(); err != nil {
				return err
			}
		}
		sum.Add(r)
		return out.File(r)
	})
	if err != nil {
		return err
	}
	if sum.Files == 0 {
		return usageErr("records are named *.lia.yaml; use --glob to match other names",
			"no records found in %s", strings.Join(args, ", "))
	}
	if err := out.End(sum); err != nil {
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
