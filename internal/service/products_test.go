package service_test

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func TestProducts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		u, p, officer := confirmedProducer(t, db, svc)
		in := service.ProductInput{Name: "Chè shan tuyết Tà Xùa", Card: 11, GTIN: "8934563138165",
			GrowingAreaCodes: " VN-SLBY-0012 ,VN-SLBY-0013,", QualityStandard: "TCCS 01:2024/HTX"}
		// A pending (or locked) account may not add products.
		pending := *u
		pending.Status = ocop.UserPending
		if _, err := svc.CreateProduct(ctx, &pending, p.ID, in); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Fatalf("pending producer: %v", err)
		}
		prod, err := svc.CreateProduct(ctx, u, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if prod.Card != 11 || prod.Category != "Chè tươi, chè chế biến" || prod.GrowingAreaCodes != "VN-SLBY-0012, VN-SLBY-0013" ||
			prod.CommuneCode != "04132" || prod.Version != 1 {
			t.Errorf("created: %+v", prod)
		}
		bad := []struct {
			change func(*service.ProductInput)
			field  string
			key    string
		}{
			{func(i *service.ProductInput) { i.GTIN = "8934563138166" }, "gtin", "err.gtin"},
			{func(i *service.ProductInput) { i.Card = 27 }, "card", "err.choose"},
			{func(i *service.ProductInput) { i.Card = 0 }, "card", "err.choose"},
			{func(i *service.ProductInput) { i.PackingFacilityCodes = "ok-1, <script>" }, "packing_facility_codes", "err.code_format"},
			{func(i *service.ProductInput) { i.Name = " " }, "name", "err.required"},
		}
		for _, b := range bad {
			x := in
			x.Version = prod.Version
			b.change(&x)
			if _, err := svc.UpdateProduct(ctx, u, prod.ID, x); fieldErrors(err)[b.field] != b.key {
				t.Errorf("%s: got %v, want %s", b.field, err, b.key)
			}
		}
		in.Version, in.Name = prod.Version, "Chè shan tuyết cổ thụ Tà Xùa"
		got, err := svc.UpdateProduct(ctx, u, prod.ID, in)
		if err != nil || got.Version != 2 || got.Name != in.Name {
			t.Fatalf("update: %+v %v", got, err)
		}
		if _, err := svc.UpdateProduct(ctx, u, prod.ID, in); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		// The commune officer sees the product but cannot change it.
		in.Version = got.Version
		if _, err := svc.UpdateProduct(ctx, officer, prod.ID, in); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("officer update: %v", err)
		}
	})
}

func TestValidGTIN(t *testing.T) {
	for s, want := range map[string]bool{"8934563138165": true, "96385074": true, "036000291452": true,
		"10012345678902": true, "8934563138166": false, "893456313816": false, "89345631381a5": false, "": false} {
		if got := ocop.ValidGTIN(s); got != want {
			t.Errorf("ValidGTIN(%q) = %v, want %v", s, got, want)
		}
	}
}
