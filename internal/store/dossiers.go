package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

const dossierColumns = `id, product_id, producer_id, commune_code, province_code, kind, decision, card, status, sheet,
	created_at, updated_at, submitted_at, version, receipt_no, received_at, commune_report, return_reason, forwarded_at, self_report, late`

func scanDossier(sc interface{ Scan(...any) error }) (*ocop.Dossier, error) {
	var d ocop.Dossier
	var sub, rec, fwd sql.NullTime
	err := sc.Scan(&d.ID, &d.ProductID, &d.ProducerID, &d.CommuneCode, &d.ProvinceCode, &d.Kind, &d.Decision, &d.Card,
		&d.Status, &d.Sheet, &d.CreatedAt, &d.UpdatedAt, &sub, &d.Version, &d.ReceiptNo, &rec, &d.Report,
		&d.ReturnReason, &fwd, &d.SelfReport, &d.Late)
	if err != nil {
		return nil, mapErr(err)
	}
	d.SubmittedAt, d.ReceivedAt, d.ForwardedAt = sub.Time, rec.Time, fwd.Time
	return &d, nil
}

func dossierAudit(d *ocop.Dossier) map[string]any {
	return map[string]any{"product_id": d.ProductID, "kind": d.Kind, "decision": d.Decision, "card": d.Card,
		"status": d.Status, "sheet": d.Sheet, "receipt_no": d.ReceiptNo, "commune_report": d.Report,
		"return_reason": d.ReturnReason, "self_report": d.SelfReport, "late": d.Late}
}

// CreateDossier opens a dossier.
func (tx *Tx) CreateDossier(ctx context.Context, d *ocop.Dossier) error {
	d.CreatedAt, d.UpdatedAt, d.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO dossiers (product_id, producer_id, commune_code, province_code, kind, decision,
		card, status, sheet, created_at, updated_at, version, self_report, late) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,1,$12,$13)`,
		d.ProductID, d.ProducerID, d.CommuneCode, d.ProvinceCode, d.Kind, d.Decision, d.Card, d.Status, d.Sheet, tx.now, tx.now,
		d.SelfReport, d.Late)
	if err != nil {
		return err
	}
	d.ID = id
	return tx.Audit(ctx, "dossier.create", "dossier", id, d.CommuneCode, nil, dossierAudit(d))
}

// UpdateDossier saves the sheet and status if unchanged since version.
func (tx *Tx) UpdateDossier(ctx context.Context, before, d *ocop.Dossier, action string) error {
	err := expectOne(tx.exec(ctx, `UPDATE dossiers SET sheet = $1, status = $2, submitted_at = $3, updated_at = $4,
		version = version + 1, receipt_no = $7, received_at = $8, commune_report = $9, return_reason = $10,
		forwarded_at = $11, self_report = $12 WHERE id = $5 AND version = $6`, d.Sheet, d.Status, nullTime(d.SubmittedAt),
		tx.now, d.ID, d.Version, d.ReceiptNo, nullTime(d.ReceivedAt), d.Report, d.ReturnReason, nullTime(d.ForwardedAt),
		d.SelfReport))
	if err != nil {
		return err
	}
	d.Version, d.UpdatedAt = d.Version+1, tx.now
	return tx.Audit(ctx, action, "dossier", d.ID, d.CommuneCode, dossierAudit(before), dossierAudit(d))
}

// DossierByID returns one dossier.
func (db *DB) DossierByID(ctx context.Context, id int64) (*ocop.Dossier, error) {
	return scanDossier(db.sql.QueryRowContext(ctx, `SELECT `+dossierColumns+` FROM dossiers WHERE id = $1`, id))
}

// DossiersOfProduct lists a product's dossiers, newest first.
func (db *DB) DossiersOfProduct(ctx context.Context, productID int64) ([]*ocop.Dossier, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+dossierColumns+` FROM dossiers WHERE product_id = $1 ORDER BY id DESC`, productID)
	return collect(rows, err, scanDossier)
}

// AddEvidence records an evidence file.
func (tx *Tx) AddEvidence(ctx context.Context, d *ocop.Dossier, e *ocop.Evidence) error {
	e.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO dossier_evidence (dossier_id, criterion, file_name, file_key, content_type,
		size, sha256, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		e.DossierID, e.Criterion, e.FileName, e.FileKey, e.ContentType, e.Size, e.SHA256, tx.now)
	if err != nil {
		return err
	}
	e.ID = id
	return tx.Audit(ctx, "dossier.evidence", "dossier", d.ID, d.CommuneCode, nil,
		map[string]any{"criterion": e.Criterion, "file_name": e.FileName, "sha256": e.SHA256, "size": e.Size})
}

// EvidenceOf lists a dossier's current evidence by criterion.
func (db *DB) EvidenceOf(ctx context.Context, dossierID int64) ([]*ocop.Evidence, error) {
	return evidenceOf(ctx, db.sql, dossierID, " AND removed_at IS NULL")
}

// EvidenceOf lists a dossier's current evidence inside the transaction.
func (tx *Tx) EvidenceOf(ctx context.Context, dossierID int64) ([]*ocop.Evidence, error) {
	return evidenceOf(ctx, tx.tx, dossierID, " AND removed_at IS NULL")
}

// EvidenceOfDossiers lists the current evidence of several dossiers at
// once, by dossier (a list's Missing counts without a query per row).
func (db *DB) EvidenceOfDossiers(ctx context.Context, ids []int64) (map[int64][]*ocop.Evidence, error) {
	w := &where{}
	inValues(w, "dossier_id", ids)
	rows, err := db.sql.QueryContext(ctx, `SELECT `+evidenceColumns+` FROM dossier_evidence`+w.sql()+
		` AND removed_at IS NULL ORDER BY criterion, id`, w.args...)
	list, err := collect(rows, err, scanEvidence)
	out := map[int64][]*ocop.Evidence{}
	for _, e := range list {
		out[e.DossierID] = append(out[e.DossierID], e)
	}
	return out, err
}

// EvidenceEverOf lists a dossier's evidence including files removed
// since, which earlier submitted versions may name.
func (db *DB) EvidenceEverOf(ctx context.Context, dossierID int64) ([]*ocop.Evidence, error) {
	return evidenceOf(ctx, db.sql, dossierID, "")
}

const evidenceColumns = `id, dossier_id, criterion, file_name, file_key, content_type, size, sha256, created_at`

func evidenceOf(ctx context.Context, q querier, dossierID int64, cond string) ([]*ocop.Evidence, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+evidenceColumns+` FROM dossier_evidence WHERE dossier_id = $1`+cond+
		` ORDER BY criterion, id`, dossierID)
	return collect(rows, err, scanEvidence)
}

func scanEvidence(sc interface{ Scan(...any) error }) (*ocop.Evidence, error) {
	var e ocop.Evidence
	err := sc.Scan(&e.ID, &e.DossierID, &e.Criterion, &e.FileName, &e.FileKey, &e.ContentType, &e.Size, &e.SHA256, &e.CreatedAt)
	return &e, err
}

// RemoveEvidence takes a file off a draft. The row stays, marked removed,
// so the versions submitted before keep naming a file that exists.
func (tx *Tx) RemoveEvidence(ctx context.Context, d *ocop.Dossier, e *ocop.Evidence) error {
	if err := expectOne(tx.exec(ctx, `UPDATE dossier_evidence SET removed_at = $1 WHERE id = $2 AND dossier_id = $3
		AND removed_at IS NULL`, tx.now, e.ID, d.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "dossier.evidence_remove", "dossier", d.ID, d.CommuneCode,
		map[string]any{"criterion": e.Criterion, "file_name": e.FileName, "sha256": e.SHA256}, nil)
}

// DossierFilter selects dossiers.
type DossierFilter struct {
	Scope      ocop.Scope
	ProducerID int64
	Status     string
	Commune    string // one commune of the scope, "" for all
	FiledOnly  bool   // leave out dossiers never submitted (officers' lists)
	// Forwarded keeps dossiers the commune forwarded in [from, to), e.g.
	// the window of an evaluation round; zero times for no bound.
	ForwardedFrom, ForwardedTo time.Time
	// Round keeps the dossiers of one evaluation round; Unassigned those
	// in no undecided round of that level (province, ministry): a round
	// decided before may have sent the dossier on (a central result back
	// to a new provincial round).
	Round      int64
	Unassigned string
	// Proposed keeps dossiers a province proposed to the Ministry by a
	// newest letter dated in [from, to), YYYY-MM-DD.
	ProposedFrom, ProposedTo string
	Proposed                 bool // only dossiers a province ever proposed to the Ministry
	Limit                    int
	Offset                   int

	// Additions keeps dossiers with a Ministry's request for additions
	// not closed yet, whatever step it is at.
	Additions bool
}

// DossierRow is a dossier with the names a list shows.
type DossierRow struct {
	*ocop.Dossier
	ProductName  string
	ProducerName string
	CommuneName  string
	ProductCode  string // "" until the commune's first receipt
}

// Dossiers lists dossiers, oldest submission first (the queue order).
func (db *DB) Dossiers(ctx context.Context, f DossierFilter) ([]DossierRow, int, error) {
	w := &where{}
	w.scope(f.Scope, "d.province_code", "d.commune_code")
	if f.ProducerID != 0 {
		w.add("d.producer_id = %s", f.ProducerID)
	}
	if f.Status != "" {
		w.add("d.status = %s", f.Status)
	}
	if f.Commune != "" {
		w.add("d.commune_code = %s", f.Commune)
	}
	if f.FiledOnly {
		w.conds = append(w.conds, "d.submitted_at IS NOT NULL")
	}
	if !f.ForwardedFrom.IsZero() {
		w.add("d.forwarded_at >= %s", f.ForwardedFrom.UTC())
	}
	if !f.ForwardedTo.IsZero() {
		w.add("d.forwarded_at < %s", f.ForwardedTo.UTC())
	}
	if f.Round != 0 {
		w.add("d.id IN (SELECT dossier_id FROM round_dossiers WHERE round_id = %s)", f.Round)
	}
	if f.Unassigned != "" {
		w.add(`d.id NOT IN (SELECT rd.dossier_id FROM round_dossiers rd JOIN rounds r ON r.id = rd.round_id
			WHERE rd.level = %s AND r.status <> 'decided')`, f.Unassigned)
	}
	if f.Proposed {
		w.conds = append(w.conds, "d.id IN (SELECT dossier_id FROM ministry_proposals)")
	}
	if f.Additions {
		w.conds = append(w.conds, "d.id IN (SELECT dossier_id FROM ministry_additions WHERE status <> 'closed')")
	}
	if f.ProposedFrom != "" {
		w.add("d.id IN (SELECT dossier_id FROM "+newestProposals+" WHERE letter_date >= %s)", f.ProposedFrom)
	}
	if f.ProposedTo != "" {
		w.add("d.id IN (SELECT dossier_id FROM "+newestProposals+" WHERE letter_date < %s)", f.ProposedTo)
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM dossiers d`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	cols := `d.id, d.product_id, d.producer_id, d.commune_code, d.province_code, d.kind, d.decision, d.card, d.status,
		d.sheet, d.created_at, d.updated_at, d.submitted_at, d.version, d.receipt_no, d.received_at, d.commune_report,
		d.return_reason, d.forwarded_at, d.self_report, d.late, p.name, pr.name, c.name, p.code`
	q := `SELECT ` + cols + ` FROM dossiers d JOIN products p ON p.id = d.product_id JOIN producers pr ON pr.id = d.producer_id
		JOIN units c ON c.code = d.commune_code` + w.sql() + ` ORDER BY d.submitted_at, d.id` + w.page(f.Limit, f.Offset)
	rows, err := db.sql.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []DossierRow
	for rows.Next() {
		var r DossierRow
		var extra [4]string
		d, err := scanDossier(scanTails{rows, []*string{&extra[0], &extra[1], &extra[2], &extra[3]}})
		if err != nil {
			return nil, 0, err
		}
		r.Dossier, r.ProductName, r.ProducerName, r.CommuneName, r.ProductCode = d, extra[0], extra[1], extra[2], extra[3]
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// scanTails appends several extra string destinations to a shared scanner.
type scanTails struct {
	sc    interface{ Scan(...any) error }
	extra []*string
}

func (s scanTails) Scan(dest ...any) error {
	for _, e := range s.extra {
		dest = append(dest, e)
	}
	return s.sc.Scan(dest...)
}

// NextSequence hands out the next number of a commune's yearly sequence
// ("receipt" for Mẫu 01 receipts, "product" for product codes). The row
// update locks the counter, so two officers never get the same number.
func (tx *Tx) NextSequence(ctx context.Context, commune string, year int, kind string) (int, error) {
	var n int
	err := tx.queryRow(ctx, `INSERT INTO commune_sequences (commune_code, year, kind, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (commune_code, year, kind) DO UPDATE SET last = commune_sequences.last + 1 RETURNING last`,
		commune, year, kind).Scan(&n)
	return n, mapErr(err)
}

// AddDossierVersion keeps the dossier as just submitted, numbered after
// the versions before it.
func (tx *Tx) AddDossierVersion(ctx context.Context, v *ocop.DossierVersion) error {
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(n), 0) + 1 FROM dossier_versions WHERE dossier_id = $1`,
		v.DossierID).Scan(&v.N); err != nil {
		return mapErr(err)
	}
	ev, err := json.Marshal(v.Evidence)
	if err != nil {
		return err
	}
	v.SubmittedAt = tx.now
	_, err = tx.exec(ctx, `INSERT INTO dossier_versions (dossier_id, n, submitted_at, submitted_by, sheet, self_report, evidence)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, v.DossierID, v.N, tx.now, v.SubmittedBy, v.Sheet, v.SelfReport, string(ev))
	return mapErr(err)
}

// DossierVersions lists a dossier's submitted versions, oldest first.
func (db *DB) DossierVersions(ctx context.Context, dossierID int64) ([]*ocop.DossierVersion, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT dossier_id, n, submitted_at, submitted_by, sheet, self_report, evidence
		FROM dossier_versions WHERE dossier_id = $1 ORDER BY n`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ocop.DossierVersion
	for rows.Next() {
		var v ocop.DossierVersion
		var ev string
		if err := rows.Scan(&v.DossierID, &v.N, &v.SubmittedAt, &v.SubmittedBy, &v.Sheet, &v.SelfReport, &ev); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(ev), &v.Evidence); err != nil {
			return nil, err
		}
		out = append(out, &v)
	}
	return out, rows.Err()
}

// CommuneCount is how many dossiers of a commune are in each status.
type CommuneCount struct {
	Code, Name string
	ByStatus   map[string]int
	Total      int
}

// DossierCounts counts the dossiers in scope by commune and status, the
// province's view of where its communes stand.
func (db *DB) DossierCounts(ctx context.Context, scope ocop.Scope) ([]*CommuneCount, error) {
	w := &where{}
	w.scope(scope, "d.province_code", "d.commune_code")
	w.conds = append(w.conds, "d.submitted_at IS NOT NULL") // officers see filed dossiers only
	rows, err := db.sql.QueryContext(ctx, `SELECT d.commune_code, c.name, d.status, COUNT(*) FROM dossiers d
		JOIN units c ON c.code = d.commune_code`+w.sql()+` GROUP BY d.commune_code, c.name, d.status
		ORDER BY c.name, d.commune_code`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*CommuneCount
	for rows.Next() {
		var code, name, status string
		var n int
		if err := rows.Scan(&code, &name, &status, &n); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, &CommuneCount{Code: code, Name: name, ByStatus: map[string]int{}})
		}
		c := out[len(out)-1]
		c.ByStatus[status] += n
		c.Total += n
	}
	return out, rows.Err()
}
