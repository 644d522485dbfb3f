// Package report renders a record as the PDF report and checks a PDF against
// a fresh render. Renderers write to an io.Writer; callers write files
// atomically. The record's own YAML form is written by internal/assessment.
package report
