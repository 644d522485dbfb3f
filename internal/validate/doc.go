// Package validate is lia validate's pipeline, the checks a CI job runs
// before a merge: it finds the files (Source), checks them in parallel
// (Parallel, Checker) and writes the results (Reporter). Its rules:
//   - every file is checked and every problem reported, each with
//     file:line:column, a severity and a stable check ID, then one Summary;
//   - output is the same on every run: files are checked in parallel but
//     reported in input order (arguments in the order given, directories
//     walked in lexical order, directories whose name starts with a dot
//     skipped, files in them matched against the glob; a file named as an
//     argument is checked whatever its name, and once however often named);
//   - memory does not grow with the number of files: the walk remembers only
//     its arguments, a bounded pool of workers checks files, a bounded window
//     of results waits to be reported, and no record is kept after its file
//     is reported;
//   - only regular files are read, and opening one never blocks: in
//     directories pipes, devices and sockets are skipped, links to directories
//     are not walked, and a link to a file is followed only when the file is
//     inside the given paths (Source.FollowLinks follows it anywhere); a link
//     out of them is a read error that never opens its target;
//   - a file larger than the size limit is refused before it is read;
//   - signatures follow internal/trust: without a Verifier they are counted,
//     not verified, one signer per key read from each signature
//     (trust.Unverified), and the output says so; with one, only signatures that
//     verify with a trusted key count towards the policy, and every one that
//     does not is an error, on the entry's field at fault (signature,
//     signed_at, signer, role); a legacy signature (lia 0.1) is a warning
//     and never counts as its role; the summary says whether roles are the
//     signers' own claims (Summary.Roles, RolesNote);
//   - every format is streamed, a file at a time; the json format is a
//     documented contract (README): fields are only ever added, never renamed
//     or removed, and "version" changes if that rule ever has to be broken.
package validate
