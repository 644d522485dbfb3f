package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/lia-project/lia/internal/fileutil"
	"github.com/lia-project/lia/templates"
)

// ErrExists is returned by Export when a file it would write exists.
var ErrExists = fileutil.ErrExists

// Export writes lia's own questionnaire.yaml and scoring.yaml into dir,
// byte for byte with their comments, creating dir if need be. Without force
// it writes nothing when either file exists. It returns the paths written.
func Export(dir string, force bool) ([]string, error) {
	names := []string{QuestionnaireFile, ScoringFile}
	if !force {
		for _, name := range names {
			p := filepath.Join(dir, name)
			if _, err := os.Lstat(p); err == nil {
				return nil, fmt.Errorf("%s: %w", p, ErrExists)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, fileutil.PathErr(err))
	}
	var out []string
	for _, name := range names {
		data, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return out, err
		}
		p := filepath.Join(dir, name)
		if err := fileutil.WriteFile(p, data, 0o644, force); err != nil {
			if errors.Is(err, fileutil.ErrExists) {
				return out, err
			}
			return out, fmt.Errorf("writing %s: %w", p, fileutil.PathErr(err))
		}
		out = append(out, p)
	}
	return out, nil
}
