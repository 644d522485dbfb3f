// Package version says which lia this is, from how the binary was built:
//   - a packager's -ldflags "-X github.com/lia-project/lia/internal/version.override=1.2.3"
//     wins (a leading "v" is dropped);
//   - a release installed with go install github.com/lia-project/lia/cmd/lia@v1.2.3
//     (or built from a clean checkout of that tag) is "1.2.3", from the module version;
//   - a build from a checkout is the release it grows from with the commit,
//     "0.1.0-dev+0123456789ab", and ".dirty" when the tree had changes;
//   - go install of a commit (a pseudo-version) is that pseudo-version;
//   - anything else, such as a test binary (go test does not stamp version
//     control information by default), is the release the source says it is.
//
// The version is what result.engine.version records, so it never contains a
// space.
package version

import (
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
)

// base is the release this source is or grows from. Change it when tagging a
// release, so that builds from a checkout say where they come from.
const base = "0.1.0"

// override is set with -ldflags -X; see the package comment.
var override string

// String is lia's version.
func String() string {
	bi, _ := debug.ReadBuildInfo() // nil when the binary has none
	return resolve(override, bi)
}

// pseudoRE matches the tail of a Go pseudo-version (v0.0.0-20260101120000-0123456789ab).
var pseudoRE = regexp.MustCompile(`\d{14}-[0-9a-f]{12}$`)

// resolve applies the package comment's rules to an override and build information.
func resolve(override string, bi *debug.BuildInfo) string {
	if override != "" {
		return strings.TrimPrefix(override, "v")
	}
	if bi == nil {
		return base
	}
	v := bi.Main.Version
	dirty := strings.HasSuffix(v, "+dirty")
	pseudo := pseudoRE.MatchString(strings.TrimSuffix(v, "+dirty"))
	if strings.HasPrefix(v, "v") && !dirty && !pseudo {
		return v[1:]
	}
	var rev string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s := base + "-dev+" + rev
		if modified {
			s += ".dirty"
		}
		return s
	}
	if strings.HasPrefix(v, "v") {
		return v[1:]
	}
	return base
}

// Go is the Go release and the platform the binary was built with and for,
// such as "go1.26.8 linux/amd64".
func Go() string { return runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH }
