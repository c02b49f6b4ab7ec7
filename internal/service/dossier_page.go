package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// DossierPage is what the dossier page (/ho-so/{id}) shows beside the
// dossier itself.
type DossierPage struct {
	DossierFiling
	Changes   *VersionDiff // since the last recognised dossier; nil for a first rating
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
	pg := &DossierPage{}
	if pg.DossierFiling, err = s.filing(ctx, d); err != nil {
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

// DossierFiling is a dossier with its current evidence and what still
// keeps it from being filed: the JSON API's dossier.
type DossierFiling struct {
	Dossier  *ocop.Dossier
	Evidence []*ocop.Evidence // current, by criterion
	Missing  []string         // what keeps it from being filed
}

// Filing loads a dossier once, checks once that the user may see it (as
// Dossier does) and reads its evidence once.
func (s *Service) Filing(ctx context.Context, u *ocop.User, id int64) (DossierFiling, error) {
	d, err := s.Dossier(ctx, u, id)
	if err != nil {
		return DossierFiling{}, err
	}
	return s.filing(ctx, d)
}

// FilingOf is Filing for a dossier already loaded (as a change returns
// it): the same check on d, without loading it again.
func (s *Service) FilingOf(ctx context.Context, u *ocop.User, d *ocop.Dossier) (DossierFiling, error) {
	if err := s.canSee(ctx, u, d); err != nil {
		return DossierFiling{}, err
	}
	return s.filing(ctx, d)
}

// filing reads the evidence of a dossier already checked, and what it
// lacks from that same evidence.
func (s *Service) filing(ctx context.Context, d *ocop.Dossier) (DossierFiling, error) {
	f := DossierFiling{Dossier: d}
	var err error
	if f.Evidence, err = s.DB.EvidenceOf(ctx, d.ID); err != nil {
		return f, err
	}
	f.Missing, err = s.missing(ctx, d, f.Evidence)
	return f, err
}
