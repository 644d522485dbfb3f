package signing

// MatchPrincipals reports whether identity matches patterns, a principals
// pattern-list as an allowed_signers line holds it: some pattern matches
// ('*' any run of bytes, '?' one byte, case-sensitively) and no negated one
// ("!pattern") does.
func MatchPrincipals(identity string, patterns []string) bool {
	return matchPatternList(identity, patterns)
}
