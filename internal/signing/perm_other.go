//go:build !windows

package signing

// permissionBits says whether a file's permission bits say who can read it.
const permissionBits = true
