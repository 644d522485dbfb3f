package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/internal/rules"
)

// readRecord reads and strictly parses a record or answers file. The size is
// checked before reading so that a huge file costs nothing.
func (a *app) readRecord(path string) (*assessment.Record, []byte, error) {
	cat, err := a.catalog()
	if err != nil {
		return nil, nil, err
	}
	f, err := openRegular(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, failErr("", fmt.Errorf("reading %s: %w", path, err))
	}
	if fi.Mode().IsRegular() && fi.Size() > a.limits.MaxBytes {
		return nil, nil, failErr("", &assessment.Error{File: path, Check: assessment.CheckSize,
			Msg: fmt.Sprintf("file is %d bytes, larger than the limit of %d bytes", fi.Size(), a.limits.MaxBytes)})
	}
	data, err := io.ReadAll(io.LimitReader(f, a.limits.MaxBytes+1))
	if err != nil {
		return nil, nil, failErr("", fmt.Errorf("reading %s: %w", path, err))
	}
	rec, err := assessment.ParseRecord(path, data, cat.Questionnaire, a.limits)
	if err != nil {
		return nil, nil, failErr(otherRulesHint(err), err)
	}
	return rec, data, nil
}

// otherRulesHint says, when a record answers questions the rules lia loaded
// do not have, that it may have been made with other rules.
func otherRulesHint(err error) string {
	var list assessment.Errors
	if errors.As(err, &list) {
		for _, e := range list {
			if e.Check == assessment.CheckUnknownKey && strings.HasPrefix(e.Field, "answers.") {
				return "if the record was made with an organisation's rules, name them with --rules DIR, LIA_RULES or " + rules.ConfigName
			}
		}
	}
	return ""
}

// openRegular opens a file for reading without ever blocking: a directory,
// named pipe, device or socket (or a link to one) is refused
// (fileutil.OpenRegular).
func openRegular(path string) (*os.File, error) {
	f, _, err := fileutil.OpenRegular(path)
	switch {
	case errors.Is(err, fileutil.ErrIsDir):
		return nil, failErr("give a record file, or use lia validate for directories", fmt.Errorf("%s is a directory", path))
	case errors.Is(err, fileutil.ErrNotRegular):
		return nil, failErr(notRegularHint, fmt.Errorf("%s is not a regular file", path))
	case err != nil:
		return nil, failErr("", fmt.Errorf("reading %s: %w", path, fileutil.PathErr(err)))
	}
	return f, nil
}

// notRegularHint is the advice for a path that names a named pipe, device
// or socket.
const notRegularHint = "give a regular file: lia never reads from a named pipe or device"

// keyFileHint is the advice for a private key file of mode m that
// signing.CheckKeyPermissions refuses.
func keyFileHint(m os.FileMode) string {
	if !m.IsRegular() {
		return notRegularHint
	}
	return "a private key must be readable by you alone"
}

// readChecked reads a record and checks it for commands that act on its stored
// result (report, sign): it returns the problems that make the record unfit,
// counting a result from other scoring rules among them (the stored result
// would then disagree with what the rules say today), and prints the other
// warnings.
func (a *app) readChecked(path string) (*assessment.Catalog, *assessment.Record, []byte, assessment.Errors, error) {
	cat, err := a.catalog()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	rec, raw, err := a.readRecord(path)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	errs, warns := cat.Check(rec)
	for _, w := range warns {
		if w.Check == assessment.CheckStale || w.Check == assessment.CheckRulesMismatch {
			errs = append(errs, w)
			continue
		}
		a.warnf("%s", w)
	}
	return cat, rec, raw, errs, nil
}

// writeRecord writes rec atomically; it refuses to replace a file unless force.
func (a *app) writeRecord(path string, rec *assessment.Record, force bool) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
	if err != nil {
		return err
	}
	return a.writeFile(path, b, 0o644, force)
}

func (a *app) writeFile(path string, data []byte, perm os.FileMode, force bool) error {
	if err := fileutil.WriteFile(path, data, perm, force); err != nil {
		if errors.Is(err, fileutil.ErrExists) {
			return failErr("use --force to replace it, or -o to write elsewhere", fmt.Errorf("%s already exists", path))
		}
		return failErr("", fmt.Errorf("writing %s: %w", path, fileutil.PathErr(err)))
	}
	return nil
}
