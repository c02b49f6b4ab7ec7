package convert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/rulebook"
)

// Result is the output of Generate: file contents by path relative to the
// data directory ("decisions.json", "qd26/01.json", …), plus warnings
// (rule-like notes that were kept as plain notes).
type Result struct {
	Files    map[string][]byte
	Cards    []*rulebook.Card
	Warnings []string
}

// ict is Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
var ict = time.FixedZone("+07", 7*3600)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ict) }

// Decisions are the two legal instruments (ocop-rules.md §0).
func Decisions() []*rulebook.Decision {
	return []*rulebook.Decision{
		{
			ID:            "148/QĐ-TTg",
			Title:         "Quyết định số 148/QĐ-TTg ngày 24/02/2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
			Signed:        day(2023, time.February, 24),
			EffectiveFrom: day(2023, time.February, 24),
			// QĐ 26/2026 Điều 11.2: lapses 60 days after 22/5/2026.
			EffectiveTo: day(2026, time.July, 20),
		},
		{
			ID:            "26/2026/QĐ-TTg",
			Title:         "Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026 của Thủ tướng Chính phủ ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
			Signed:        day(2026, time.May, 22),
			EffectiveFrom: day(2026, time.May, 22),
		},
	}
}

// dirOf is the data sub-directory of a decision.
func dirOf(decision string) string {
	if strings.HasPrefix(decision, "148/") {
		return "qd148"
	}
	return "qd26"
}

// Generate reads every qd26-NN-*.md and qd148-NN-*.md file of src and
// returns the data files.
func Generate(src string) (*Result, error) {
	paths, err := filepath.Glob(filepath.Join(src, "qd*-*.md"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	res := &Result{Files: map[string][]byte{}}
	seen := map[string]string{}
	var errs []error
	for _, p := range paths {
		rc, err := readRaw(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c, warn, err := build(rc)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		name := fmt.Sprintf("%s/%02d.json", dirOf(c.Decision), c.Number)
		if prev, dup := seen[name]; dup {
			return nil, fmt.Errorf("%s and %s are both card %d of %s", prev, rc.file, c.Number, c.Decision)
		}
		seen[name] = rc.file
		data, err := encode(c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rc.file, err)
		}
		res.Files[name] = data
		res.Cards = append(res.Cards, c)
		res.Warnings = append(res.Warnings, warn...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for key := range fixes {
		found := false
		for _, p := range paths {
			if strings.HasPrefix(filepath.Base(p), key+"-") {
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("fixes.go names %s but there is no such file in %s", key, src)
		}
	}
	for _, d := range []string{"qd26", "qd148"} {
		for n := 1; n <= 26; n++ {
			if _, ok := res.Files[fmt.Sprintf("%s/%02d.json", d, n)]; !ok {
				return nil, fmt.Errorf("%s: no scorecard %d in %s", d, n, src)
			}
		}
	}
	if len(res.Files) != 52 {
		return nil, fmt.Errorf("%d scorecards in %s, want 52", len(res.Files), src)
	}
	data, err := encode(Decisions())
	if err != nil {
		return nil, err
	}
	res.Files["decisions.json"] = data
	return res, nil
}

// encode is indented UTF-8 JSON without HTML escaping, newline-terminated.
func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write replaces the JSON files of out with res.Files: stale *.json files
// under out are removed so that the directory holds exactly the output.
func Write(out string, res *Result) error {
	old, err := ListJSON(out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, rel := range old {
		if _, keep := res.Files[rel]; !keep {
			if err := os.Remove(filepath.Join(out, filepath.FromSlash(rel))); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(res.Files))
	for rel := range res.Files {
		names = append(names, rel)
	}
	slices.Sort(names)
	for _, rel := range names {
		p := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, res.Files[rel], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ListJSON lists the *.json files under dir, as slash paths relative to it.
func ListJSON(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
