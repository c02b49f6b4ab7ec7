package ocop

import (
	"fmt"
	"strings"
	"time"
)

// Sandbox is a practice environment (môi trường thực hành) for a training
// course: a fictional province with communes, accounts, producers and
// products, owned by the real province whose organiser made it. Nothing in
// it is real, so it never shows in real lists, statistics or public pages.
type Sandbox struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	CourseID     int64     `json:"course_id,omitempty"` // 0 until linked to a training course
	ProvinceCode string    `json:"province_code"`       // the owning real province
	UnitCode     string    `json:"unit_code"`           // the fictional province, "T<id>"
	Seats        int       `json:"seats"`               // practice accounts per role
	Password     string    `json:"password"`            // one password for all its accounts
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int64     `json:"version"`
}

// MaxSandboxSeats bounds the practice seats of one sandbox: one class.
const MaxSandboxSeats = 40

// SandboxCommunes is how many fictional communes a sandbox has.
const SandboxCommunes = 3

// The sandbox code space: official unit codes are digits only (2 for a
// province, 5 for a commune, Decision 19/2025/QĐ-TTg), so codes starting
// with "T" can never collide with them. A sandbox's province is "T<id>",
// its communes "T<id>X<n>". Sandbox ids are never reused.

// SandboxUnitCode returns the code of a sandbox's fictional province.
func SandboxUnitCode(id int64) string { return fmt.Sprintf("T%d", id) }

// SandboxCommuneCode returns the code of a sandbox's n-th commune (1-based).
func SandboxCommuneCode(id int64, n int) string { return fmt.Sprintf("T%dX%d", id, n) }

// ProvinceName is the short name of the sandbox's fictional province,
// "Thực hành 7" (the unit's full name is "Tỉnh Thực hành 7").
func (s *Sandbox) ProvinceName() string { return fmt.Sprintf("Thực hành %d", s.ID) }

// IsSandboxCode reports whether a unit code belongs to a sandbox.
func IsSandboxCode(code string) bool { return strings.HasPrefix(code, "T") }

// InSandbox reports whether a scope lies inside a sandbox: its accounts
// see the practice banner.
func (s Scope) InSandbox() bool { return IsSandboxCode(s.Province) }
