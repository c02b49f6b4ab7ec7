package service

import (
	"cmp"
	"context"
	"encoding/json"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// OpenDossier starts a dossier for one of the producer's own products. A
// product has at most one dossier not yet decided on, and the kind must
// fit its certificate (see checkOpening).
func (s *Service) OpenDossier(ctx context.Context, u *ocop.User, productID int64, kind string) (*ocop.Dossier, error) {
	prod, err := s.Product(ctx, u, productID)
	if err != nil {
		return nil, err
	}
	if _, err := s.ownProducer(ctx, u, prod.ProducerID); err != nil {
		return nil, err
	}
	d, err := newDossier(prod, kind)
	if err != nil {
		return nil, err
	}
	earlier, err := s.DB.DossiersOfProduct(ctx, productID)
	if err != nil {
		return nil, err
	}
	var last *ocop.Dossier // the latest dossier taken into evaluation
	for _, e := range earlier {
		if e.Status != ocop.DossierAccepted {
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.dossier_open")
		}
		if last == nil {
			last = e // newest first
		}
	}
	if err := s.checkOpening(ctx, d); err != nil {
		return nil, err
	}
	// An upgrade or re-rating starts from the last dossier: the same
	// self-assessment and evidence, to change where things changed.
	var carried []*ocop.Evidence
	if last != nil && kind != ocop.DossierFirst {
		d.SelfReport = last.SelfReport // the history and the plan carry over, to update
	}
	if last != nil && kind != ocop.DossierFirst && last.Decision == d.Decision && last.Card == d.Card {
		d.Sheet = last.Sheet
		if carried, err = s.DB.EvidenceOf(ctx, last.ID); err != nil {
			return nil, err
		}
	}
	copies, err := s.copyEvidence(carried)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.CreateDossier(ctx, d); err != nil {
			return err
		}
		for _, e := range copies {
			e.DossierID = d.ID
			if err := tx.AddEvidence(ctx, d, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for _, e := range copies {
			s.Files.Remove(e.FileKey)
		}
	}
	return d, err
}

// newDossier is the empty draft of a product, on the current decision
// and the product's scorecard; the kind must be one the law knows and the
// product must be classified.
func newDossier(prod *ocop.Product, kind string) (*ocop.Dossier, error) {
	v := ocop.Validation{}
	if kind != ocop.DossierFirst && kind != ocop.DossierUpgrade && kind != ocop.DossierRerating {
		v.Add("kind", "err.choose")
	}
	if prod.Card == 0 {
		v.Add("card", "err.product_unclassified")
	}
	return &ocop.Dossier{ProductID: prod.ID, ProducerID: prod.ProducerID, CommuneCode: prod.CommuneCode,
		ProvinceCode: prod.ProvinceCode, Kind: kind, Decision: CurrentDecision, Card: prod.Card,
		Status: ocop.DossierDraft, Sheet: "{}", SelfReport: "{}"}, v.Err()
}

// copyEvidence stores a fresh copy of each file, so the new dossier owns
// its evidence and the recognised version stays untouched.
func (s *Service) copyEvidence(list []*ocop.Evidence) ([]*ocop.Evidence, error) {
	if len(list) > 0 && s.Files == nil {
		return nil, errNoFiles
	}
	var out []*ocop.Evidence
	for _, e := range list {
		f, err := s.Files.Get(e.FileKey)
		if err != nil {
			return nil, err
		}
		saved, err := s.Files.Save(f, e.FileName)
		f.Close()
		if err != nil {
			return nil, err
		}
		c := *e
		c.ID, c.FileKey = 0, saved.Key
		out = append(out, &c)
	}
	return out, nil
}

// Change is a criterion whose self-assessed points differ from the last
// dossier taken into evaluation (what QĐ 26/2026 Điều 6.1 asks an upgrade
// dossier to show).
type Change struct {
	Criterion string
	Before    float64
	After     float64
	HadBefore bool
}

// Changes lists the criteria whose points moved since the recognised
// dossier.
func (s *Service) Changes(ctx context.Context, d *ocop.Dossier) ([]Change, error) {
	diff, err := s.SinceRecognised(ctx, d)
	if diff == nil || err != nil {
		return nil, err
	}
	var out []Change
	for _, c := range diff.Criteria {
		if c.Before == c.After {
			continue // only the evidence changed
		}
		b, errB := strconv.ParseFloat(c.Before, 64)
		a, _ := strconv.ParseFloat(c.After, 64)
		out = append(out, Change{c.Code, b, a, errB == nil})
	}
	return out, nil
}

// SinceRecognised compares an upgrade or re-rating dossier, as it stands,
// with the product's last dossier taken into evaluation as it was last
// filed: points, evidence and the Mẫu 02 report. It is nil for a first
// rating or when there is nothing earlier.
func (s *Service) SinceRecognised(ctx context.Context, d *ocop.Dossier) (*VersionDiff, error) {
	if d.Kind == ocop.DossierFirst {
		return nil, nil
	}
	all, err := s.DB.DossiersOfProduct(ctx, d.ProductID)
	if err != nil {
		return nil, err
	}
	var prev *ocop.Dossier
	for _, e := range all {
		if e.ID < d.ID && e.Status == ocop.DossierAccepted {
			prev = e
			break
		}
	}
	if prev == nil {
		return nil, nil
	}
	versions, err := s.DB.DossierVersions(ctx, prev.ID)
	if err != nil {
		return nil, err
	}
	var before *ocop.DossierVersion
	if len(versions) > 0 {
		before = versions[len(versions)-1]
	} else if before, err = s.Current(ctx, prev); err != nil { // filed before versions were kept
		return nil, err
	}
	after, err := s.Current(ctx, d)
	if err != nil {
		return nil, err
	}
	return Compare(d, before, after)
}

// Dossier returns a dossier for those who may see its producer.
func (s *Service) Dossier(ctx context.Context, u *ocop.User, id int64) (*ocop.Dossier, error) {
	if err := require(u, ocop.PermProducerView); err != nil {
		return nil, err
	}
	d, err := s.DB.DossierByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return d, s.canSee(ctx, u, d)
}

// canSee is the rule Dossier applies, for a dossier already loaded: its
// producer or the staff of its unit once it was filed; never a council
// member who declared a link to its producer.
func (s *Service) canSee(ctx context.Context, u *ocop.User, d *ocop.Dossier) error {
	if err := require(u, ocop.PermProducerView); err != nil {
		return err
	}
	if !sees(u, d.ProvinceCode, d.CommuneCode, d.ProducerID) || u.Role != ocop.RoleProducer && !d.Filed() {
		return ocop.ErrNotFound()
	}
	if u.Can(ocop.PermCouncilScore) {
		if linked, err := s.DB.HasConflict(ctx, u.ID, d.ProducerID); err != nil || linked {
			return cmp.Or(err, error(ocop.ErrNotFound()))
		}
	}
	return nil
}

// DossierCard is the scorecard a dossier is assessed on.
func DossierCard(d *ocop.Dossier) (*rulebook.Card, error) { return rulebook.CardOf(d.Decision, d.Card) }

// Scored returns a dossier's scorecard, its self-assessment and the
// engine's result on it.
func Scored(d *ocop.Dossier) (*rulebook.Card, rulebook.Sheet, *rulebook.Result, error) {
	card, err := DossierCard(d)
	if err != nil {
		return nil, rulebook.Sheet{}, nil, err
	}
	sheet := SheetOf(d)
	res, err := card.Score(sheet)
	return card, sheet, res, err
}

// SheetOf reads a dossier's saved self-assessment.
func SheetOf(d *ocop.Dossier) rulebook.Sheet {
	var sh rulebook.Sheet
	json.Unmarshal([]byte(d.Sheet), &sh)
	if sh.Answers == nil {
		sh.Answers = map[string]float64{}
	}
	return sh
}

// draftOf loads a dossier its producer may still change.
func (s *Service) draftOf(ctx context.Context, u *ocop.User, id int64) (*ocop.Dossier, error) {
	d, err := s.Dossier(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.ownProducer(ctx, u, d.ProducerID); err != nil {
		return nil, err
	}
	if !d.Editable() {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.dossier_not_draft")
	}
	return d, nil
}

// SaveSheet stores the producer's self-assessment after the engine has
// checked every answer against the scorecard.
func (s *Service) SaveSheet(ctx context.Context, u *ocop.User, id, version int64, sheet rulebook.Sheet) (*ocop.Dossier, error) {
	d, err := s.draftOf(ctx, u, id)
	if err != nil {
		return nil, err
	}
	card, err := DossierCard(d)
	if err != nil {
		return nil, err
	}
	if err := card.Validate(sheet); err != nil {
		return nil, err
	}
	if version != d.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	b, _ := json.Marshal(sheet)
	next := *d
	next.Sheet = string(b)
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.assess") })
	return &next, err
}

// AddEvidence attaches a file to a criterion of a draft dossier.
func (s *Service) AddEvidence(ctx context.Context, u *ocop.User, id int64, criterion, name string, file io.Reader) (*ocop.Evidence, error) {
	d, err := s.draftOf(ctx, u, id)
	if err != nil {
		return nil, err
	}
	card, err := DossierCard(d)
	if err != nil {
		return nil, err
	}
	if card.Criterion(criterion) == nil {
		return nil, &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: map[string]string{"criterion": "err.choose"}}
	}
	if s.Files == nil {
		return nil, errNoFiles
	}
	saved, err := s.Files.Save(file, name)
	if err != nil {
		return nil, fieldError("file", err)
	}
	e := &ocop.Evidence{DossierID: d.ID, Criterion: criterion, FileName: clean(name), FileKey: saved.Key,
		ContentType: saved.ContentType, Size: saved.Size, SHA256: saved.SHA256}
	if err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddEvidence(ctx, d, e) }); err != nil {
		s.Files.Remove(saved.Key)
		return nil, err
	}
	return e, nil
}

// RemoveEvidence takes a file off a dossier its producer may still change.
func (s *Service) RemoveEvidence(ctx context.Context, u *ocop.User, id, evidenceID int64) error {
	d, err := s.draftOf(ctx, u, id)
	if err != nil {
		return err
	}
	list, err := s.DB.EvidenceOf(ctx, id)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(e *ocop.Evidence) bool { return e.ID == evidenceID })
	if i < 0 {
		return ocop.ErrNotFound()
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.RemoveEvidence(ctx, d, list[i]) })
}

// Evidence lists a dossier's evidence.
func (s *Service) Evidence(ctx context.Context, u *ocop.User, id int64) ([]*ocop.Evidence, error) {
	if _, err := s.Dossier(ctx, u, id); err != nil {
		return nil, err
	}
	return s.DB.EvidenceOf(ctx, id)
}

// EvidenceFile opens one evidence file of a dossier the user may see,
// including files removed since an earlier version was submitted.
func (s *Service) EvidenceFile(ctx context.Context, u *ocop.User, dossierID, id int64) (*ocop.Evidence, *os.File, error) {
	if _, err := s.Dossier(ctx, u, dossierID); err != nil {
		return nil, nil, err
	}
	list, err := s.DB.EvidenceEverOf(ctx, dossierID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(list, func(e *ocop.Evidence) bool { return e.ID == id })
	if i < 0 || s.Files == nil {
		return nil, nil, ocop.ErrNotFound()
	}
	f, err := s.Files.Get(list[i].FileKey)
	return list[i], f, err
}

// Missing lists, in plain Vietnamese, what keeps a dossier from being
// submitted: unanswered criteria, answered criteria without evidence, and
// the producer's required papers (business registration; for food and
// drink, the food-safety certificate) missing or expired.
func (s *Service) Missing(ctx context.Context, d *ocop.Dossier) ([]string, error) {
	evidence, err := s.DB.EvidenceOf(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	return s.missing(ctx, d, evidence)
}

// missing is Missing with the dossier's current evidence already read.
func (s *Service) missing(ctx context.Context, d *ocop.Dossier, evidence []*ocop.Evidence) ([]string, error) {
	docs, err := s.DB.Documents(ctx, d.ProducerID)
	if err != nil {
		return nil, err
	}
	return missingFrom(d, evidence, docs)
}

// missingFrom is Missing with the evidence and the producer's papers read.
func missingFrom(d *ocop.Dossier, evidence []*ocop.Evidence, docs []*ocop.Document) ([]string, error) {
	card, err := DossierCard(d)
	if err != nil {
		return nil, err
	}
	sheet := SheetOf(d)
	proved := map[string]bool{}
	for _, e := range evidence {
		proved[e.Criterion] = true
	}
	var out []string
	var unanswered []string
	for _, cr := range card.Criteria() {
		pts, ok := sheet.Answers[cr.Code]
		switch {
		case !ok:
			unanswered = append(unanswered, cr.Code)
		case pts > 0 && !proved[cr.Code]:
			out = append(out, i18n.T("dossier.missing_evidence", cr.Code, cr.Title))
		}
	}
	if len(unanswered) > 0 {
		out = append([]string{i18n.T("dossier.missing_answers", len(unanswered), strings.Join(unanswered, ", "))}, out...)
	}
	out = append(missingInReport(d), out...)
	need := []string{"dang_ky_kinh_doanh"}
	if card.Type == "Thực phẩm" || card.Type == "Đồ uống" {
		need = append(need, "attp")
	}
	today := time.Now().In(i18n.Zone)
	for _, kind := range need {
		ok := slices.ContainsFunc(docs, func(doc *ocop.Document) bool {
			st, _ := doc.Validity(today)
			return doc.Kind == kind && st != "expired"
		})
		if !ok {
			out = append(out, i18n.T("dossier.missing_document", i18n.T("doc."+kind)))
		}
	}
	return out, nil
}

// Submit sends a complete draft to the commune.
func (s *Service) Submit(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	d, err := s.draftOf(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if version != d.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	missing, err := s.Missing(ctx, d)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, ocop.Errorf(ocop.EINVALID, "err.dossier_incomplete")
	}
	// Additions the Ministry asked for go back to the province, not the
	// commune.
	refile, err := s.refiling(ctx, d)
	if err != nil {
		return nil, err
	}
	next := *d
	next.Status, next.ReturnReason = ocop.DossierSubmitted, ""
	if refile != nil {
		next.Status = ocop.DossierAdditions
	}
	next.SubmittedAt = s.DB.Now().UTC().Truncate(time.Microsecond)
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if refile != nil {
			if err := tx.SetAdditionsStatus(ctx, refile, ocop.AdditionsRefiled); err != nil {
				return err
			}
		}
		if err := tx.UpdateDossier(ctx, d, &next, "dossier.submit"); err != nil {
			return err
		}
		if err := keepVersion(ctx, tx, u, &next); err != nil {
			return err
		}
		return s.notifyMove(ctx, tx, &next)
	})
	return &next, err
}

// fieldError moves a file check's message onto a form field.
func fieldError(field string, err error) error {
	if e, ok := err.(*ocop.Error); ok && e.Code == ocop.EINVALID {
		return &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: map[string]string{field: e.Message}}
	}
	return err
}
