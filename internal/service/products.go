package service

import (
	"context"
	"regexp"
	"strings"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// ProductInput is the product form; the JSON names are those of the API.
type ProductInput struct {
	Version              int64  `json:"version"`
	Name                 string `json:"name"`
	Card                 int    `json:"card"`
	Description          string `json:"description"`
	Packaging            string `json:"packaging"`
	UnitSpec             string `json:"unit_spec"`
	QualityStandard      string `json:"quality_standard"`
	GrowingAreaCodes     string `json:"growing_area_codes"`
	PackingFacilityCodes string `json:"packing_facility_codes"`
	GTIN                 string `json:"gtin"`
	Story                string `json:"story"`
}

// Codes are letters, digits, dots, dashes and slashes ("VN-SLMS-0012",
// "14.01.02.003"); a list is separated by commas.
var codeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9./-]{1,39}$`)

// CurrentDecision is the decision whose scorecards classify new products.
const CurrentDecision = "26/2026/QĐ-TTg"

// CreateProduct adds a product to the user's own producer.
func (s *Service) CreateProduct(ctx context.Context, u *ocop.User, producerID int64, in ProductInput) (*ocop.Product, error) {
	p, err := s.ownProducer(ctx, u, producerID)
	if err != nil {
		return nil, err
	}
	prod := &ocop.Product{ProducerID: p.ID, CommuneCode: p.CommuneCode, ProvinceCode: p.ProvinceCode}
	if err := productFrom(prod, in); err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.CreateProduct(ctx, prod) })
	return prod, err
}

// UpdateProduct changes one of the user's own products.
func (s *Service) UpdateProduct(ctx context.Context, u *ocop.User, id int64, in ProductInput) (*ocop.Product, error) {
	before, err := s.Product(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.ownProducer(ctx, u, before.ProducerID); err != nil {
		return nil, err
	}
	p := *before
	if err := productFrom(&p, in); err != nil {
		return nil, err
	}
	if in.Version != before.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateProduct(ctx, before, &p) })
	return &p, err
}

// productFrom validates the form into p.
func productFrom(p *ocop.Product, in ProductInput) error {
	v := ocop.Validation{}
	p.Name, p.Description, p.Packaging = clean(in.Name), clean(in.Description), clean(in.Packaging)
	p.UnitSpec, p.QualityStandard, p.Story = clean(in.UnitSpec), clean(in.QualityStandard), clean(in.Story)
	p.GTIN = strings.ReplaceAll(clean(in.GTIN), " ", "")
	checkRequired(v, "name", p.Name, 200)
	card, err := rulebook.CardOf(CurrentDecision, in.Card)
	if err != nil {
		v.Add("card", "err.choose")
	} else {
		p.Card, p.Category = card.Number, card.Name
	}
	if p.GTIN != "" && !ocop.ValidGTIN(p.GTIN) {
		v.Add("gtin", "err.gtin")
	}
	p.GrowingAreaCodes = codeList(v, "growing_area_codes", in.GrowingAreaCodes)
	p.PackingFacilityCodes = codeList(v, "packing_facility_codes", in.PackingFacilityCodes)
	for field, text := range map[string]string{"description": p.Description, "story": p.Story} {
		if len(text) > 8000 {
			v.Add(field, "err.too_long")
		}
	}
	return v.Err()
}

// codeList normalises "a, b ,c" to "a, b, c" and checks each code.
func codeList(v ocop.Validation, field, s string) string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if !codeRe.MatchString(c) {
			v.Add(field, "err.code_format")
		}
		out = append(out, c)
	}
	return strings.Join(out, ", ")
}
