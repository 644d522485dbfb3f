package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := func(version, rev, modified string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/lia-project/lia", Version: version}}
		if rev != "" {
			bi.Settings = []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
		}
		return bi
	}
	const rev = "636e69f6d4c1ea96b5a531ec7dbc69d58766b9eb"
	tests := []struct {
		name     string
		override string
		bi       *debug.BuildInfo
		want     string
	}{
		{"no build information", "", nil, base},
		{"test binary", "", vcs("(devel)", "", ""), base},
		{"go install of a release", "", vcs("v0.2.0", "", ""), "0.2.0"},
		{"go install of a pre-release", "", vcs("v0.2.0-rc.1", "", ""), "0.2.0-rc.1"},
		{"clean checkout of a tag", "", vcs("v0.2.0", rev, "false"), "0.2.0"},
		{"checkout after a tag", "", vcs("v0.2.1-0.20261201220125-636e69f6d4c1", rev, "false"), base + "-dev+636e69f6d4c1"},
		{"checkout without tags", "", vcs("v0.0.0-20261201220125-636e69f6d4c1", rev, "false"), base + "-dev+636e69f6d4c1"},
		{"checkout with changes", "", vcs("v0.0.0-20261201220125-636e69f6d4c1+dirty", rev, "true"), base + "-dev+636e69f6d4c1.dirty"},
		{"tag with changes", "", vcs("v0.2.0+dirty", rev, "true"), base + "-dev+636e69f6d4c1.dirty"},
		{"buildvcs=false checkout", "", vcs("(devel)", "", ""), base},
		{"go install of a commit", "", vcs("v0.0.0-20261201220125-636e69f6d4c1", "", ""), "0.0.0-20261201220125-636e69f6d4c1"},
		{"ldflags override", "v1.2.3", vcs("v0.2.0", rev, "true"), "1.2.3"},
		{"ldflags override without v", "1.2.3-debian.1", nil, "1.2.3-debian.1"},
	}
	for _, tt := range tests {
		if got := resolve(tt.override, tt.bi); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestString: the test binary is not stamped, so it is the base version the
// golden files and the help script expect.
func TestString(t *testing.T) {
	if got := String(); got != base {
		t.Errorf("String() = %q, want %q (was the test built with -buildvcs=true?)", got, base)
	}
	if got := Go(); !strings.HasPrefix(got, "go") || !strings.Contains(got, "/") {
		t.Errorf("Go() = %q", got)
	}
}
