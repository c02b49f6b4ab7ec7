package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Every catalogue key the code and templates use must exist, so no page
// shows a raw key. Keys built at run time (role.*, status.*, ptype.*,
// kind.*, level.*) are checked against their value lists elsewhere.
func TestUsedKeysExist(t *testing.T) {
	uses := []*regexp.Regexp{
		regexp.MustCompile(`\bt "([a-z0-9_]+\.[a-z0-9_.]+)"`),                                                // templates: {{t "key"}}
		regexp.MustCompile(`i18n\.T\("([a-z0-9_]+\.[a-z0-9_.]+)"`),                                           // Go: i18n.T("key")
		regexp.MustCompile(`(?:Errorf\([^,()]+, |Add\("[a-z_0-9]+", |Message: )"([a-z0-9_]+\.[a-z0-9_.]+)"`), // errors
	}
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "adminunit") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".html") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range uses {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				found++
				if strings.HasSuffix(m[1], ".") { // a prefix completed at run time: some key must start with it
					if !hasPrefix(m[1]) {
						t.Errorf("%s uses catalogue keys %q…, and there is none", path, m[1])
					}
					continue
				}
				if !Has(m[1]) {
					t.Errorf("%s uses catalogue key %q, which is missing", path, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 100 {
		t.Fatalf("found only %d key uses: the scan is broken", found)
	}
}

func TestDynamicKeys(t *testing.T) {
	for _, prefix := range []string{"role.", "status.", "ptype.", "kind.", "level."} {
		n := 0
		for k := range vi {
			if strings.HasPrefix(k, prefix) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no %s* keys", prefix)
		}
	}
}

func hasPrefix(prefix string) bool {
	for k := range vi {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// The labels of rounds and councils are built from their value lists.
func TestRoundKeys(t *testing.T) {
	lists := map[string][]string{"round.status.": ocop.RoundStatuses, "round.kind.": {ocop.RoundRegular, ocop.RoundExtra},
		"position.": ocop.CouncilPositions, "department.": ocop.CouncilDepartments}
	for prefix, values := range lists {
		for _, v := range values {
			if _, ok := vi[prefix+v]; !ok {
				t.Errorf("missing key %s%s", prefix, v)
			}
		}
	}
}
