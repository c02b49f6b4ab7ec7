package store

import (
	"fmt"

	"github.com/ocopvn/ocop/internal/ocop"
)

// where builds SQL conditions with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

// add appends a condition whose single placeholder is written as %s.
func (w *where) add(cond string, arg any) {
	w.args = append(w.args, arg)
	w.conds = append(w.conds, fmt.Sprintf(cond, fmt.Sprintf("$%d", len(w.args))))
}

// scope restricts rows to a user's administrative scope, given the columns
// holding a row's province and commune codes. The national scope covers
// the real country: practice sandboxes stay out of it.
func (w *where) scope(s ocop.Scope, provinceCol, communeCol string) {
	switch s.Level {
	case ocop.LevelCountry:
		w.conds = append(w.conds, notSandbox(provinceCol))
	case ocop.LevelProvince:
		w.add(provinceCol+" = %s", s.Province)
	case ocop.LevelCommune:
		w.add(communeCol+" = %s", s.Commune)
	default:
		w.conds = append(w.conds, "1 = 0") // an unknown scope sees nothing
	}
}

// sql returns " WHERE …" (or "") for the collected conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	s := " WHERE " + w.conds[0]
	for _, c := range w.conds[1:] {
		s += " AND " + c
	}
	return s
}

// page appends LIMIT and OFFSET placeholders.
func (w *where) page(limit, offset int) string {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	w.args = append(w.args, limit, offset)
	return fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(w.args)-1, len(w.args))
}
