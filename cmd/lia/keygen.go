package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/internal/trust"
	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
	"golang.org/x/term"
)

type keygenOptions struct {
	output         string
	comment        string
	passphraseFile string
	noPassphrase   bool
}

func newKeygenCmd(a *app) *cobra.Command {
	opts := &keygenOptions{}
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Create an Ed25519 key pair for signing records",
		Long: `Create an Ed25519 key pair in OpenSSH format: the private key at -o (mode 0600)
and the public key beside it with .pub added. Any existing OpenSSH Ed25519 key
works with lia sign too, so you only need this if you have none.

On a terminal lia asks for a passphrase (empty for none); otherwise give one with
--passphrase-file, or --no-passphrase. Existing files are never replaced.

EXIT STATUS
  0    key pair written
  1    a file exists or could not be written
  2    usage error`,
		Example: `  $ lia keygen -o ~/.ssh/lia_ed25519 --comment "Ana Ribeiro <ana@example.com>"
  $ lia keygen -o ci_key --no-passphrase`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return keygenRun(a, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.output, "output", "o", "lia_ed25519", "write the private key to `PATH` and the public key to PATH.pub")
	f.StringVar(&opts.comment, "comment", "", "comment stored with the key, usually \"Name <email>\"")
	f.StringVar(&opts.passphraseFile, "passphrase-file", "", "read the passphrase from the first line of `FILE`")
	f.BoolVar(&opts.noPassphrase, "no-passphrase", false, "write the private key unencrypted")
	return cmd
}

func keygenRun(a *app, opts *keygenOptions) error {
	if opts.noPassphrase && opts.passphraseFile != "" {
		return usageErr("", "--no-passphrase and --passphrase-file exclude each other")
	}
	pub := opts.output + ".pub"
	for _, p := range []string{opts.output, pub} {
		if _, err := os.Lstat(p); err == nil {
			return failErr("choose another path with -o; lia never replaces a key", fmt.Errorf("%s already exists", p))
		}
	}
	var pass []byte
	switch {
	case opts.noPassphrase:
	case opts.passphraseFile != "":
		p, err := readPassphraseFile(opts.passphraseFile)
		if err != nil {
			return err
		}
		pass = p
	case a.io.InTTY:
		p, err := a.readSecret("Passphrase for the new key (empty for none): ")
		if err != nil {
			return err
		}
		if len(p) > 0 {
			again, err := a.readSecret("Same passphrase again: ")
			if err != nil {
				return err
			}
			if !bytes.Equal(p, again) {
				return failErr("run lia keygen again", errors.New("the passphrases do not match"))
			}
		}
		pass = p
	default:
		return usageErr("give --passphrase-file FILE, or --no-passphrase for an unencrypted key",
			"no terminal to ask for a passphrase")
	}
	priv, authorized, err := signing.GenerateKey(rand.Reader, opts.comment, pass)
	if err != nil {
		return failErr("", err)
	}
	if err := a.writeFile(opts.output, priv, 0o600, false); err != nil {
		return err
	}
	if err := a.writeFile(pub, authorized, 0o644, false); err != nil {
		os.Remove(opts.output)
		return err
	}
	pk, _, _, _, err := ssh.ParseAuthorizedKey(authorized)
	if err != nil {
		return failErr("", err)
	}
	fmt.Fprintf(a.io.Out, "%s: private key (keep it secret)\n%s: public key\nfingerprint: %s\n", opts.output, pub, signing.Fingerprint(pk))
	email := trust.SignerEmail(opts.comment)
	if email == "" {
		email = "EMAIL"
	}
	fmt.Fprintf(a.io.Out, "allowed_signers line: %s namespaces=\"%s\" %s\n", email, signing.Namespace, strings.TrimSpace(string(authorized)))
	return nil
}

// readPassphraseFile returns the first line of a file, without its newline.
func readPassphraseFile(path string) ([]byte, error) {
	b, err := fileutil.ReadRegular(path, 64<<10)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading passphrase: %w", err))
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return bytes.TrimSuffix(b, []byte("\r")), nil
}

// readSecret reads a line from the terminal without echo.
func (a *app) readSecret(prompt string) ([]byte, error) {
	f, ok := a.io.In.(*os.File)
	if !ok || !a.io.InTTY {
		return nil, usageErr("", "no terminal to read a passphrase from")
	}
	fmt.Fprint(a.io.Err, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(a.io.Err)
	if err != nil {
		return nil, fmt.Errorf("reading passphrase: %w", err)
	}
	return b, nil
}
