package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newDiffCmd is a placeholder until the diff command is built.
func newDiffCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "diff",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia diff is not built yet"))
		},
	}
}
