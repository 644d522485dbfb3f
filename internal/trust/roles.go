package trust

import (
	"fmt"
	"slices"
	"strings"

	"github.com/lia-project/lia/internal/signing"
)

// RoleSigners binds roles to the people who may sign in them: for each bound
// role, a principals pattern-list as allowed_signers writes it ("*" and "?"
// wildcards, "!" negates). A signature in a bound role holds only when its
// signer's e-mail, which the allowed signers already trust the key for,
// matches the role's patterns. A role that is not bound is the signer's own
// claim. nil binds no role.
type RoleSigners map[string][]string

// ParseRoleSigners reads --role-signers values, ROLE=PRINCIPAL[,PRINCIPAL...];
// a role given twice takes both lists.
func ParseRoleSigners(specs []string) (RoleSigners, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	rs := RoleSigners{}
	for _, spec := range specs {
		role, list, ok := strings.Cut(spec, "=")
		if !ok || list == "" {
			return nil, fmt.Errorf("--role-signers %q is not ROLE=PRINCIPAL[,PRINCIPAL...]", spec)
		}
		if !IsRole(role) {
			return nil, fmt.Errorf("--role-signers %q: unknown role %q (allowed: %s)", spec, role, strings.Join(Roles, ", "))
		}
		for _, p := range strings.Split(list, ",") {
			if p == "" || p == "!" || strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || hiddenRune(r) }) {
				return nil, fmt.Errorf("--role-signers %q: %q is not a principal pattern (ROLE=PRINCIPAL[,PRINCIPAL...], no spaces)", spec, p)
			}
			rs[role] = append(rs[role], p)
		}
	}
	for _, role := range Roles {
		if ps, ok := rs[role]; ok && !slices.ContainsFunc(ps, func(p string) bool { return !strings.HasPrefix(p, "!") }) {
			return nil, fmt.Errorf("--role-signers allows nobody to sign as %s: give at least one pattern that is not negated", role)
		}
	}
	return rs, nil
}

// bound returns the patterns role is bound to, and whether it is bound.
func (rs RoleSigners) bound(role string) ([]string, bool) {
	p, ok := rs[role]
	return p, ok
}

// allows reports whether email may sign in role; an unbound role allows anyone.
func (rs RoleSigners) allows(role, email string) bool {
	p, ok := rs.bound(role)
	return !ok || signing.MatchPrincipals(email, p)
}

// Unbound returns the roles rs leaves to the signers' own claims, in the
// order of Roles.
func (rs RoleSigners) Unbound() []string {
	var out []string
	for _, r := range Roles {
		if _, ok := rs[r]; !ok {
			out = append(out, r)
		}
	}
	return out
}

// How roles are judged (RoleSigners.Mode), for machine-readable output.
const (
	RolesClaimed      = "claimed"      // no --role-signers: every role is the signer's claim
	RolesPartlyBound  = "partly-bound" // some roles are bound to principals
	RolesBound        = "bound"        // every role is bound to principals
	roleSignersOption = "--role-signers"
)

// Mode is RolesClaimed, RolesPartlyBound or RolesBound.
func (rs RoleSigners) Mode() string {
	switch n := len(rs.Unbound()); {
	case n == len(Roles):
		return RolesClaimed
	case n > 0:
		return RolesPartlyBound
	}
	return RolesBound
}

// Note is what the output says about roles that rs does not bind, "" when
// it binds them all.
func (rs RoleSigners) Note() string {
	switch un := rs.Unbound(); {
	case len(un) == len(Roles):
		return "roles are the signers' own claims (no " + roleSignersOption + " given)"
	case len(un) == 1:
		return "role " + un[0] + " is the signer's own claim (not bound by " + roleSignersOption + ")"
	case len(un) > 0:
		return "roles " + strings.Join(un, ", ") + " are the signers' own claims (not bound by " + roleSignersOption + ")"
	}
	return ""
}

// roleProblem says why the signature of email, whose key the allowed signers
// trust for principals, may not claim role; "" when it may.
func (rs RoleSigners) roleProblem(role, email string, principals []string) string {
	if rs.allows(role, email) {
		return ""
	}
	p, _ := rs.bound(role)
	msg := fmt.Sprintf("role %s may be signed only by %s (%s), but this key is trusted only for %s",
		role, strings.Join(p, ","), roleSignersOption, strings.Join(principals, ", "))
	if !slices.Contains(principals, email) {
		msg += " (signing as " + email + ")"
	}
	return msg
}
