package service_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The code-signing key is made once, kept in the settings table (so a
// restart, or a second server on the same database, signs alike), and never
// written to the audit trail; certificates from before codes existed get
// one at bootstrap.
func TestCodeKeyKeptAndSecret(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		first := service.New(db, log)
		if _, err := first.Bootstrap(ctx); err != nil {
			t.Fatal(err)
		}
		var c *ocop.Certificate
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			p := &ocop.Producer{Name: "HTX", LegalType: "hop_tac_xa", ProvinceCode: "14", CommuneCode: "04132", Status: ocop.UserActive}
			if err := tx.CreateProducer(ctx, p); err != nil {
				return err
			}
			prod := &ocop.Product{ProducerID: p.ID, Name: "Chè", ProvinceCode: "14", CommuneCode: "04132"}
			if err := tx.CreateProduct(ctx, prod); err != nil {
				return err
			}
			c = &ocop.Certificate{Number: "1/GCN", ProductID: prod.ID, ProducerID: p.ID, ProvinceCode: "14", CommuneCode: "04132",
				Stars: 3, Level: ocop.LevelProvinceCert, DecisionNo: "1/QĐ", DecisionDate: "2025-01-02", IssuedOn: "2025-01-02",
				ExpiresOn: "2028-01-02", Status: ocop.CertValid, Source: ocop.CertRecorded}
			return tx.CreateCertificate(ctx, c)
		})
		if err != nil {
			t.Fatal(err)
		}
		// A restart: another service on the same database.
		second := service.New(db, log)
		if _, err := second.Bootstrap(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := db.Certificate(ctx, c.ID)
		if err != nil || got.Code == "" {
			t.Fatalf("bootstrap left the certificate without a code: %v %v", got, err)
		}
		if v, err := first.Verify(ctx, strings.ToLower(got.Code)); err != nil || v.Result != service.VerifyFound || v.State != ocop.CertStateValid {
			t.Errorf("the first server does not verify the second's code: %+v %v", v, err)
		}
		key, _ := db.Setting(ctx, "certificate_code_key")
		if len(key) != 2*secret.CodeKeyLen {
			t.Fatalf("key in settings: %d hex characters", len(key))
		}
		rows, err := db.AuditEntries(ctx, store.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if strings.Contains(r.After, key) || strings.Contains(r.Before, key) {
				t.Fatalf("audit row %s holds the signing key", r.Action)
			}
		}
	})
}

// Every revocation ground and certificate state has its Vietnamese text.
func TestRevocationTexts(t *testing.T) {
	for _, g := range ocop.RevokeGrounds {
		if !i18n.Has("revokeground." + g) {
			t.Errorf("ground %s has no text", g)
		}
	}
	for _, st := range []string{ocop.CertStateValid, ocop.CertStateExtended, ocop.CertStateExpired, ocop.CertStateRevoked} {
		if !i18n.Has("verifystate."+st) || !i18n.Has("verifyfilter."+st) {
			t.Errorf("state %s has no text", st)
		}
	}
}
