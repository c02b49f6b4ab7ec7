package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// The advisory team's review rows are audited on the round, in the
// round's province, with the dossier named in the payload.

// AddAdvisoryNote records a team member's note on a dossier.
func (tx *Tx) AddAdvisoryNote(ctx context.Context, r *ocop.EvalRound, n *ocop.AdvisoryNote) error {
	n.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO advisory_notes (round_id, dossier_id, user_id, body, created_at)
		VALUES ($1,$2,$3,$4,$5)`, n.RoundID, n.DossierID, n.UserID, n.Body, tx.now)
	if err != nil {
		return err
	}
	n.ID = id
	return tx.Audit(ctx, "advisory.note", "round", r.ID, r.ProvinceCode, nil, n)
}

// AdvisoryNotes lists the notes on a dossier of a round, oldest first.
func (db *DB) AdvisoryNotes(ctx context.Context, roundID, dossierID int64) ([]*ocop.AdvisoryNote, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT n.id, n.round_id, n.dossier_id, n.user_id, u.full_name, n.body,
		n.created_at FROM advisory_notes n JOIN users u ON u.id = n.user_id WHERE n.round_id = $1 AND n.dossier_id = $2
		ORDER BY n.id`, roundID, dossierID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.AdvisoryNote, error) {
		var n ocop.AdvisoryNote
		return &n, sc.Scan(&n.ID, &n.RoundID, &n.DossierID, &n.UserID, &n.Author, &n.Body, &n.CreatedAt)
	})
}

// AddSiteVisit records a site visit.
func (tx *Tx) AddSiteVisit(ctx context.Context, r *ocop.EvalRound, v *ocop.SiteVisit) error {
	v.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO site_visits (round_id, dossier_id, visit_date, place, participants,
		findings, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, v.RoundID, v.DossierID, v.Date, v.Place,
		v.Participants, v.Findings, v.CreatedBy, tx.now)
	if err != nil {
		return err
	}
	v.ID = id
	return tx.Audit(ctx, "advisory.visit", "round", r.ID, r.ProvinceCode, nil, v)
}

// SiteVisits lists the visits on a dossier of a round with their photos.
func (db *DB) SiteVisits(ctx context.Context, roundID, dossierID int64) ([]*ocop.SiteVisit, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, round_id, dossier_id, visit_date, place, participants, findings,
		created_by, created_at FROM site_visits WHERE round_id = $1 AND dossier_id = $2 ORDER BY visit_date, id`,
		roundID, dossierID)
	visits, err := collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.SiteVisit, error) {
		v := ocop.SiteVisit{Photos: []*ocop.VisitPhoto{}}
		return &v, sc.Scan(&v.ID, &v.RoundID, &v.DossierID, &v.Date, &v.Place, &v.Participants, &v.Findings,
			&v.CreatedBy, &v.CreatedAt)
	})
	if err != nil || len(visits) == 0 {
		return visits, err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT p.id, p.visit_id, p.file_name, p.file_key, p.content_type, p.size,
		p.sha256, p.created_at FROM site_visit_photos p JOIN site_visits v ON v.id = p.visit_id
		WHERE v.round_id = $1 AND v.dossier_id = $2 ORDER BY p.id`, roundID, dossierID)
	photos, err := collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.VisitPhoto, error) {
		var p ocop.VisitPhoto
		return &p, sc.Scan(&p.ID, &p.VisitID, &p.FileName, &p.FileKey, &p.ContentType, &p.Size, &p.SHA256, &p.CreatedAt)
	})
	for _, p := range photos {
		for _, v := range visits {
			if v.ID == p.VisitID {
				v.Photos = append(v.Photos, p)
			}
		}
	}
	return visits, err
}

// AddVisitPhoto records a photo of a site visit.
func (tx *Tx) AddVisitPhoto(ctx context.Context, r *ocop.EvalRound, p *ocop.VisitPhoto) error {
	p.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO site_visit_photos (visit_id, file_name, file_key, content_type, size,
		sha256, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`, p.VisitID, p.FileName, p.FileKey, p.ContentType, p.Size,
		p.SHA256, tx.now)
	if err != nil {
		return err
	}
	p.ID = id
	return tx.Audit(ctx, "advisory.visit_photo", "round", r.ID, r.ProvinceCode, nil, p)
}

const labColumns = `id, round_id, dossier_id, what, lab, deadline, status, result_note, result_name, result_key,
	result_type, result_size, result_sha256, requested_by, created_at, updated_at, version`

// AddLabRequest records a request for an extra lab test.
func (tx *Tx) AddLabRequest(ctx context.Context, r *ocop.EvalRound, l *ocop.LabRequest) error {
	l.CreatedAt, l.UpdatedAt, l.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO lab_requests (round_id, dossier_id, what, lab, deadline, status,
		requested_by, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1)`, l.RoundID, l.DossierID,
		l.What, l.Lab, l.Deadline, l.Status, l.RequestedBy, tx.now, tx.now)
	if err != nil {
		return err
	}
	l.ID = id
	return tx.Audit(ctx, "advisory.lab_request", "round", r.ID, r.ProvinceCode, nil, l)
}

// ReceiveLab records a lab's result if the request is unchanged since
// before.Version.
func (tx *Tx) ReceiveLab(ctx context.Context, r *ocop.EvalRound, before, l *ocop.LabRequest) error {
	if err := expectOne(tx.exec(ctx, `UPDATE lab_requests SET status = $1, result_note = $2, result_name = $3,
		result_key = $4, result_type = $5, result_size = $6, result_sha256 = $7, updated_at = $8, version = version + 1
		WHERE id = $9 AND version = $10`, l.Status, l.ResultNote, l.ResultName, l.ResultKey, l.ResultType, l.ResultSize,
		l.ResultSHA256, tx.now, l.ID, before.Version)); err != nil {
		return err
	}
	l.UpdatedAt, l.Version = tx.now, before.Version+1
	return tx.Audit(ctx, "advisory.lab_result", "round", r.ID, r.ProvinceCode, before, l)
}

// LabRequests lists the lab requests on a dossier of a round.
func (db *DB) LabRequests(ctx context.Context, roundID, dossierID int64) ([]*ocop.LabRequest, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+labColumns+` FROM lab_requests WHERE round_id = $1
		AND dossier_id = $2 ORDER BY id`, roundID, dossierID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.LabRequest, error) {
		var l ocop.LabRequest
		return &l, sc.Scan(&l.ID, &l.RoundID, &l.DossierID, &l.What, &l.Lab, &l.Deadline, &l.Status, &l.ResultNote,
			&l.ResultName, &l.ResultKey, &l.ResultType, &l.ResultSize, &l.ResultSHA256, &l.RequestedBy, &l.CreatedAt,
			&l.UpdatedAt, &l.Version)
	})
}

// SaveVerdict sets the team's verdict on a dossier: a first verdict
// (before nil) is inserted, a change needs the version read.
func (tx *Tx) SaveVerdict(ctx context.Context, r *ocop.EvalRound, before, v *ocop.AdvisoryVerdict) error {
	v.UpdatedAt = tx.now
	if before == nil {
		v.Version = 1
		if _, err := tx.exec(ctx, `INSERT INTO advisory_verdicts (round_id, dossier_id, verdict, reasons, user_id,
			updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,1)`, v.RoundID, v.DossierID, v.Verdict, v.Reasons, v.UserID,
			tx.now); err != nil {
			return err
		}
		return tx.Audit(ctx, "advisory.verdict", "round", r.ID, r.ProvinceCode, nil, v)
	}
	if err := expectOne(tx.exec(ctx, `UPDATE advisory_verdicts SET verdict = $1, reasons = $2, user_id = $3,
		updated_at = $4, version = version + 1 WHERE round_id = $5 AND dossier_id = $6 AND version = $7`, v.Verdict,
		v.Reasons, v.UserID, tx.now, v.RoundID, v.DossierID, before.Version)); err != nil {
		return err
	}
	v.Version = before.Version + 1
	return tx.Audit(ctx, "advisory.verdict", "round", r.ID, r.ProvinceCode, before, v)
}

// Verdicts lists the verdicts of a round by dossier.
func (db *DB) Verdicts(ctx context.Context, roundID int64) (map[int64]*ocop.AdvisoryVerdict, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT round_id, dossier_id, verdict, reasons, user_id, updated_at, version
		FROM advisory_verdicts WHERE round_id = $1`, roundID)
	list, err := collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.AdvisoryVerdict, error) {
		var v ocop.AdvisoryVerdict
		return &v, sc.Scan(&v.RoundID, &v.DossierID, &v.Verdict, &v.Reasons, &v.UserID, &v.UpdatedAt, &v.Version)
	})
	out := map[int64]*ocop.AdvisoryVerdict{}
	for _, v := range list {
		out[v.DossierID] = v
	}
	return out, err
}

// SubmitAdvisoryReport records the team's report; a second one is a
// conflict.
func (tx *Tx) SubmitAdvisoryReport(ctx context.Context, r *ocop.EvalRound, rep *ocop.AdvisoryReport) error {
	rep.SubmittedAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO advisory_reports (round_id, summary, submitted_by, submitted_at)
		VALUES ($1,$2,$3,$4)`, rep.RoundID, rep.Summary, rep.SubmittedBy, tx.now); err != nil {
		return err
	}
	return tx.Audit(ctx, "advisory.report", "round", r.ID, r.ProvinceCode, nil, rep)
}

// AdvisoryReportOf returns a round's submitted report.
func (db *DB) AdvisoryReportOf(ctx context.Context, roundID int64) (*ocop.AdvisoryReport, error) {
	var rep ocop.AdvisoryReport
	err := db.sql.QueryRowContext(ctx, `SELECT round_id, summary, submitted_by, submitted_at FROM advisory_reports
		WHERE round_id = $1`, roundID).Scan(&rep.RoundID, &rep.Summary, &rep.SubmittedBy, &rep.SubmittedAt)
	if err != nil {
		return nil, mapErr(err)
	}
	return &rep, nil
}
