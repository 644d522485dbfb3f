package report

import (
	"fmt"
	"io/fs"
	"sync"

	"codeberg.org/go-pdf/fpdf"

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
	fontsOnce.Do(func() {
		// A panic would leave the Once done with neither fonts nor error.
		defer func() {
			if r := recover(); r != nil {
				fontsVal, fontsErr = nil, fmt.Errorf("reading fonts: %v", r)
			}
		}()
		fontsVal, fontsErr = readFonts(templates.FS)
	})
	return fontsVal, fontsErr
}

// newBase starts a document with the fonts registered, the first and
// costliest step of every report (fpdf reads both font files whole).
func newBase(fonts *fontSet) *fpdf.Fpdf {
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	p.AddUTF8FontFromBytes(fontFamily, "", fonts.regular)
	p.AddUTF8FontFromBytes(fontFamily, "B", fonts.bold)
	return p
}

// warmBase holds a document Warm started, for the next report to take.
var warmBase struct {
	sync.Mutex
	ch chan *fpdf.Fpdf
}

// Warm starts, in the background, the steps every report begins with:
// reading the fonts and registering them in a new document. A command that
// has other work to do before rendering (loading the rules, reading and
// checking the record) calls it first so that the two overlap; the report
// is the same byte for byte either way.
func Warm() {
	warmBase.Lock()
	defer warmBase.Unlock()
	if warmBase.ch != nil {
		return
	}
	ch := make(chan *fpdf.Fpdf, 1)
	warmBase.ch = ch
	go func() {
		defer func() {
			if recover() != nil {
				ch <- nil // the report that takes it starts afresh, and fails with an error if fpdf panics again
			}
		}()
		fonts, err := loadFonts()
		if err != nil {
			ch <- nil
			return
		}
		ch <- newBase(fonts)
	}()
}

// takeBase returns the document Warm prepared, waiting for it if needed, or
// a new one.
func takeBase(fonts *fontSet) *fpdf.Fpdf {
	warmBase.Lock()
	ch := warmBase.ch
	warmBase.ch = nil
	warmBase.Unlock()
	if ch != nil {
		if p := <-ch; p != nil {
			return p
		}
	}
	return newBase(fonts)
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
