package signing

// permissionBits says whether a file's permission bits say who can read it.
// On Windows they do not: access is governed by ACLs, and Go reports every
// writable file as 0666.
const permissionBits = false
