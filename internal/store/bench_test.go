package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ocopvn/ocop/internal/adminunit"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// nationalScale loads a national-size deployment: 10,000 producers and
// 20,000 products spread over every commune of the country.
func nationalScale(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	communes := adminunit.Communes()
	err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		for i := range 10000 {
			c := communes[i%len(communes)]
			p := &ocop.Producer{Name: fmt.Sprintf("Hợp tác xã số %d", i), LegalType: "hop_tac_xa",
				CommuneCode: c.Code, ProvinceCode: c.ProvinceCode, Status: ocop.UserActive}
			if err := tx.CreateProducer(ctx, p); err != nil {
				return err
			}
			for j := range 2 {
				pr := &ocop.Product{ProducerID: p.ID, Name: fmt.Sprintf("Sản phẩm %d-%d", i, j), Stars: 3 + j,
					CommuneCode: c.Code, ProvinceCode: c.ProvinceCode}
				if err := tx.CreateProduct(ctx, pr); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkProducerListProvince is the provincial office's first page of
// producers (50 rows plus the total) at national scale.
func BenchmarkProducerListProvince(b *testing.B) {
	testutil.ForEachDBBench(b, func(b *testing.B, db *store.DB) {
		nationalScale(b, db)
		ctx := context.Background()
		b.ResetTimer()
		for b.Loop() {
			list, total, err := db.Producers(ctx, store.ProducerFilter{Scope: ocop.ProvinceScope("01"), Limit: 50})
			if err != nil || len(list) == 0 || total == 0 {
				b.Fatal(err, len(list), total)
			}
		}
	})
}

// BenchmarkProducerSearchCountry is a national search by folded name.
func BenchmarkProducerSearchCountry(b *testing.B) {
	testutil.ForEachDBBench(b, func(b *testing.B, db *store.DB) {
		nationalScale(b, db)
		ctx := context.Background()
		b.ResetTimer()
		for b.Loop() {
			if _, _, err := db.Producers(ctx, store.ProducerFilter{Scope: ocop.Country, Query: "hop tac xa so 99", Limit: 50}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAuditedWrite is one transaction that changes a row and appends
// its audit link.
func BenchmarkAuditedWrite(b *testing.B) {
	testutil.ForEachDBBench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		b.ResetTimer()
		i := 0
		for b.Loop() {
			i++
			err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
				return tx.SetSetting(ctx, "bench", fmt.Sprint(i))
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
