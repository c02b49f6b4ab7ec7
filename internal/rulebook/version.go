package rulebook

import (
	"fmt"
	"time"
)

var vnZone = time.FixedZone("ICT", 7*3600)

// DecisionFor returns the decision under which a dossier filed on a date
// is scored. QĐ 26/2026 Điều 12: dossiers filed before 22/5/2026 and not
// yet evaluated finish under the old rules (QĐ 148, within 60 days for a
// first rating or upgrade, 30 for a re-rating); from 22/5/2026 the new
// scorecards apply. So the filing date alone decides: the newest decision
// in force on that day.
func DecisionFor(filed time.Time) (*Decision, error) {
	day := time.Date(filed.In(vnZone).Year(), filed.In(vnZone).Month(), filed.In(vnZone).Day(), 0, 0, 0, 0, vnZone)
	var pick *Decision
	for _, d := range Decisions() {
		if !d.EffectiveFrom.After(day) && (pick == nil || d.EffectiveFrom.After(pick.EffectiveFrom)) {
			pick = d
		}
	}
	if pick == nil {
		return nil, fmt.Errorf("hồ sơ nộp ngày %s: bộ tiêu chí trước Quyết định 148/QĐ-TTg (24/02/2023) chưa có trong hệ thống",
			day.Format("02/01/2006"))
	}
	return pick, nil
}
