package convert

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultSource is where the scorecard transcriptions live:
// $OCOP_SCORECARDS if set, else shared/reference/scorecards beside the
// repository (where the team's shared folder sits), else the team
// workspace's copy. The transcriptions are not part of the repository.
func DefaultSource() string {
	if d := os.Getenv("OCOP_SCORECARDS"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0) // …/internal/rulebook/gen/convert/source.go
	repo := filepath.Join(filepath.Dir(file), "..", "..", "..", "..")
	beside := filepath.Join(repo, "..", "shared", "reference", "scorecards")
	if _, err := os.Stat(beside); err == nil {
		return beside
	}
	return "/work/shared/reference/scorecards"
}
