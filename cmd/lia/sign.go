package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSignCmd is a placeholder until the sign command is built.
func newSignCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "sign",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia sign is not built yet"))
		},
	}
}
