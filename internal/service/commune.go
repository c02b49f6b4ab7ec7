package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// communeDossier loads a filed dossier the commune officer may act on.
func (s *Service) communeDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	return s.dossierAt(ctx, u, id, version, ocop.PermDossierCommune, ocop.DossierSubmitted, "err.dossier_not_submitted")
}

// dossierAt loads a dossier for a step that needs a permission and a
// status, at the version the user saw.
func (s *Service) dossierAt(ctx context.Context, u *ocop.User, id, version int64, perm ocop.Perm, status, notThere string) (*ocop.Dossier, error) {
	if err := require(u, perm); err != nil {
		return nil, err
	}
	d, err := s.Dossier(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if d.Status != status {
		return nil, ocop.Errorf(ocop.ECONFLICT, notThere)
	}
	if version != d.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return d, nil
}

// transition saves a changed copy of a dossier under an audit action.
func (s *Service) transition(ctx context.Context, u *ocop.User, d *ocop.Dossier, action string, change func(*ocop.Dossier)) (*ocop.Dossier, error) {
	next := *d
	change(&next)
	err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.UpdateDossier(ctx, d, &next, action); err != nil {
			return err
		}
		if next.Status == d.Status {
			return nil
		}
		return s.notifyMove(ctx, tx, &next)
	})
	return &next, err
}

// sendBack hands a dossier back to its producer with a required reason.
func (s *Service) sendBack(ctx context.Context, u *ocop.User, d *ocop.Dossier, status, reason, action string) (*ocop.Dossier, error) {
	v := ocop.Validation{}
	reason = clean(reason)
	checkRequired(v, "reason", reason, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.transition(ctx, u, d, action, func(n *ocop.Dossier) { n.Status, n.ReturnReason = status, reason })
}

// ReportOf reads the commune's Mẫu 03 assessment of a dossier.
func ReportOf(d *ocop.Dossier) ocop.CommuneReport {
	var r ocop.CommuneReport
	json.Unmarshal([]byte(d.Report), &r)
	return r
}

// ReceiveDossier gives a filed dossier its receipt number, "Phiếu số
// NNN/PĐK-(tỉnh)-(xã)-(năm)", from the commune's own yearly sequence.
func (s *Service) ReceiveDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	d, err := s.communeDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	if d.ReceiptNo != "" {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.dossier_received")
	}
	prod, err := s.Product(ctx, u, d.ProductID)
	if err != nil {
		return nil, err
	}
	next := *d
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		year := tx.Now().In(i18n.Zone).Year()
		n, err := tx.NextSequence(ctx, d.CommuneCode, year, "receipt")
		if err != nil {
			return err
		}
		next.ReceiptNo = fmt.Sprintf("%03d/PĐK-%s-%s-%d", n, d.ProvinceCode, d.CommuneCode, year)
		next.ReceivedAt = tx.Now()
		if err := tx.UpdateDossier(ctx, d, &next, "dossier.receive"); err != nil {
			return err
		}
		return assignProductCode(ctx, tx, prod, year)
	})
	return &next, err
}

// assignProductCode gives a product its code of QĐ 26/2026, "Mã số sản
// phẩm (T)-(X)-(STT)-(Năm)": province and commune codes of QĐ 19/2025, the
// commune's own product sequence and the evaluation year. The first
// receipt assigns it; later dossiers (upgrade, re-rating) keep it.
func assignProductCode(ctx context.Context, tx *store.Tx, prod *ocop.Product, year int) error {
	if prod.Code != "" {
		return nil
	}
	n, err := tx.NextSequence(ctx, prod.CommuneCode, year, "product")
	if err != nil {
		return err
	}
	return tx.SetProductCode(ctx, prod, fmt.Sprintf("%s-%s-%03d-%d", prod.ProvinceCode, prod.CommuneCode, n, year))
}

// SaveCommuneReport records the commune's assessment (Mẫu 03).
func (s *Service) SaveCommuneReport(ctx context.Context, u *ocop.User, id, version int64, r ocop.CommuneReport) (*ocop.Dossier, error) {
	d, err := s.communeDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	r.RawMaterial, r.Labour, r.IdeaOrigin, r.Identity = clean(r.RawMaterial), clean(r.Labour), clean(r.IdeaOrigin), clean(r.Identity)
	r.Attendees, r.Conclusion = clean(r.Attendees), clean(r.Conclusion)
	for field, text := range map[string]string{"raw_material": r.RawMaterial, "labour": r.Labour,
		"idea_origin": r.IdeaOrigin, "identity": r.Identity} {
		checkRequired(v, field, text, 4000)
	}
	r.MeetingOn = checkDate(v, "meeting_on", r.MeetingOn, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	b, _ := json.Marshal(r)
	return s.transition(ctx, u, d, "dossier.commune_report", func(n *ocop.Dossier) { n.Report = string(b) })
}

// ReturnDossier sends a filed dossier back to the producer with reasons;
// it becomes editable again and is filed anew.
func (s *Service) ReturnDossier(ctx context.Context, u *ocop.User, id, version int64, reason string) (*ocop.Dossier, error) {
	d, err := s.communeDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	return s.sendBack(ctx, u, d, ocop.DossierReturned, reason, "dossier.return")
}

// ForwardDossier reports a received, assessed dossier to the province.
func (s *Service) ForwardDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	d, err := s.communeDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	r := ReportOf(d)
	if d.ReceiptNo == "" || r.RawMaterial == "" || r.Labour == "" || r.IdeaOrigin == "" || r.Identity == "" {
		return nil, ocop.Errorf(ocop.EINVALID, "err.report_incomplete")
	}
	return s.transition(ctx, u, d, "dossier.forward", func(n *ocop.Dossier) {
		n.Status, n.ForwardedAt = ocop.DossierForwarded, s.DB.Now().UTC().Truncate(time.Microsecond)
	})
}
