package main

// Shell completion is cobra's: lia completion bash|zsh|fish|powershell prints
// the script. This file adds the values of flags that take one of a few words,
// registered by flag name across the command tree, so that a command only
// declares its flags. Each command still checks the value itself; a test
// (TestCompletionValuesAccepted) runs every value listed here through it.

import (
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/internal/validate"
	"github.com/spf13/cobra"
)

// flagValues are the values of flags with the same meaning in every command.
var flagValues = map[string][]string{
	"role":         trust.Roles,
	"require-role": trust.Roles,
	"fail-on":      {assessment.OutcomeFail, assessment.OutcomeConditional},
	"glob":         {"*.lia.yaml", "*.lia.yml"},
}

// formatValues are each command's --format values.
var formatValues = map[string][]string{
	"validate": validate.Formats,
	"verify":   {"text", "json"},
	"diff":     {"text", "json"},
	"impact":   {"text", "json"},
}

// registerCompletions walks the command tree and registers the value
// completion of every flag named in flagValues or formatValues.
func registerCompletions(c *cobra.Command) {
	for name, values := range flagValues {
		if c.LocalFlags().Lookup(name) != nil {
			_ = c.RegisterFlagCompletionFunc(name, completeFrom(values))
		}
	}
	if values, ok := formatValues[c.Name()]; ok && c.LocalFlags().Lookup("format") != nil {
		_ = c.RegisterFlagCompletionFunc("format", completeFrom(values))
	}
	for _, sub := range c.Commands() {
		registerCompletions(sub)
	}
}

// completeFrom completes a flag's value with those of values that start with
// what was typed, and never with file names.
func completeFrom(values []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			if strings.HasPrefix(v, toComplete) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
