package main

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/safetext"
	"io"
	"os"
	"time"

	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/pdfsig"
	"github.com/lia-project/lia/internal/report"
	"github.com/lia-project/lia/internal/signing"
)

// signPDFRun adds a PAdES signature to a report from lia report.
func signPDFRun(a *app, opts *signOptions, path string) error {
	switch {
	case opts.signer != "":
		return usageErr("", "--signer is for records; a PDF signature names its certificate's subject")
	case opts.pkcs12 != "" && (opts.cert != "" || opts.key != ""):
		return usageErr("", "give --pkcs12 FILE, or --cert with --key, not both")
	case opts.pkcs12 == "" && (opts.cert == "" || opts.key == ""):
		return usageErr("give --cert CERT.pem --key KEY.pem, or --pkcs12 FILE", "signing a PDF needs a certificate and its private key")
	}
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	data, err := readPDF(path)
	if err != nil {
		return err
	}
	creds, err := a.loadCredentials(opts)
	if err != nil {
		return err
	}
	out := opts.output
	var target string
	var perm os.FileMode
	if out == "" {
		// In place, as for a record: another lia sign may be replacing the
		// report now, so sign it as it is under its lock, and no signature
		// is lost.
		var lock *fileutil.FileLock
		if target, perm, lock, err = lockInPlace(path, "report"); err != nil {
			return err
		}
		defer lock.Unlock()
		now, err := readPDF(target)
		if err != nil {
			return err
		}
		if !bytes.Equal(now, data) {
			a.notef("%s changed after lia read it (another lia sign finished first?); signing it as it is now", path)
			data = now
		} else if lock.Waited {
			a.notef("%s: waited for another process to finish writing it; it had not changed", path)
		}
	}
	reason := opts.reason
	if reason == "" {
		reason = "Signed as " + opts.role
	}
	signed, err := report.SignPDF(cat, data, path+" (embedded record)", a.limits, pdfsig.SignOptions{
		Credentials: creds,
		Role:        opts.role,
		Reason:      reason,
		Location:    opts.location,
		Time:        a.now().UTC().Truncate(time.Second),
	})
	if err != nil {
		var se *report.SignError
		if errors.As(err, &se) {
			return failErr(se.Hint(), fmt.Errorf("%s: %w", path, err))
		}
		return failErr("lia signs with a certificate valid now whose key usage includes digitalSignature or nonRepudiation, an RSA (2048 bits or more) or ECDSA P-256/P-384 key", err)
	}
	if out == "" {
		if err := a.writeFile(target, signed, perm, true); err != nil {
			return err
		}
		out = path
	} else if err := a.writeFile(out, signed, 0o644, false); err != nil {
		return err
	}
	c := creds.Cert
	res, err := pdfsig.Verify(signed, pdfsig.VerifyOptions{})
	if err != nil {
		return failErr("", err)
	}
	fmt.Fprintf(a.io.Out, "%s: signed as %s by %s, certificate %s issued by %s (%d PDF signature(s))\n",
		out, opts.role, safetext.Text(pdfsig.SubjectName(c)), pdfsig.Fingerprint(c), safetext.Text(c.Issuer.String()), len(res.Signatures))
	if pdfsig.SelfSigned(c) {
		a.notef("the certificate is self-signed: PDF readers will show the signature intact but the signer's identity unknown, until the reader trusts this certificate")
	}
	return nil
}

// readPDF reads a PDF of at most maxPDFBytes.
func readPDF(path string) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPDFBytes+1))
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading %s: %w", path, err))
	}
	if len(data) > maxPDFBytes {
		return nil, failErr("", fmt.Errorf("%s: file is larger than the limit of %d MiB for a PDF", path, maxPDFBytes>>20))
	}
	return data, nil
}

// loadCredentials reads the signer's certificate and key: PEM files, or a
// PKCS #12 file whose passphrase comes from --passphrase-file or the
// terminal (a file without a passphrase opens without asking). Key files
// others can read are refused, as for SSH keys.
func (a *app) loadCredentials(opts *signOptions) (*pdfsig.Credentials, error) {
	if opts.pkcs12 != "" {
		data, err := readKeyFile(opts.pkcs12)
		if err != nil {
			return nil, err
		}
		var pass []byte
		if opts.passphraseFile != "" {
			if pass, err = readPassphraseFile(opts.passphraseFile); err != nil {
				return nil, err
			}
		}
		creds, err := pdfsig.LoadPKCS12(data, pass)
		if errors.Is(err, pdfsig.ErrWrongPassphrase) && opts.passphraseFile == "" {
			if !a.io.InTTY {
				return nil, usageErr("give --passphrase-file FILE", "%s is protected by a passphrase and there is no terminal to ask for it", opts.pkcs12)
			}
			if pass, err = a.readSecret(fmt.Sprintf("Passphrase for %s: ", opts.pkcs12)); err != nil {
				return nil, err
			}
			creds, err = pdfsig.LoadPKCS12(data, pass)
		}
		switch {
		case errors.Is(err, pdfsig.ErrWrongPassphrase):
			return nil, failErr("", fmt.Errorf("wrong passphrase for %s", opts.pkcs12))
		case errors.Is(err, pdfsig.ErrKeyMismatch):
			return nil, failErr("", fmt.Errorf("%s: %w", opts.pkcs12, err))
		case err != nil:
			return nil, failErr("give a PKCS #12 file (.p12, .pfx) with one private key and its certificate", fmt.Errorf("%s: %w", opts.pkcs12, err))
		}
		return creds, nil
	}
	certPEM, err := fileutil.ReadRegular(opts.cert, 1<<20)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading certificate: %w", fileutil.PathErr(err)))
	}
	keyPEM, err := readKeyFile(opts.key)
	if err != nil {
		return nil, err
	}
	creds, err := pdfsig.LoadPEM(certPEM, keyPEM)
	switch {
	case errors.Is(err, pdfsig.ErrEncryptedKey):
		return nil, failErr("lia reads unencrypted PEM keys; for a key with a passphrase make a PKCS #12 file (openssl pkcs12 -export -in CERT.pem -inkey KEY.pem -out signer.p12) and sign with --pkcs12", fmt.Errorf("%s: %w", opts.key, err))
	case errors.Is(err, pdfsig.ErrKeyMismatch):
		return nil, failErr("give the private key that belongs to the certificate", fmt.Errorf("%s and %s: %w", opts.key, opts.cert, err))
	case err != nil:
		return nil, failErr("give a PEM certificate (--cert) and a PEM private key (--key)", fmt.Errorf("%s, %s: %w", opts.cert, opts.key, err))
	}
	return creds, nil
}

// readKeyFile reads a private key file, refusing one that group or others
// can read and one too large to be a key.
func readKeyFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading key: %w", fileutil.PathErr(err)))
	}
	if err := signing.CheckKeyPermissions(path, fi.Mode()); err != nil {
		return nil, failErr(keyFileHint(fi.Mode()), err)
	}
	if fi.Size() > 1<<20 {
		return nil, failErr("", fmt.Errorf("%s is too large to be a private key", path))
	}
	b, err := fileutil.ReadRegular(path, 1<<20)
	if err != nil {
		return nil, failErr("", fmt.Errorf("reading key: %w", fileutil.PathErr(err)))
	}
	return b, nil
}
