package main

import (
	"fmt"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/version"
	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print lia's version and the versions of its rules",
		Long: `Print lia's version, the record format it reads and writes, the version of
the scoring rules it computes results with (result.engine.scoring in a record),
and the Go release and platform lia was built with.

A release says its number (0.2.0); a build from a checkout says the release it
grows from and its commit (0.1.0-dev+0123456789ab, ".dirty" with uncommitted
changes). Packagers can set it with
-ldflags "-X github.com/lia-project/lia/internal/version.override=VERSION".`,
		Example: `  $ lia version`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			fmt.Fprintf(a.io.Out, "lia %s\nrecord format: %s\nscoring rules: %s\n",
				version.String(), assessment.APIVersion, cat.Rules.Version)
			if cat.Rules.Digest != "" {
				src, _ := a.rulesSource()
				fmt.Fprintf(a.io.Out, "rules digest: %s (%s)\n", cat.Rules.Digest, src)
			}
			fmt.Fprintf(a.io.Out, "built with: %s\n", version.Go())
			return nil
		},
	}
}
