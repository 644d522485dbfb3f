package main

import (
	"github.com/spf13/cobra"
)

func newCanonicalCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "canonical FILE",
		Short: "Print the exact bytes that signatures cover",
		Long: `Print the canonical form of a record: the record without its signatures, as
RFC 8785 JSON Canonicalization Scheme bytes, with no trailing newline. These are
the bytes lia sign signs, so a signature can be checked with OpenSSH alone:

  lia canonical FILE | ssh-keygen -Y verify -f allowed_signers -I EMAIL -n lia-assessment -s SIG

The canonical form depends only on the record's content: quoting, key order,
comments and layout of the YAML file do not change it.

EXIT STATUS
  0    printed
  1    the record cannot be read`,
		Example: `  $ lia canonical fraud.lia.yaml > fraud.json
  $ lia canonical fraud.lia.yaml | sha256sum`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			rec, _, err := a.readRecord(args[0])
			if err != nil {
				return err
			}
			b, err := canonicalBytes(cat.Questionnaire, rec)
			if err != nil {
				return failErr("", err)
			}
			_, err = a.io.Out.Write(b)
			return err
		},
	}
}
