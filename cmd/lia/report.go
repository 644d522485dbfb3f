package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newReportCmd is a placeholder until the report command is built.
func newReportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "report",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia report is not built yet"))
		},
	}
}
