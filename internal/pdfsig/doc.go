// Package pdfsig reads the PDFs lia writes and adds and checks PAdES
// signatures on them. The rules it keeps:
//   - a signature is a PAdES baseline B-B signature (ETSI EN 319 142-1):
//     /Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached, a detached
//     CMS SignedData with content-type, message-digest and
//     signing-certificate-v2 signed attributes, the time of signing in /M;
//   - each signature is one incremental update appended to the file, so the
//     bytes before it (the deterministic report, earlier signatures) are
//     never rewritten, and an earlier signature stays valid;
//   - the reader is strict: it reads the structure lia's renderer and lia
//     sign write (classic cross-reference tables, direct stream lengths),
//     accounts for every byte, and refuses or reports anything else rather
//     than guessing, so what it verifies is what a PDF reader displays;
//   - one rule for signing certificates (CheckCertificate), the same when
//     signing and when verifying.
package pdfsig
