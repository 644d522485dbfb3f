package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

func newCanonicalCmd(a *app) *cobra.Command {
	var sigIndex int
	cmd := &cobra.Command{
		Use:   "canonical FILE",
		Short: "Print the exact bytes that signatures cover",
		Long: `Print the canonical form of a record: the record without its signatures, as
RFC 8785 JSON Canonicalization Scheme bytes, with no trailing newline. These are
the bytes lia sign signs, so a signature can be checked with OpenSSH alone:

  lia canonical FILE | ssh-keygen -Y verify -f allowed_signers -I EMAIL -n lia-assessment -s SIG

The canonical form depends only on the record's content: quoting, key order,
comments and layout of the YAML file do not change it.

With --signature N, lia prints the Nth signature (armored SSHSIG) instead, to
give to ssh-keygen -Y verify -s.

EXIT STATUS
  0    printed
  1    the record cannot be read`,
		Example: `  $ lia canonical fraud.lia.yaml > fraud.json
  $ lia canonical fraud.lia.yaml | sha256sum
  $ lia canonical --signature 1 fraud.lia.yaml > fraud.sig`,
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
			if sigIndex != 0 {
				if sigIndex < 1 || sigIndex > len(rec.Signatures) {
					return failErr("", fmt.Errorf("%s has %d signature(s), no signature %d", args[0], len(rec.Signatures), sigIndex))
				}
				_, err = io.WriteString(a.io.Out, strings.TrimRight(rec.Signatures[sigIndex-1].Signature, "\n")+"\n")
				return err
			}
			b, err := rec.Canonical(cat.Questionnaire)
			if err != nil {
				return failErr("", err)
			}
			_, err = a.io.Out.Write(b)
			return err
		},
	}
	cmd.Flags().IntVar(&sigIndex, "signature", 0, "print signature `N` (from 1) instead of the canonical form")
	return cmd
}
