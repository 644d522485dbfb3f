// Package trust decides what a record's signatures prove. sign, verify,
// validate and report all take its rules from here:
//   - a signature covers the record and its own entry's claims: the RFC 8785
//     message {"claims":{key,role,signed_at,signer},"format":"lia-signature/2",
//     "record":CANONICAL} (Message, signing.Message), where CANONICAL is the
//     record without signatures as RFC 8785 JSON (lia canonical prints it),
//     in the SSHSIG namespace lia-assessment (Namespace); Sign makes one,
//     Keyring checks them, and Covered returns the bytes one covers (lia
//     canonical --for-signature N), so that ssh-keygen -Y verify checks it;
//     editing an entry's role, signer, signed_at or key breaks its signature;
//   - the format is recognised by what verifies: the current message first
//     and, only when that fails, the canonical record alone, as lia 0.1
//     signed (FormatLegacy); the two can never both verify, a good current
//     signature is verified once, and a legacy one is reported (LegacyNote):
//     it counts as a signer, since it does prove that its key signed the
//     record, but its role, which it does not cover, never counts; one whose
//     signer is not "Name <email>" (lia 0.1 took a bare address) fails and
//     says it was signed the old way (LegacySignerNote); ResignHint says how
//     to sign again, since Sign refuses a key that has signed;
//   - an entry's role is one of Roles, its signed_at an RFC 3339 time, and its
//     signer "Name <email>" with nothing hidden or padded (CheckSigner): Sign
//     refuses any other, and verification fails it;
//   - the entry's key field must be the fingerprint of the key that made the
//     signature;
//   - with allowed signers (LoadAllowedSigners) the key must be listed for the
//     namespace at the time of verification, Keyring.Now, as ssh-keygen -Y
//     verify does, and the signer's e-mail must match one of the principal
//     patterns listed for the key;
//   - a role is the signer's own claim, made with their key, unless
//     RoleSigners bind it to principals: then the signer's e-mail must match
//     them too (RoleNotAllowed otherwise), and the output says which roles
//     remain claims (RoleSigners.Note);
//   - one key counts once: a second entry by the same key fails, so copying an
//     entry cannot add a signer or a role, and Sign refuses a key that has
//     already signed; the key is the one that signs (Check.SignerKey), which
//     for an OpenSSH certificate is the key inside it, not the certificate,
//     so several certificates for one key are one signer;
//   - a signature dated later than Keyring.Now, beyond ClockSkew, fails; one
//     dated before the assessment date holds with a warning;
//   - towards a Policy (how many signatures, which roles) count only the
//     signatures that verify with a trusted key; when nothing is verified
//     (Unverified), each key's first entry counts as it is written, the key
//     being read from its signature, never from the entry;
//   - an allowed-signers file is used whole or not at all: unreadable, too
//     large, malformed or empty is an error that says what to do;
//   - anything that cannot be checked fails; nothing is trusted by default.
//
// The package reads no clock: callers pass the time trust is judged at.
package trust
