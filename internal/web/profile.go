package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// profileForm lists the form fields of the producer profile with their
// values in a producer, so the form can be filled and conflicts compared.
func profileForm(p *ocop.Producer) url.Values {
	founded := ""
	if t, err := time.Parse("2006-01-02", p.FoundedOn); err == nil {
		founded = t.Format("02/01/2006")
	}
	v := url.Values{}
	for k, s := range map[string]string{"producer_name": p.Name, "legal_type": p.LegalType, "registration_no": p.RegistrationNo,
		"tax_code": p.TaxCode, "founded_on": founded, "address": p.Address, "representative": p.Representative,
		"rep_gender": p.RepGender, "rep_ethnicity": p.RepEthnicity, "rep_address": p.RepAddress, "phone": p.Phone,
		"email": p.Email, "website": p.Website, "organisation": p.Organisation} {
		v.Set(k, s)
	}
	if p.RepDisabled {
		v.Set("rep_disabled", "1")
	}
	v.Set("version", strconv.FormatInt(p.Version, 10))
	return v
}

func profileInput(f url.Values) service.ProfileInput {
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	return service.ProfileInput{Version: version, Name: f.Get("producer_name"), LegalType: f.Get("legal_type"),
		RegistrationNo: f.Get("registration_no"), TaxCode: f.Get("tax_code"), Address: f.Get("address"),
		FoundedOn: f.Get("founded_on"), Representative: f.Get("representative"), RepGender: f.Get("rep_gender"),
		RepEthnicity: f.Get("rep_ethnicity"), RepAddress: f.Get("rep_address"), RepDisabled: f.Get("rep_disabled") != "",
		Phone: f.Get("phone"), Email: f.Get("email"), Website: f.Get("website"), Organisation: f.Get("organisation")}
}

func (s *Server) profileEditForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	if err := requireOwn(u, id); err != nil {
		return err
	}
	p, err := s.svc.Producer(r.Context(), u, id)
	if err != nil {
		return err
	}
	pg := s.page(r, u, "profile.title")
	pg.Form = profileForm(p)
	return s.renderProfile(w, r, http.StatusOK, pg, p)
}

// requireOwn keeps producers to their own profile: another producer's id
// is "not found", like anything outside one's scope.
func requireOwn(u *ocop.User, id int64) error {
	if u.Role == ocop.RoleProducer && u.ProducerID != id {
		return ocop.ErrNotFound()
	}
	return nil
}

func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, st int, pg *page, p *ocop.Producer) error {
	types := make([]option, len(ocop.ProducerTypes))
	for i, t := range ocop.ProducerTypes {
		types[i] = option{t, i18n.T("ptype." + t)}
	}
	genders := []option{{"nam", i18n.T("gender.nam")}, {"nu", i18n.T("gender.nu")}}
	pg.Data = map[string]any{"P": p, "LegalTypes": types, "Genders": genders}
	s.render(w, r, st, "producer_edit", pg)
	return nil
}

func (s *Server) profileSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	if err := requireOwn(u, id); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	p, err := s.svc.UpdateProfile(r.Context(), u, id, profileInput(r.PostForm))
	var conflict *service.ProfileConflict
	switch {
	case errors.As(err, &conflict):
		// Keep what was typed, point at what the other person changed,
		// and take their version so the next save goes through.
		pg := s.page(r, u, "profile.title").withInput(r, err)
		current := profileForm(conflict.Current)
		pg.markChanged(current, "")
		pg.Form.Set("version", current.Get("version"))
		return s.renderProfile(w, r, http.StatusConflict, pg, conflict.Current)
	case ocop.ErrorCode(err) == ocop.EINVALID:
		current, gerr := s.svc.Producer(r.Context(), u, id)
		if gerr != nil {
			return gerr
		}
		return s.renderProfile(w, r, http.StatusUnprocessableEntity, s.page(r, u, "profile.title").withInput(r, err), current)
	case err != nil:
		return err
	}
	return s.redirect(w, r, "/chu-the/"+strconv.FormatInt(p.ID, 10), i18n.T("profile.saved"))
}

// apiProfileSave updates a producer's profile from JSON.
func (s *Server) apiProfileSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	if err := requireOwn(u, id); err != nil {
		return err
	}
	var b service.ProfileInput
	if err := decode(r, &b); err != nil {
		return err
	}
	p, err := s.svc.UpdateProfile(r.Context(), u, id, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
