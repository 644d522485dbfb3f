package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lia-project/lia/internal/trust"
	"github.com/spf13/cobra"
)

const canonicalLong = `Print the canonical form of a record: the record without its signatures, as
RFC 8785 JSON Canonicalization Scheme bytes, with no trailing newline. It
depends only on the record's content: quoting, key order, comments and layout
of the YAML file do not change it.

A signature covers more than the canonical form: the record and its own
entry's claims, so that the role, signer, date and key cannot be edited after
signing. With --for-signature N, lia prints exactly the bytes signature N (from
1, as lia verify lists them) covers, the RFC 8785 object

  {"claims":{"key":K,"role":R,"signed_at":T,"signer":S},"format":"lia-signature/2","record":CANONICAL}

built from the entry as written. With --signature N it prints signature N
itself (armored SSHSIG). An auditor checks a signature with OpenSSH alone:

  lia canonical FILE --signature 1 > sig1
  lia canonical FILE --for-signature 1 | ssh-keygen -Y verify -f allowed_signers -I EMAIL -n lia-assessment -s sig1

where EMAIL is the signer's address. The signature is also the entry's
signature: block in the YAML file, which a YAML tool can extract just as well
(with the jq-style yq: yq -r '.signatures[0].signature' FILE > sig1).

A signature made by lia 0.1 covers the canonical form alone; for it,
--for-signature prints the canonical form, and says so on stderr.

To sign with ssh-keygen instead of lia sign, write the entry first with any
placeholder as its signature, print its bytes with --for-signature N, sign
them with ssh-keygen -Y sign -n lia-assessment, and put the signature in.

EXIT STATUS
  0    printed
  1    the record cannot be read, or has no such signature
  2    usage error`

func newCanonicalCmd(a *app) *cobra.Command {
	var sigIndex, forIndex int
	cmd := &cobra.Command{
		Use:   "canonical FILE",
		Short: "Print the exact bytes that signatures cover",
		Long:  canonicalLong,
		Example: `  $ lia canonical fraud.lia.yaml | sha256sum
  $ lia canonical fraud.lia.yaml --signature 1 > sig1
  $ lia canonical fraud.lia.yaml --for-signature 1 | ssh-keygen -Y verify -f allowed_signers -I dana@example.com -n lia-assessment -s sig1`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if sigIndex != 0 && forIndex != 0 {
				return usageErr("", "give either --for-signature N (the bytes signature N covers) or --signature N (the signature), not both")
			}
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			rec, _, err := a.readRecord(args[0])
			if err != nil {
				return err
			}
			if n := sigIndex + forIndex; n != 0 && (n < 1 || n > len(rec.Signatures)) {
				return failErr("", fmt.Errorf("%s has %d signature(s), no signature %d", args[0], len(rec.Signatures), n))
			}
			if sigIndex != 0 {
				_, err = io.WriteString(a.io.Out, strings.TrimRight(rec.Signatures[sigIndex-1].Signature, "\n")+"\n")
				return err
			}
			b, err := rec.Canonical(cat.Questionnaire)
			if err != nil {
				return failErr("", err)
			}
			if forIndex != 0 {
				var format string
				if b, format, err = trust.Covered(b, rec.Signatures[forIndex-1]); err != nil {
					return failErr("", err)
				}
				if format == trust.FormatLegacy {
					a.notef("signature %d was signed the old way (lia 0.1): it covers the record alone, printed here, not its role, signer or date; re-sign with this lia", forIndex)
				}
			}
			_, err = a.io.Out.Write(b)
			return err
		},
	}
	cmd.Flags().IntVar(&forIndex, "for-signature", 0, "print the bytes signature `N` (from 1) covers: the record and that entry's claims")
	cmd.Flags().IntVar(&sigIndex, "signature", 0, "print signature `N` (from 1), armored, instead of the canonical form")
	return cmd
}
