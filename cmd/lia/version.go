package main

import (
	"fmt"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print lia's version and the versions of its rules",
		Long: `Print lia's version, the record format it reads and writes, and the version of
the scoring rules it computes results with (result.engine.scoring in a record).`,
		Example: `  $ lia version`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Out, "lia %s\nrecord format: %s\nscoring rules: %s\n", assessment.Version, assessment.APIVersion, cat.Rules.Version)
			return nil
		},
	}
}
