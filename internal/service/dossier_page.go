package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// DossierPage is what the dossier page (/ho-so/{id}) shows beside the
// dossier itself.
type DossierPage struct {
	Dossier   *ocop.Dossier
	Evidence  []*ocop.Evidence // current, by criterion
	Missing   []string         // what keeps it from being filed
	Changes   *VersionDiff     // since the last recognised dossier; nil for a first rating
	Standing  *Standing
	Versions  []*ocop.DossierVersion
	Proposals []*ocop.MinistryProposal  // the province's 5★ letters, newest first
	Additions []*ocop.MinistryAdditions // the Ministry's requests for additions, newest first
}

// DossierPage loads a dossier once and checks once that the user may see
// it (as Dossier does); the rest is read for that dossier, not looked up
// and checked again by id.
func (s *Service) DossierPage(ctx context.Context, u *ocop.User, id int64) (*DossierPage, error) {
	d, err := s.Dossier(ctx, u, id)
	if err != nil {
		return nil, err
	}
	pg := &DossierPage{Dossier: d}
	if pg.Evidence, err = s.DB.EvidenceOf(ctx, d.ID); err != nil {
		return nil, err
	}
	if pg.Missing, err = s.missing(ctx, d, pg.Evidence); err != nil {
		return nil, err
	}
	if pg.Changes, err = s.SinceRecognised(ctx, d); err != nil {
		return nil, err
	}
	if pg.Standing, err = s.standing(ctx, d); err != nil {
		return nil, err
	}
	if pg.Versions, err = s.DB.DossierVersions(ctx, d.ID); err != nil {
		return nil, err
	}
	if pg.Proposals, err = s.DB.MinistryProposals(ctx, d.ID); err != nil {
		return nil, err
	}
	pg.Additions, err = s.DB.MinistryAdditionsOf(ctx, d.ID)
	return pg, err
}
