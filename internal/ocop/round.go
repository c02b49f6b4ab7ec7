package ocop

import (
	"fmt"
	"time"
)

// Round levels: a province's council rates 3★–4★, the Ministry's 5★.
const (
	RoundProvince = "province"
	RoundMinistry = "ministry"
)

// Round kinds: the two statutory rounds a year, or an extra round a
// province's own rules allow.
const (
	RoundRegular = "regular"
	RoundExtra   = "extra"
)

// Round statuses in the order a round moves: dossiers are gathered while
// open, members score, the chair closes scoring, the recognition follows.
const (
	RoundOpen    = "open"
	RoundScoring = "scoring"
	RoundClosed  = "closed"
	RoundDecided = "decided"
)

// RoundStatuses lists the statuses in order.
var RoundStatuses = []string{RoundOpen, RoundScoring, RoundClosed, RoundDecided}

// EvalRound is an evaluation round (đợt đánh giá, phân hạng).
type EvalRound struct {
	ID            int64     `json:"id"`
	Level         string    `json:"level"`
	ProvinceCode  string    `json:"province_code"`
	Year          int       `json:"year"`
	Number        int       `json:"number"`
	Kind          string    `json:"kind"`
	Title         string    `json:"title"`
	ForwardedFrom string    `json:"forwarded_from"` // YYYY-MM-DD: dossiers forwarded in [from, to)
	ForwardedTo   string    `json:"forwarded_to"`
	DecideBy      string    `json:"decide_by"` // YYYY-MM-DD, the statutory deadline of the decision
	Status        string    `json:"status"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Version       int64     `json:"version"`
}

// Name is how the round is called on pages: "Đợt 1/2026".
func (r *EvalRound) Name() string {
	if r.Title != "" {
		return r.Title
	}
	return fmt.Sprintf("Đợt %d/%d", r.Number, r.Year)
}

// Scoring reports whether members may score in the round now.
func (r *EvalRound) Scoring() bool { return r.Status == RoundScoring }

// RoundDeadlines gives a regular round's forwarding window [from, to) and
// the day its decision is due (QĐ 26/2026 Điều 5). Province: round 1 is
// decided by 30/6 for dossiers the communes forwarded by 30/4, round 2 by
// 30/12 for those by 30/10. Ministry, numbered as Điều 5.2 numbers them:
// round 1 by 30/9 for dossiers the provinces proposed by 30/7, round 2 by
// 30/3 for those proposed by 30/1 (so a year's round 2 comes first). ok is
// false for a round number the calendar does not know.
func RoundDeadlines(level string, year, number int, zone *time.Location) (from, to, decideBy time.Time, ok bool) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, zone) }
	switch {
	case level == RoundProvince && (number == 1 || number == 2):
		from, to = RoundWindow(year, number, zone)
		decideBy = day(year, 6, 30)
		if number == 2 {
			decideBy = day(year, 12, 30)
		}
		return from, to, decideBy, true
	case level == RoundMinistry && number == 1:
		return day(year, 1, 31), day(year, 7, 31), day(year, 9, 30), true
	case level == RoundMinistry && number == 2:
		return day(year-1, 7, 31), day(year, 1, 31), day(year, 3, 30), true
	}
	return time.Time{}, time.Time{}, time.Time{}, false
}

// Scope is the unit a round belongs to: its province, or the whole
// country for a Ministry round.
func (r *EvalRound) Scope() Scope {
	if r.Level == RoundMinistry {
		return Country
	}
	return ProvinceScope(r.ProvinceCode)
}

// ManagedBy reports whether u's office runs the round: a province's
// office its own rounds, the Ministry's office the Ministry's. Nobody
// manages another unit's rounds, not even from a wider scope.
func (r *EvalRound) ManagedBy(u *User) bool {
	sc := r.Scope()
	return u.Scope.Level == sc.Level && u.Scope.Province == sc.Province
}

// LevelOf is the level of round an office with scope sc runs.
func LevelOf(sc Scope) string {
	if sc.Level == LevelCountry {
		return RoundMinistry
	}
	return RoundProvince
}

// Council kinds: the evaluation council and its advisory team.
const (
	CouncilBoard    = "council"
	CouncilAdvisory = "advisory"
)

// Positions in a council or team.
var CouncilPositions = []string{"chair", "vice_chair", "member", "secretary", "expert"}

// Departments members come from (sở, ngành of the province).
var CouncilDepartments = []string{"nnmt", "congthuong", "yte", "khcn", "vhttdl", "attp", "other"}

// Council is a round's council or advisory team with its establishing
// decision and its own rules (quorum, spread tolerance).
type Council struct {
	ID             int64     `json:"id"`
	RoundID        int64     `json:"round_id"`
	Kind           string    `json:"kind"`
	DecisionNo     string    `json:"decision_no"`
	DecisionDate   string    `json:"decision_date"` // YYYY-MM-DD
	Signer         string    `json:"signer"`
	QuorumPercent  float64   `json:"quorum_percent"`
	RequireChair   bool      `json:"require_chair"`
	Tolerance      float64   `json:"tolerance"`
	WrittenOpinion bool      `json:"written_opinion"` // re-rating decided by written opinions
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	Version        int64     `json:"version"`
}

// CouncilMember is a platform user sitting on a council.
type CouncilMember struct {
	CouncilID  int64  `json:"council_id"`
	UserID     int64  `json:"user_id"`
	FullName   string `json:"full_name"`
	Position   string `json:"position"`
	Department string `json:"department"`
	Present    bool   `json:"present"`
}

// Conflict is a producer a member declared a link to.
type Conflict struct {
	UserID       int64     `json:"user_id"`
	ProducerID   int64     `json:"producer_id"`
	ProducerName string    `json:"producer_name"`
	Note         string    `json:"note"`
	CreatedAt    time.Time `json:"created_at"`
}

// Recusal is a member stepping aside from one dossier.
type Recusal struct {
	RoundID   int64     `json:"round_id"`
	DossierID int64     `json:"dossier_id"`
	UserID    int64     `json:"user_id"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
}

// Score sheet statuses.
const (
	SheetDraft     = "draft"
	SheetSubmitted = "submitted"
)

// ScoreSheet is one version of a member's sheet on a dossier. Sheet is a
// rulebook.Sheet as JSON, Comments the comment per criterion code.
type ScoreSheet struct {
	RoundID     int64             `json:"round_id"`
	DossierID   int64             `json:"dossier_id"`
	UserID      int64             `json:"user_id"`
	N           int               `json:"n"`
	Sheet       string            `json:"-"`
	Comments    map[string]string `json:"comments"`
	Status      string            `json:"status"`
	Paper       bool              `json:"paper"` // entered by the secretary from a paper sheet
	EnteredBy   int64             `json:"entered_by"`
	UpdatedAt   time.Time         `json:"updated_at"`
	SubmittedAt time.Time         `json:"submitted_at,omitzero"`
	Version     int64             `json:"version"`
}

// Positions in a sub-panel.
var PanelPositions = []string{"head", "member"}

// Panel is a sub-panel of a round's council (tiểu ban, hội đồng chuyên
// ngành): some of its members scoring a share of the round's dossiers.
type Panel struct {
	ID        int64     `json:"id"`
	RoundID   int64     `json:"round_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// PanelMember is a council member sitting on a panel.
type PanelMember struct {
	PanelID  int64  `json:"panel_id"`
	UserID   int64  `json:"user_id"`
	FullName string `json:"full_name"`
	Position string `json:"position"`
}
