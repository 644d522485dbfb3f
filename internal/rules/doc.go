// Package rules loads the rules lia asks and scores with: lia's own, built
// into the binary (templates/), or an organisation's, from a directory that
// replaces or extends them; it names them by version and digest, writes lia's
// as a starting point, checks a directory of them, and shows what a change
// of rules would do to existing records. The rules it keeps:
//
//   - Where the rules come from is decided in one place (Resolve), first
//     match wins: --rules DIR, then LIA_RULES, then the rules: key of
//     .lia-config.yaml in the current directory or the nearest directory
//     above it, up to the root of the git repository; otherwise lia's own.
//     The word builtin, where a directory is expected, names lia's own rules.
//   - A rules directory holds questionnaire.yaml, scoring.yaml or both; a file
//     it lacks is lia's own. A file whose first key is `extends: lia` is laid
//     over lia's: mappings merge key by key; lists of entries that carry an
//     id (sections, questions, rules, factors, safeguards; values by value,
//     DPIA criteria by criterion) merge by it, an entry with a known id
//     changing only the keys it gives and one with a new id being added at
//     the end of the list; anything else replaces lia's value. A file without
//     extends replaces lia's file. Either way the result is checked exactly
//     as lia's own rules are (internal/assessment), and every problem is
//     reported with the file and line it comes from; lia:FILE is lia's own
//     file, as lia rules export writes it.
//   - Rules are named by their version (scoring.yaml's version) and their
//     digest: "sha256:" and the hex SHA-256 of their canonical form, the JSON
//     object {"questionnaire": Q, "scoring": S} in RFC 8785 form, where Q and
//     S are the documents in effect (after extends) read as JSON values:
//     comments, key order and YAML styles do not count, the extends key is
//     gone, and dates stay text as written. Rules whose digest is that of
//     lia's own rules are lia's own, whatever directory they were read from.
//   - Loading lia's own rules costs what it did before: no digest is
//     computed for them unless asked for.
package rules
