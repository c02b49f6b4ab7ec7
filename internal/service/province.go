package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// provinceDossier loads a forwarded dossier the provincial office may act on.
func (s *Service) provinceDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	return s.dossierAt(ctx, u, id, version, ocop.PermDossierProvince, ocop.DossierForwarded, "err.dossier_not_forwarded")
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
	return s.sendBack(ctx, u, d, ocop.DossierCompletion, reason, "dossier.completion")
}

// AcceptDossier takes a forwarded dossier into the province's evaluation.
func (s *Service) AcceptDossier(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Dossier, error) {
	d, err := s.provinceDossier(ctx, u, id, version)
	if err != nil {
		return nil, err
	}
	return s.transition(ctx, u, d, "dossier.accept", func(n *ocop.Dossier) { n.Status = ocop.DossierAccepted })
}
