package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/rules"
	"github.com/lia-project/lia/internal/safetext"
	"github.com/spf13/cobra"
)

const rulesLong = `Organisation rules: a directory with a questionnaire.yaml, a scoring.yaml or
both, in the format of lia's own (lia rules export writes them). A file that
starts with "extends: lia" is laid over lia's: it adds sections, questions,
gates, risk factors and safeguards, and changes weights and thresholds by ID;
a file without it replaces lia's. A file the directory lacks is lia's own.

Every command that reads rules takes them from, first match wins:
  --rules DIR          the flag
  LIA_RULES=DIR        the environment
  .lia-config.yaml     "rules: DIR" in the current directory or the nearest one
                       above it, up to the root of the git repository (DIR is
                       relative to the file)
and otherwise uses lia's own; "builtin" in place of DIR names lia's own.

A record names the rules that computed it: result.engine.scoring is their
version and result.engine.digest their digest (sha256 of their canonical form,
absent for lia's own rules), so lia validate with other rules reports
rules-mismatch rather than a result that seems edited.`

func newRulesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Start, check and try organisation rules",
		Long: rulesLong + `

EXIT STATUS
  0    success
  1    the rules have problems, or a record could not be read
  2    usage error`,
		Example: `  $ lia rules export policy/lia-rules
  $ lia rules check policy/lia-rules
  $ lia rules impact --rules policy/lia-rules assessments/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newRulesExportCmd(a), newRulesCheckCmd(a), newRulesCanonicalCmd(a), newRulesImpactCmd(a))
	return cmd
}

func newRulesExportCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write lia's own rules into a directory, as a starting point",
		Long: `Write lia's own questionnaire.yaml and scoring.yaml into DIR (created if need
be), with their comments, byte for byte as lia uses them. Change what you need,
give scoring.yaml a version of your own, and point lia at DIR (see lia rules
--help). To keep only your changes, write files that start with
"extends: lia" instead, and hold only what differs.

An existing file is replaced only with --force.

EXIT STATUS
  0    written
  1    a file exists (and no --force), or could not be written
  2    usage error`,
		Example: `  $ lia rules export policy/lia-rules
  $ lia rules export --force policy/lia-rules`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			written, err := rules.Export(args[0], force)
			if errors.Is(err, rules.ErrExists) {
				return failErr("use --force to replace it", err)
			}
			if err != nil {
				return failErr("", err)
			}
			for _, p := range written {
				fmt.Fprintln(a.io.Out, p)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace existing files")
	return cmd
}

func newRulesCheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check a rules directory as lia would load it",
		Long: `Check the rules in DIR (default: those LIA_RULES or .lia-config.yaml names, or
lia's own) exactly as every command loads them: strict YAML, every condition
against the questions it reads, every value and reference, every weight, and
the monotonicity the engine's guarantees rest on (no safeguard with a negative
strength, no risk factor that lowers risk, no worse severity or likelihood that
scores lower, no differential privacy that protects more as epsilon grows).
Every problem is listed with its file and line; lia:FILE is lia's own file.

It then lists what the rules change against lia's own (questions, gates, risk
factors and safeguards added, removed or changed; thresholds), their version
and their digest, and warns when the version says too little.

EXIT STATUS
  0    the rules can be used (warnings may follow)
  1    the rules have problems
  2    usage error`,
		Example: `  $ lia rules check policy/lia-rules
  $ LIA_RULES=policy/lia-rules lia rules check`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r *rules.Report
			if len(args) == 1 {
				if err := isDir(args[0]); err != nil {
					return err
				}
				r = rules.Check(fileutil.DirFS(args[0]), args[0])
			} else {
				src, err := a.rulesSource()
				if err != nil {
					return failErr("", err)
				}
				if src.Builtin() {
					r = rules.CheckBuiltin()
				} else {
					if err := isDir(src.Dir); err != nil {
						return err
					}
					r = rules.Check(fileutil.DirFS(src.Dir), src.Dir)
				}
			}
			if r.Err != nil {
				return failErr("", r.Err)
			}
			r.WriteText(a.io.Out)
			for _, w := range r.Warnings {
				a.warnf("%s", w)
			}
			if !r.OK() {
				return errSilent(exitFail)
			}
			return nil
		},
	}
}

// openRules opens the rules in dir, or without one those LIA_RULES or the
// config file names, or lia's own.
func openRules(a *app, args []string) (*rules.Set, error) {
	dir := ""
	if len(args) == 1 {
		dir = args[0]
	} else {
		src, err := a.rulesSource()
		if err != nil {
			return nil, failErr("", err)
		}
		dir = src.Dir
	}
	if dir == "" {
		s, err := rules.OpenBuiltin()
		if err != nil {
			return nil, failErr("", err)
		}
		return s, nil
	}
	if err := isDir(dir); err != nil {
		return nil, err
	}
	s, err := rules.Open(fileutil.DirFS(dir), dir)
	if err != nil {
		return nil, failErr("check them with: lia rules check "+dir, err)
	}
	return s, nil
}

func newRulesCanonicalCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "canonical [DIR]",
		Short: "Print the canonical form of rules, which their digest hashes",
		Long: `Print the canonical form of the rules in DIR (default: those LIA_RULES or
.lia-config.yaml names, or lia's own): the JSON object
{"questionnaire": Q, "scoring": S} in RFC 8785 form, where Q and S are the two
documents in effect (after extends: lia) read as JSON values. Its SHA-256 is
the rules' digest, which records computed with them carry in
result.engine.digest and lia rules check prints.

EXIT STATUS
  0    printed
  1    the rules have problems
  2    usage error`,
		Example: `  $ lia rules canonical policy/lia-rules | sha256sum
  $ lia rules canonical | jq .scoring.balancing`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openRules(a, args)
			if err != nil {
				return err
			}
			b, err := s.CanonicalOf()
			if err != nil {
				return failErr("", err)
			}
			_, err = a.io.Out.Write(b)
			return err
		},
	}
}

// isDir checks that a rules directory exists.
func isDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return failErr("start from lia's own rules with: lia rules export "+dir, fmt.Errorf("rules directory %s: %w", dir, errors.Unwrap(err)))
	}
	if !fi.IsDir() {
		return failErr("give the directory that holds questionnaire.yaml and scoring.yaml", fmt.Errorf("%s is not a directory", dir))
	}
	return nil
}

func newRulesImpactCmd(a *app) *cobra.Command {
	var dir, format string
	cmd := &cobra.Command{
		Use:   "impact --rules DIR PATH...",
		Short: "Show what other rules would do to existing records",
		Long: `Recompute every record under PATH (files, and directories searched for
*.lia.yaml as lia validate searches them) with the rules in DIR, and list per
record its outcome, its tests and its scores as stored and as those rules
compute them, with the findings they add or drop; then a summary such as
"3 records would move from pass to conditional". Nothing is written.

Answers to questions the rules do not have are set aside, and questions they
ask that a record does not answer are listed: the outcome is then computed
without them, each absence read as the rules' conditions read it.

--format json writes one JSON document (fields are only ever added).

EXIT STATUS
  0    impact computed (whatever moved)
  1    the rules have problems, or a record could not be read
  2    usage error`,
		Example: `  $ lia rules impact --rules policy/lia-rules assessments/
  $ lia rules impact --rules policy/lia-rules --format json assessments/ | jq .summary`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageErr("use --format text or --format json", "unknown format %q", format)
			}
			if err := isDir(dir); err != nil {
				return err
			}
			set, err := rules.Open(fileutil.DirFS(dir), dir)
			if err != nil {
				return failErr("check them with: lia rules check "+dir, err)
			}
			im, err := rules.ComputeImpact(set, args, a.limits)
			if err != nil {
				return failErr("", err)
			}
			if format == "json" {
				if err := im.WriteJSON(a.io.Out); err != nil {
					return err
				}
			} else {
				im.WriteText(a.io.Out, safetext.Text)
			}
			if im.Summary.Unreadable > 0 {
				return errSilent(exitFail)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "rules", "", "the rules to try, in `DIR`")
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text or json")
	_ = cmd.MarkFlagRequired("rules")
	return cmd
}
