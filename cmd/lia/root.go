package main

import (
	"strings"

	"github.com/lia-project/lia/internal/version"
	"github.com/spf13/cobra"
)

const rootLong = `lia supports Legitimate Interest Assessments (LIA) under Art. 6(1)(f) GDPR and
UK GDPR, above all for training and deploying AI models on personal data.

It interviews you through the three tests (purpose, necessity, balancing), scores
the answers with transparent rules, and writes a record you can commit, validate
in CI, sign, and render as a PDF. lia supports an assessment; it is not legal advice.

EXIT STATUS
  0    success
  1    a check failed: invalid record, failed signature, policy
  2    usage error: bad flags, or missing answers without a terminal
  130  interrupted`

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "lia",
		Short:         "Legitimate Interest Assessments for AI, as code",
		Long:          rootLong,
		Version:       version.String(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Example: `  $ lia assess -o fraud.lia.yaml
  $ lia explain fraud.lia.yaml
  $ lia validate assessments/
  $ lia report fraud.lia.yaml`,
	}
	root.SetVersionTemplate("lia version {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr("see '"+c.CommandPath()+" --help'", "%v", err)
	})
	root.AddCommand(
		newAssessCmd(a),
		newExplainCmd(a),
		newValidateCmd(a),
		newReportCmd(a),
		newKeygenCmd(a),
		newSignCmd(a),
		newVerifyCmd(a),
		newCanonicalCmd(a),
		newDiffCmd(a),
		newSchemaCmd(a),
		newVersionCmd(a),
		newRulesCmd(a),
	)
	// --rules, on every command that reads the rules.
	for _, c := range root.Commands() {
		if readsRules[c.Name()] {
			a.addRulesFlag(c)
		}
	}
	// Cobra's own argument errors are usage errors too.
	var usage func(c *cobra.Command)
	usage = func(c *cobra.Command) {
		for _, c := range c.Commands() {
			usage(c)
		}
		if c.Args != nil {
			check := c.Args
			c.Args = func(cmd *cobra.Command, args []string) error {
				if err := check(cmd, args); err != nil {
					return usageErr("see '"+cmd.CommandPath()+" --help'", "%v", err)
				}
				return nil
			}
		}
	}
	for _, c := range root.Commands() {
		usage(c)
	}
	registerCompletions(root)
	return root
}

// readsRules are the commands that read the questionnaire and the rules,
// and so take --rules.
var readsRules = map[string]bool{
	"assess": true, "explain": true, "validate": true, "report": true, "verify": true, "sign": true,
	"canonical": true, "diff": true, "schema": true, "version": true,
}

// isCobraUsage recognises the errors cobra returns for unknown commands.
func isCobraUsage(err error) bool {
	return strings.HasPrefix(err.Error(), "unknown command") || strings.HasPrefix(err.Error(), "required flag") || strings.HasPrefix(err.Error(), "unknown shorthand flag") || strings.HasPrefix(err.Error(), "unknown flag")
}
