package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newKeygenCmd is a placeholder until the keygen command is built.
func newKeygenCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "keygen",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia keygen is not built yet"))
		},
	}
}
