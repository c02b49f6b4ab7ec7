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
	if err := require(u, ocop.PermDossierCommune); err != nil {
		return nil, err
	}
	d, err := s.Dossier(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if d.Status != ocop.DossierSubmitted {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.dossier_not_submitted")
	}
	if version != d.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return d, nil
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
	next := *d
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		year := tx.Now().In(i18n.Zone).Year()
		n, err := tx.NextSequence(ctx, d.CommuneCode, year, "receipt")
		if err != nil {
			return err
		}
		next.ReceiptNo = fmt.Sprintf("%03d/PĐK-%s-%s-%d", n, d.ProvinceCode, d.CommuneCode, year)
		next.ReceivedAt = tx.Now()
		return tx.UpdateDossier(ctx, d, &next, "dossier.receive")
	})
	return &next, err
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
	next := *d
	next.Report = string(b)
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.commune_report") })
	return &next, err
}

// ReturnDossier sends a filed dossier back to the producer with reasons;
// it becomes editable again and is filed anew.
func (s *Service) ReturnDossier(ctx context.Context, u *ocop.User, id, version int64, reason string) (*ocop.Dossier, error) {
	d, err := s.communeDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	reason = clean(reason)
	checkRequired(v, "reason", reason, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	next := *d
	next.Status, next.ReturnReason = ocop.DossierReturned, reason
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.return") })
	return &next, err
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
	next := *d
	next.Status, next.ForwardedAt = ocop.DossierForwarded, s.DB.Now().UTC().Truncate(time.Microsecond)
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.forward") })
	return &next, err
}
