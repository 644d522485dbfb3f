// Package templates embeds the questionnaire, the scoring rules and the fonts,
// so that a lia binary carries the exact rules it scores with.
package templates

import "embed"

// FS holds questionnaire.yaml, scoring.yaml and fonts/ (DejaVu Sans and its
// licence, used by the PDF report).
//
//go:embed questionnaire.yaml scoring.yaml fonts
var FS embed.FS
