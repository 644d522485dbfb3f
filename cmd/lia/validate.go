package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newValidateCmd is a placeholder until the validate command is built.
func newValidateCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "validate",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia validate is not built yet"))
		},
	}
}
