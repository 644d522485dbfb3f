package trust

import (
	"fmt"

	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/signing"
)

// AllowedSigners is an allowed_signers file (OpenSSH's and git's format),
// parsed once and then only read, so workers can share it.
type AllowedSigners struct {
	Path    string
	Signers []signing.AllowedSigner
}

// LoadAllowedSigners reads the allowed_signers file at path, refusing one
// larger than maxBytes. Its errors have a Hint method saying what to do.
func LoadAllowedSigners(path string, maxBytes int64) (*AllowedSigners, error) {
	// A named pipe or device is refused without blocking on it.
	f, fi, err := fileutil.OpenRegular(path)
	if err != nil {
		return nil, hinted("give an allowed_signers file in OpenSSH's format (see ssh-keygen(1), ALLOWED SIGNERS)",
			fmt.Errorf("reading allowed signers %s: %w", path, fileutil.PathErr(err)))
	}
	defer f.Close()
	if fi.Size() > maxBytes {
		return nil, hinted("", fmt.Errorf("%s: file is larger than the limit of %d bytes", path, maxBytes))
	}
	signers, err := signing.ParseAllowedSigners(f, path)
	if err != nil {
		return nil, hinted("see ssh-keygen(1), section ALLOWED SIGNERS, for the format", err)
	}
	if len(signers) == 0 {
		return nil, hinted(`add a line: EMAIL namespaces="`+Namespace+`" ssh-ed25519 AAAA...`, fmt.Errorf("%s lists no signers", path))
	}
	return &AllowedSigners{Path: path, Signers: signers}, nil
}

// hintError is an error with advice for the user.
type hintError struct {
	err  error
	hint string
}

func hinted(hint string, err error) error { return &hintError{err: err, hint: hint} }

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }

// Hint says what the user can do about the error ("" when there is nothing to add).
func (e *hintError) Hint() string { return e.hint }
