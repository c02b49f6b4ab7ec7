package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// certifiedProvince gives 500 products of one commune a certificate each,
// a third of them expired with a re-rating pending, as a province's share
// of the public list.
func certifiedProvince(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		p := &ocop.Producer{Name: "Hợp tác xã Chiềng Mai", LegalType: "hop_tac_xa", CommuneCode: "04132",
			ProvinceCode: "14", Status: ocop.UserActive}
		if err := tx.CreateProducer(ctx, p); err != nil {
			return err
		}
		for i := range 500 {
			pr := &ocop.Product{ProducerID: p.ID, Name: fmt.Sprintf("Sản phẩm %d", i), Stars: 3, Card: 7,
				CommuneCode: p.CommuneCode, ProvinceCode: p.ProvinceCode}
			if err := tx.CreateProduct(ctx, pr); err != nil {
				return err
			}
			issued := "2025-02-01"
			if i%3 == 0 {
				issued = "2023-08-15"
				d := &ocop.Dossier{ProductID: pr.ID, ProducerID: p.ID, CommuneCode: p.CommuneCode, ProvinceCode: p.ProvinceCode,
					Kind: ocop.DossierRerating, Decision: service.CurrentDecision, Card: 7, Status: ocop.DossierDraft, Sheet: "{}"}
				if err := tx.CreateDossier(ctx, d); err != nil {
					return err
				}
				// CreateDossier writes no submitted_at: filed as Submit does,
				// or the re-rating would keep nothing valid.
				filed := *d
				filed.Status, filed.SubmittedAt = ocop.DossierSubmitted, tx.Now()
				if err := tx.UpdateDossier(ctx, d, &filed, "dossier.submit"); err != nil {
					return err
				}
			}
			c := &ocop.Certificate{Number: fmt.Sprintf("%d/GCN-OCOP", i), ProductID: pr.ID, ProducerID: p.ID,
				ProvinceCode: p.ProvinceCode, CommuneCode: p.CommuneCode, Stars: 3, Level: ocop.LevelProvinceCert,
				DecisionNo: "1/QĐ-UBND", DecisionDate: issued, IssuedOn: issued, Status: ocop.CertValid,
				Source: ocop.CertRecorded, Code: fmt.Sprintf("BENCH%05d", i),
				ExpiresOn: map[string]string{"2025-02-01": "2028-02-01", "2023-08-15": "2026-08-15"}[issued]}
			if err := tx.CreateCertificate(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPublicCertificates is a page of 50 rows of the public list with
// each row's state (GET /san-pham-ocop), unfiltered and under "valid"
// (whose filter reads the pending re-ratings in SQL).
func BenchmarkPublicCertificates(b *testing.B) {
	for _, status := range []string{"", ocop.CertStateValid} {
		b.Run("status="+status, func(b *testing.B) {
			testutil.ForEachDBBench(b, func(b *testing.B, db *store.DB) {
				db.Now = func() time.Time { return time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC) }
				certifiedProvince(b, db)
				svc := newService(db)
				ctx := context.Background()
				f := store.PublicCertificateFilter{Province: "14", Status: status, Limit: 50}
				for b.Loop() {
					list, _, err := svc.PublicCertificates(ctx, f)
					if err != nil || len(list) != 50 {
						b.Fatal(err, len(list))
					}
				}
			})
		})
	}
}
