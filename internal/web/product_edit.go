package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
)

func productForm(p *ocop.Product) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"name": p.Name, "description": p.Description, "packaging": p.Packaging,
		"unit_spec": p.UnitSpec, "quality_standard": p.QualityStandard, "growing_area_codes": p.GrowingAreaCodes,
		"packing_facility_codes": p.PackingFacilityCodes, "gtin": p.GTIN, "story": p.Story} {
		v.Set(k, s)
	}
	if p.Card != 0 {
		v.Set("card", strconv.Itoa(p.Card))
	}
	v.Set("version", strconv.FormatInt(p.Version, 10))
	return v
}

func productInput(f url.Values) service.ProductInput {
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	card, _ := strconv.Atoi(f.Get("card"))
	return service.ProductInput{Version: version, Name: f.Get("name"), Card: card, Description: f.Get("description"),
		Packaging: f.Get("packaging"), UnitSpec: f.Get("unit_spec"), QualityStandard: f.Get("quality_standard"),
		GrowingAreaCodes: f.Get("growing_area_codes"), PackingFacilityCodes: f.Get("packing_facility_codes"),
		GTIN: f.Get("gtin"), Story: f.Get("story")}
}

// cardOptions lists the current scorecards by Phụ lục I path.
func cardOptions() []option {
	d, _ := rulebook.DecisionByID(service.CurrentDecision)
	out := make([]option, 0, len(d.Cards))
	for _, c := range d.Cards {
		out = append(out, option{strconv.Itoa(c.Number), strconv.Itoa(c.Number) + ". " + c.Type + " › " + c.Name})
	}
	return out
}

func (s *Server) renderProductEdit(w http.ResponseWriter, r *http.Request, st int, p *page, action string) error {
	p.Data = map[string]any{"Cards": cardOptions(), "Action": action}
	s.render(w, r, st, "product_edit", p)
	return nil
}

func (s *Server) productNewForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if u.Role != ocop.RoleProducer {
		return ocop.Errorf(ocop.EFORBIDDEN, "err.forbidden")
	}
	p := s.page(r, u, "product.new")
	p.Form.Set("version", "0")
	return s.renderProductEdit(w, r, http.StatusOK, p, "/san-pham")
}

func (s *Server) productCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	prod, err := s.svc.CreateProduct(r.Context(), u, u.ProducerID, productInput(r.PostForm))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderProductEdit(w, r, http.StatusUnprocessableEntity, s.page(r, u, "product.new").withInput(r, err), "/san-pham")
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/san-pham/"+strconv.FormatInt(prod.ID, 10), i18n.T("product.saved", prod.Name))
}

func (s *Server) productEditForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	prod, err := s.svc.Product(r.Context(), u, id)
	if err != nil {
		return err
	}
	if err := requireOwn(u, prod.ProducerID); err != nil {
		return err
	}
	p := s.page(r, u, "product.edit")
	p.Form = productForm(prod)
	return s.renderProductEdit(w, r, http.StatusOK, p, "/san-pham/"+strconv.FormatInt(id, 10)+"/sua")
}

func (s *Server) productSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	action := "/san-pham/" + strconv.FormatInt(id, 10) + "/sua"
	prod, err := s.svc.UpdateProduct(r.Context(), u, id, productInput(r.PostForm))
	switch ocop.ErrorCode(err) {
	case "":
	case ocop.EINVALID, ocop.ECONFLICT:
		p := s.page(r, u, "product.edit").withInput(r, err)
		if cur, gerr := s.svc.Product(r.Context(), u, id); gerr == nil && ocop.ErrorCode(err) == ocop.ECONFLICT {
			p.Form.Set("version", strconv.FormatInt(cur.Version, 10)) // saving again applies this typing on top
		}
		return s.renderProductEdit(w, r, status[ocop.ErrorCode(err)], p, action)
	default:
		return err
	}
	return s.redirect(w, r, "/san-pham/"+strconv.FormatInt(prod.ID, 10), i18n.T("product.saved", prod.Name))
}

func (s *Server) apiProductCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.ProductInput
	if err := decode(r, &in); err != nil {
		return err
	}
	prod, err := s.svc.CreateProduct(r.Context(), u, u.ProducerID, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, prod)
	return nil
}

func (s *Server) apiProductSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	var in service.ProductInput
	if err := decode(r, &in); err != nil {
		return err
	}
	prod, err := s.svc.UpdateProduct(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, prod)
	return nil
}
