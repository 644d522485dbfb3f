package main

import (
	"github.com/spf13/cobra"
)

func newSchemaCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the record format",
		Long: `Print the JSON Schema (draft-07) of lia/v1 records, generated from the same
questionnaire lia asks and scores, so it never drifts from the parser.

Editors with the YAML language server (VS Code's YAML extension, Neovim,
JetBrains) validate records as you type: records written by lia assess start
with the line

  # yaml-language-server: $schema=lia.schema.json

so write the schema next to them. The schema checks keys, types, allowed values,
dates and which questions must be answered; whether the stored result matches
the answers, review dates and signatures are checked by lia validate.

EXIT STATUS
  0    schema printed`,
		Example: `  $ lia schema > assessments/lia.schema.json
  $ lia schema | jq '.properties.answers.properties | keys'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			b, err := cat.JSONSchema()
			if err != nil {
				return err
			}
			_, err = a.io.Out.Write(b)
			return err
		},
	}
}
