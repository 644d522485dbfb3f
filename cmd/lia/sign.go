package main

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/signing"
	"github.com/lia-project/lia/internal/trust"
	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
)

type signOptions struct {
	key            string
	role           string
	signer         string
	output         string
	passphraseFile string
	// A PDF report is signed with an X.509 certificate.
	cert     string
	pkcs12   string
	reason   string
	location string
}

func newSignCmd(a *app) *cobra.Command {
	opts := &signOptions{}
	cmd := &cobra.Command{
		Use:   "sign FILE --key KEY | REPORT.pdf --cert CERT --key KEY | REPORT.pdf --pkcs12 FILE",
		Short: "Sign a record with an SSH key, or a PDF report with a certificate",
		Long: `Sign a record with an OpenSSH Ed25519 private key: your existing SSH key, a key
made by ssh-keygen -t ed25519 (encrypted ones too), or one from lia keygen.

The signature covers the record's canonical form (lia canonical FILE) together
with the new entry's own claims: its role, signer, signed_at and key, in the
message format lia-signature/2 (lia canonical FILE --for-signature N prints the
exact bytes). It is made in the SSHSIG format that ssh-keygen -Y and git use,
namespace lia-assessment, and appended to the record's signatures. Editing the
entry's role, signer or date afterwards breaks it; earlier signatures stay
valid, since none covers the signatures block.

The signer is "Name <email>" (default: metadata.assessor, for role assessor),
with one space before the address and none around it; control characters,
bidi overrides and other invisible formatting characters are refused, since
every reader of the record and the PDF is shown this name.

Signing in place, a record or a PDF, takes a lock (.FILE.lock, beside the
file) and reads the file again under it, so that signers working at the same
time never lose each other's signature; lia says so when it had to wait or the
file had changed.

lia refuses to sign a record that is incomplete, whose stored result differs from
what the rules compute, that was computed with other scoring rules, or that has
no decision justification (justification.decision); and a
private key that group or others can read, as ssh does.

Given a PDF from lia report, lia adds a PAdES signature (ETSI EN 319 142-1,
baseline B-B) with an X.509 certificate: PEM files (--cert, with any chain
after the certificate, and an unencrypted --key), or a PKCS #12 file
(--pkcs12; its passphrase is asked on the terminal or read with
--passphrase-file). The signature is appended as an incremental update, so
the report's bytes stay as lia report wrote them and PDF readers (Acrobat,
poppler's pdfsig) show it signed; a second signature (the DPO after the
assessor) leaves the first valid. The role is claimed in the signature;
--reason and --location are recorded in it (Acrobat shows them). lia refuses a PDF that lia
verify would reject (a draft, a changed report, bytes after it), and a
certificate that is not valid now, whose key usage allows neither
digitalSignature nor nonRepudiation, or whose key is not RSA (2048 bits or
more) or ECDSA P-256/P-384. The PDF is replaced atomically, or written to -o.

EXIT STATUS
  0    signed
  1    the record, the report, the certificate or the key was refused
  2    usage error`,
		Example: `  $ lia sign fraud.lia.yaml --key ~/.ssh/id_ed25519
  $ lia sign fraud.lia.yaml --key ~/.ssh/id_ed25519 --role dpo --signer "Marc Weber <marc@example.com>"
  $ lia sign fraud.pdf --pkcs12 ana.p12 --role assessor --location Lisboa
  $ lia sign fraud.pdf --cert dpo.pem --key dpo.key --role dpo --reason "Approved by the DPO"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return signRun(a, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.key, "key", "", "the private key `FILE` (OpenSSH Ed25519 for a record; PEM with --cert for a PDF)")
	f.StringVar(&opts.role, "role", "", "the signer's role: assessor, dpo or approver (default: assessor; for a record, only when the signer is its assessor)")
	f.StringVar(&opts.signer, "signer", "", "who signs, as \"Name <email>\" (default: metadata.assessor, for role assessor)")
	f.StringVarP(&opts.output, "output", "o", "", "write the signed record or report to `FILE` (default: replace FILE)")
	f.StringVar(&opts.passphraseFile, "passphrase-file", "", "read the key's passphrase from the first line of `FILE`")
	f.StringVar(&opts.cert, "cert", "", "for a PDF: the signer's X.509 certificate `FILE` (PEM, chain after it)")
	f.StringVar(&opts.pkcs12, "pkcs12", "", "for a PDF: a PKCS #12 `FILE` with the key and certificate")
	f.StringVar(&opts.reason, "reason", "", "for a PDF: the reason for signing, as `TEXT` (default: \"Signed as ROLE\")")
	f.StringVar(&opts.location, "location", "", "for a PDF: where the signer signed, as `PLACE`")
	return cmd
}

func signRun(a *app, opts *signOptions, path string) error {
	if opts.role != "" && !trust.IsRole(opts.role) {
		return usageErr("", "unknown role %q; use one of %s", opts.role, strings.Join(trust.Roles, ", "))
	}
	head, err := readHead(path, 5)
	if err != nil {
		return err
	}
	if string(head) == "%PDF-" {
		if opts.role == "" {
			opts.role = "assessor"
		}
		return signPDFRun(a, opts, path)
	}
	if opts.cert != "" || opts.pkcs12 != "" || opts.reason != "" || opts.location != "" {
		return usageErr("sign a record with --key KEY (an SSH key); --cert, --pkcs12, --reason and --location are for PDF reports", "%s is not a PDF", path)
	}
	if opts.key == "" {
		return usageErr("give your private key, for example --key ~/.ssh/id_ed25519", "--key is required")
	}
	cat, rec, raw, errs, err := a.readChecked(path)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return failErr("lia signs only complete records with a current result; recompute it with: lia assess --answers "+path+" -o "+path+" --force", errs)
	}
	if strings.TrimSpace(rec.Justification.Decision) == "" {
		return failErr("write the decision, why, and what happens next under justification: decision: in the record, or run lia assess --edit "+path,
			fmt.Errorf("%s: justification.decision: missing; lia signs only a decision that gives its reasons", path))
	}
	signer := opts.signer
	if opts.role == "" {
		// Without --role, only the record's assessor signs as assessor.
		if a := rec.Metadata.Assessor.Email; signer != "" && !strings.EqualFold(trust.SignerEmail(signer), a) {
			return usageErr("give the role they sign in: --role dpo, --role approver, or --role assessor if they assessed it too",
				"%s is not the record's assessor %q", signer, a)
		}
		opts.role = "assessor"
	}
	if signer == "" {
		if opts.role != "assessor" {
			return usageErr("", "--signer \"Name <email>\" is required for role %s", opts.role)
		}
		m := rec.Metadata.Assessor
		signer = fmt.Sprintf("%s <%s>", m.Name, m.Email)
		if err := trust.CheckSigner(signer); err != nil {
			return failErr("fix metadata.assessor, or give --signer \"Name <email>\"", fmt.Errorf("metadata.assessor: %w", err))
		}
	}
	if err := trust.CheckSigner(signer); err != nil {
		return usageErr(trust.SignerHint, "--signer: %v", err)
	}
	key, err := a.loadSigningKey(opts)
	if err != nil {
		return err
	}
	out := opts.output
	if out == "" {
		out = path
	}
	var target string
	var perm os.FileMode
	if out == path {
		// Another lia sign may be replacing the file now: lockInPlace takes
		// its lock, then the record is signed as it is under the lock, so
		// that no signature is lost.
		var lock *fileutil.FileLock
		if target, perm, lock, err = lockInPlace(path, "record"); err != nil {
			return err
		}
		defer lock.Unlock()
		if now, err := rereadBytes(target, a.limits.MaxBytes); err != nil || !bytes.Equal(now, raw) {
			had := len(rec.Signatures)
			if cat, rec, raw, errs, err = a.readChecked(path); err != nil {
				return err
			}
			if len(errs) > 0 {
				return failErr("the record changed after lia read it; check it with: lia validate "+path, errs)
			}
			a.notef("%s changed after lia read it (another lia sign finished first?); signing it as it is now: %d signature(s) before this one, %d when first read", path, len(rec.Signatures), had)
		} else if lock.Waited {
			a.notef("%s: waited for another process to finish writing it; it had not changed", path)
		}
	}
	if err := trust.Sign(cat.Questionnaire, rec, key, signer, opts.role, a.now()); err != nil {
		return withCode(exitFail, err)
	}
	fp := rec.Signatures[len(rec.Signatures)-1].Key
	if out == path {
		if hasOwnComments(raw) {
			a.warnf("%s: comments in the file are not kept in the signed record (the signature does not cover them)", path)
		}
		b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
		if err != nil {
			return failErr("", err)
		}
		if err := a.writeFile(target, b, perm, true); err != nil {
			return err
		}
	} else if err := a.writeRecord(out, rec, false); err != nil {
		return err
	}
	fmt.Fprintf(a.io.Out, "%s: signed as %s by %s with key %s (%d signature(s))\n", safetext.Text(out), safetext.Text(opts.role), safetext.Text(signer), fp, len(rec.Signatures))
	return nil
}

// rereadBytes reads at most limit+1 bytes of a file, to compare with what was read before.
func rereadBytes(path string, limit int64) ([]byte, error) {
	f, _, err := fileutil.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// lockInPlace prepares to sign path in place: it resolves the file a link
// points to (which is replaced, keeping its mode), refuses a file its owner
// made read-only, and takes the file's lock, which the caller releases.
// what names the file in the hint ("record", "report").
func lockInPlace(path, what string) (target string, perm os.FileMode, lock *fileutil.FileLock, err error) {
	if target, err = filepath.EvalSymlinks(path); err != nil {
		return "", 0, nil, failErr("", fmt.Errorf("resolving %s: %w", path, err))
	}
	fi, err := os.Stat(target)
	if err != nil {
		return "", 0, nil, failErr("", err)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return "", 0, nil, failErr("make it writable, or write the signed "+what+" elsewhere with -o", fmt.Errorf("%s is read-only", path))
	}
	if lock, err = fileutil.Lock(target, signLockWait); err != nil {
		return "", 0, nil, failErr("if no other lia sign is running, remove the lock file", err)
	}
	return target, fi.Mode().Perm(), lock, nil
}

// signLockWait is how long lia sign waits for another to finish with a file.
const signLockWait = time.Minute

// loadSigningKey reads a private key, refusing one that others can read.
func (a *app) loadSigningKey(opts *signOptions) (ssh.Signer, error) {
	fi, err := os.Stat(opts.key)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading key: %w", fileutil.PathErr(err)))
	}
	if err := signing.CheckKeyPermissions(opts.key, fi.Mode()); err != nil {
		return nil, failErr(keyFileHint(fi.Mode()), err)
	}
	if fi.Size() > 64<<10 {
		return nil, failErr("", fmt.Errorf("%s is too large to be a private key", opts.key))
	}
	pem, err := fileutil.ReadRegular(opts.key, 64<<10)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading key: %w", fileutil.PathErr(err)))
	}
	passphrase := func() ([]byte, error) {
		if opts.passphraseFile != "" {
			return readPassphraseFile(opts.passphraseFile)
		}
		if a.io.InTTY {
			return a.readSecret(fmt.Sprintf("Passphrase for %s: ", opts.key))
		}
		return nil, usageErr("give --passphrase-file FILE", "%s is encrypted and there is no terminal to ask for its passphrase", opts.key)
	}
	key, err := signing.ParsePrivateKey(pem, passphrase)
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return nil, err
		}
		return nil, failErr("lia signs with OpenSSH Ed25519 keys (ssh-keygen -t ed25519, or lia keygen)", fmt.Errorf("%s: %w", opts.key, err))
	}
	return key, nil
}

// hasOwnComments reports whether a record has comment lines other than the
// header lia writes.
func hasOwnComments(raw []byte) bool {
	for _, line := range strings.Split(string(raw), "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "#") {
			continue
		}
		if !strings.Contains(assessment.RecordHeader(), strings.TrimSpace(strings.TrimPrefix(t, "#"))) {
			return true
		}
	}
	return false
}
