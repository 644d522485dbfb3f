package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newVerifyCmd is a placeholder until the verify command is built.
func newVerifyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "verify",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia verify is not built yet"))
		},
	}
}
