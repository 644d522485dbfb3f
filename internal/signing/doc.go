// Package signing holds what lia needs to sign and verify records: the
// RFC 8785 canonical form (Canonicalize) and the versioned message a record
// signature covers, that form with the entry's own claims (Message), OpenSSH SSHSIG
// signatures (Sign, Verify), Ed25519 keys in OpenSSH format (GenerateKey,
// ParsePrivateKey) and allowed-signers files (ParseAllowedSigners, Match).
//
// It is a pure library: it takes bytes, readers and file modes and returns
// values; it never opens files, reads the clock or prompts. Callers pass the
// time to Match and a passphrase func to ParsePrivateKey.
package signing
