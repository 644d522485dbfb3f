package report

import (
	"fmt"
	"io/fs"
	"sync"

	"github.com/lia-project/lia/templates"
)

// fontFamily is the name the report registers DejaVu Sans under.
const fontFamily = "dejavu"

// fontSet is the embedded fonts, read and measured once per process: reading
// 1.5 MB and scanning the cmap on every report would dominate its cost.
type fontSet struct {
	regular, bold []byte
	clean         cleaner
}

var (
	fontsOnce sync.Once
	fontsVal  *fontSet
	fontsErr  error
)

func loadFonts() (*fontSet, error) {
	fontsOnce.Do(func() { fontsVal, fontsErr = readFonts(templates.FS) })
	return fontsVal, fontsErr
}

func readFonts(fsys fs.FS) (*fontSet, error) {
	var fs fontSet
	var err error
	if fs.regular, err = readFont(fsys, "fonts/DejaVuSans.ttf"); err != nil {
		return nil, err
	}
	if fs.bold, err = readFont(fsys, "fonts/DejaVuSans-Bold.ttf"); err != nil {
		return nil, err
	}
	reg, err := parseCoverage(fs.regular)
	if err != nil {
		return nil, fmt.Errorf("reading fonts/DejaVuSans.ttf: %w", err)
	}
	bold, err := parseCoverage(fs.bold)
	if err != nil {
		return nil, fmt.Errorf("reading fonts/DejaVuSans-Bold.ttf: %w", err)
	}
	// Any text may be drawn in either weight, so only runes both fonts have count.
	var both coverage
	for i := range both {
		both[i] = reg[i] & bold[i]
	}
	fs.clean = cleaner{cov: &both, replacement: '?'}
	if both.has('\uFFFD') {
		fs.clean.replacement = '\uFFFD'
	}
	return &fs, nil
}

func readFont(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading embedded font: %w", err)
	}
	return b, nil
}
