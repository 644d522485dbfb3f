package main

import "github.com/lia-project/lia/internal/assessment"

// runInterview asks the questions the record does not answer yet. It is the
// seam for the interactive wizard.
func runInterview(a *app, opts *assessOptions, rec *assessment.Record) error {
	return failErr("", errNoInterview)
}
