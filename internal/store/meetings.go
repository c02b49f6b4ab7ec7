package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// MeetingOf returns the record of a round's council session; none
// recorded yet gives an empty one at version 0.
func (db *DB) MeetingOf(ctx context.Context, roundID int64) (*ocop.Meeting, error) {
	m := ocop.Meeting{RoundID: roundID}
	err := mapErr(db.sql.QueryRowContext(ctx, `SELECT meeting_date, place, notes, updated_at, version
		FROM council_meetings WHERE round_id = $1`, roundID).Scan(&m.Date, &m.Place, &m.Notes, &m.UpdatedAt, &m.Version))
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return &m, nil
	}
	return &m, err
}

// SaveMeeting records the session (m.Version 0 creates it) if unchanged
// since m.Version.
func (tx *Tx) SaveMeeting(ctx context.Context, r *ocop.EvalRound, before, m *ocop.Meeting) error {
	m.UpdatedAt = tx.now
	var err error
	if m.Version == 0 {
		_, err = tx.exec(ctx, `INSERT INTO council_meetings (round_id, meeting_date, place, notes, updated_at, version)
			VALUES ($1,$2,$3,$4,$5,1)`, m.RoundID, m.Date, m.Place, m.Notes, tx.now)
	} else {
		err = expectOne(tx.exec(ctx, `UPDATE council_meetings SET meeting_date = $1, place = $2, notes = $3, updated_at = $4,
			version = version + 1 WHERE round_id = $5 AND version = $6`, m.Date, m.Place, m.Notes, tx.now, m.RoundID, m.Version))
	}
	if err != nil {
		return err
	}
	m.Version++
	return tx.Audit(ctx, "council.meeting", "round", r.ID, r.ProvinceCode, before, m)
}
