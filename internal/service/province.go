package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// provinceDossier loads a forwarded dossier the provincial office may act on.
func (s *Service) provinceDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	if err := require(u, ocop.PermDossierProvince); err != nil {
		return nil, err
	}
	d, err := s.Dossier(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if d.Status != ocop.DossierForwarded {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.dossier_not_forwarded")
	}
	if version != d.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return d, nil
}

// RequestCompletion sends a forwarded dossier back for completion
// ("thông báo và hướng dẫn UBND cấp xã, chủ thể OCOP hoàn thiện hồ sơ"):
// the producer can change it again and files it anew through the commune.
// Every earlier version stays in the audit trail.
func (s *Service) RequestCompletion(ctx context.Context, u *ocop.User, id, version int64, reason string) (*ocop.Dossier, error) {
	d, err := s.provinceDossier(ctx, u, id, version)
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
	next.Status, next.ReturnReason = ocop.DossierCompletion, reason
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.completion") })
	return &next, err
}

// AcceptDossier takes a forwarded dossier into the province's evaluation.
func (s *Service) AcceptDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	d, err := s.provinceDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	next := *d
	next.Status = ocop.DossierAccepted
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.accept") })
	return &next, err
}
