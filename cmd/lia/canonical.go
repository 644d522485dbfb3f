package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCanonicalCmd is a placeholder until the canonical command is built.
func newCanonicalCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "canonical",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia canonical is not built yet"))
		},
	}
}
