package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// Registration is the self-registration form of a producer: the
// organisation and the person who will use the account.
type Registration struct {
	ProducerName, LegalType, RegistrationNo, TaxCode, Address, Province, Commune, Representative string
	Username, FullName, Email, Phone, Password, Password2                                        string
}

// Register creates a pending producer and its pending account. A commune
// officer of the chosen commune confirms both.
func (s *Service) Register(ctx context.Context, in Registration) (*ocop.User, *ocop.Producer, error) {
	v := ocop.Validation{}
	p := &ocop.Producer{Name: clean(in.ProducerName), LegalType: in.LegalType, RegistrationNo: clean(in.RegistrationNo),
		TaxCode: clean(in.TaxCode), Address: clean(in.Address), Representative: clean(in.Representative),
		Phone: normalisePhone(in.Phone), Email: clean(in.Email), Status: ocop.UserPending}
	u := &ocop.User{Username: clean(in.Username), FullName: clean(in.FullName), Email: p.Email, Phone: p.Phone,
		Role: ocop.RoleProducer, Status: ocop.UserPending}
	checkRequired(v, "producer_name", p.Name, 200)
	if !ocop.ValidProducerType(p.LegalType) {
		v.Add("legal_type", "err.choose")
	}
	checkRequired(v, "representative", p.Representative, 120)
	checkRequired(v, "address", p.Address, 300)
	checkUsername(v, u.Username)
	checkRequired(v, "full_name", u.FullName, 120)
	checkEmail(v, u.Email)
	checkPhone(v, u.Phone, true)
	checkPassword(v, "password", in.Password, in.Password2)
	s.checkCommune(ctx, v, in.Province, in.Commune)
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	p.ProvinceCode, p.CommuneCode = in.Province, in.Commune
	u.Scope = ocop.CommuneScope(in.Province, in.Commune)
	err := s.DB.Update(ctx, ocop.Actor{Name: u.Username}, func(tx *store.Tx) error {
		if err := tx.CreateProducer(ctx, p); err != nil {
			return err
		}
		u.ProducerID = p.ID
		return tx.CreateUser(ctx, u, secret.HashPassword(in.Password))
	})
	if err != nil {
		return nil, nil, err
	}
	return u, p, nil
}

// checkCommune validates a province and commune pair from a form.
func (s *Service) checkCommune(ctx context.Context, v ocop.Validation, province, commune string) {
	if province == "" {
		v.Add("province", "err.choose")
		return
	}
	if commune == "" {
		v.Add("commune", "err.choose")
		return
	}
	sc, err := s.DB.UnitScope(ctx, commune)
	switch {
	case err != nil:
		v.Add("commune", "err.unknown_unit")
	case sc.Level != ocop.LevelCommune:
		v.Add("commune", "err.unknown_unit")
	case sc.Province != province:
		v.Add("commune", "err.unit_not_in_province")
	}
}

// Producer returns a producer the user may see; others are "not found".
func (s *Service) Producer(ctx context.Context, u *ocop.User, id int64) (*ocop.Producer, error) {
	if err := require(u, ocop.PermProducerView); err != nil {
		return nil, err
	}
	p, err := s.DB.ProducerByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sees(u, p.ProvinceCode, p.CommuneCode, p.ID) {
		return nil, ocop.ErrNotFound()
	}
	return p, nil
}

// Producers lists the producers the user may see.
func (s *Service) Producers(ctx context.Context, u *ocop.User, f store.ProducerFilter) ([]*ocop.Producer, int, error) {
	if err := require(u, ocop.PermProducerView); err != nil {
		return nil, 0, err
	}
	f.Scope = u.Scope
	if u.Role == ocop.RoleProducer {
		f.ID = u.ProducerID
	}
	return s.DB.Producers(ctx, f)
}

// Products lists the products the user may see.
func (s *Service) Products(ctx context.Context, u *ocop.User, f store.ProductFilter) ([]*ocop.Product, int, error) {
	if err := require(u, ocop.PermProducerView); err != nil {
		return nil, 0, err
	}
	f.Scope = u.Scope
	if u.Role == ocop.RoleProducer {
		f.ProducerID = u.ProducerID
	}
	return s.DB.Products(ctx, f)
}

// Product returns one product the user may see.
func (s *Service) Product(ctx context.Context, u *ocop.User, id int64) (*ocop.Product, error) {
	list, _, err := s.Products(ctx, u, store.ProductFilter{ID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ocop.ErrNotFound()
	}
	return list[0], nil
}

// ProducerAccounts lists the accounts of a producer the user may see.
func (s *Service) ProducerAccounts(ctx context.Context, u *ocop.User, p *ocop.Producer) ([]*ocop.User, error) {
	// The producer's own commune, not the country: the national scope
	// leaves sandboxes out, and sandbox producers have accounts too.
	list, _, err := s.DB.Users(ctx, store.UserFilter{Scope: ocop.CommuneScope(p.ProvinceCode, p.CommuneCode), ProducerID: p.ID})
	return list, err
}

// ReviewProducer confirms or rejects a pending registration: the producer
// and its accounts become active (or rejected) together. version is the
// producer version the officer saw.
func (s *Service) ReviewProducer(ctx context.Context, officer *ocop.User, id, version int64, confirm bool, reason string) (*ocop.Producer, error) {
	if err := require(officer, ocop.PermProducerReview); err != nil {
		return nil, err
	}
	p, err := s.Producer(ctx, officer, id)
	if err != nil {
		return nil, err
	}
	if p.Status != ocop.UserPending {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.not_pending")
	}
	if version != 0 && version != p.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	status := ocop.UserActive
	if !confirm {
		status = ocop.UserRejected
		v := ocop.Validation{}
		reason = clean(reason)
		checkRequired(v, "reason", reason, 500)
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	accounts, err := s.ProducerAccounts(ctx, officer, p)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(officer), func(tx *store.Tx) error {
		if err := tx.SetProducerStatus(ctx, p, status, reason); err != nil {
			return err
		}
		for _, a := range accounts {
			if a.Status == ocop.UserPending {
				if err := tx.SetUserStatus(ctx, a, status); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return p, err
}
