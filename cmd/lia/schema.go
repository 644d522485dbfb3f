package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSchemaCmd is a placeholder until the schema command is built.
func newSchemaCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "schema",
		Short:  "Not built yet",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return failErr("", errors.New("lia schema is not built yet"))
		},
	}
}
