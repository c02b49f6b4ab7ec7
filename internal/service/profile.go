package service

import (
	"context"
	"net/url"
	"regexp"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// ProfileInput is the producer profile form (Mẫu 01's producer part).
// The JSON names are those of the API.
type ProfileInput struct {
	Version        int64  `json:"version"`
	Name           string `json:"name"`
	LegalType      string `json:"legal_type"`
	RegistrationNo string `json:"registration_no"`
	TaxCode        string `json:"tax_code"`
	Address        string `json:"address"`
	FoundedOn      string `json:"founded_on"` // dd/mm/yyyy or yyyy-mm-dd
	Representative string `json:"representative"`
	RepGender      string `json:"rep_gender"`
	RepEthnicity   string `json:"rep_ethnicity"`
	RepDisabled    bool   `json:"rep_disabled"`
	RepAddress     string `json:"rep_address"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	Website        string `json:"website"`
	Organisation   string `json:"organisation"`
}

// A tax code has 10 digits, or 13 with a branch suffix "-NNN".
var taxCodeRe = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$`)

// ProfileConflict is returned when someone else saved the profile first:
// it carries the profile as it now is, so the form can show what changed.
type ProfileConflict struct {
	Current *ocop.Producer
}

func (e *ProfileConflict) Error() string { return "producer profile changed meanwhile" }

// Unwrap makes the conflict an ECONFLICT application error.
func (e *ProfileConflict) Unwrap() error { return ocop.Errorf(ocop.ECONFLICT, "err.profile_conflict") }

// UpdateProfile lets a producer keep its own profile up to date.
func (s *Service) UpdateProfile(ctx context.Context, u *ocop.User, id int64, in ProfileInput) (*ocop.Producer, error) {
	if err := require(u, ocop.PermProducerEdit); err != nil {
		return nil, err
	}
	before, err := s.Producer(ctx, u, id)
	if err != nil {
		return nil, err
	}
	p, err := profileFrom(before, in)
	if err != nil {
		return nil, err
	}
	if in.Version != before.Version {
		return nil, &ProfileConflict{before}
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateProducer(ctx, before, p) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		current, _ := s.DB.ProducerByID(ctx, id)
		return nil, &ProfileConflict{current}
	}
	return p, err
}

// profileFrom validates the form and applies it to a copy of the producer.
func profileFrom(before *ocop.Producer, in ProfileInput) (*ocop.Producer, error) {
	v := ocop.Validation{}
	p := *before
	p.Name, p.LegalType, p.RegistrationNo = clean(in.Name), in.LegalType, clean(in.RegistrationNo)
	p.TaxCode, p.Address, p.Representative = clean(in.TaxCode), clean(in.Address), clean(in.Representative)
	p.RepGender, p.RepEthnicity, p.RepAddress = in.RepGender, clean(in.RepEthnicity), clean(in.RepAddress)
	p.RepDisabled, p.Phone, p.Email = in.RepDisabled, normalisePhone(in.Phone), clean(in.Email)
	p.Website, p.Organisation = clean(in.Website), clean(in.Organisation)
	checkRequired(v, "producer_name", p.Name, 200)
	if !ocop.ValidProducerType(p.LegalType) {
		v.Add("legal_type", "err.choose")
	}
	if p.TaxCode != "" && !taxCodeRe.MatchString(p.TaxCode) {
		v.Add("tax_code", "err.tax_code")
	}
	checkRequired(v, "address", p.Address, 300)
	checkRequired(v, "representative", p.Representative, 120)
	if p.RepGender != "" && p.RepGender != "nam" && p.RepGender != "nu" {
		v.Add("rep_gender", "err.choose")
	}
	checkPhone(v, p.Phone, true)
	checkEmail(v, p.Email)
	if u, err := url.Parse(p.Website); p.Website != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		v.Add("website", "err.url_format")
	}
	if len(p.Organisation) > 4000 {
		v.Add("organisation", "err.too_long")
	}
	p.FoundedOn = checkDate(v, "founded_on", in.FoundedOn, true)
	return &p, v.Err()
}
