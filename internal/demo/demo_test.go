package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The demo goes through the real use cases, so it also checks them: the
// coffee cooperative ends with one dossier submitted and one in draft.
func TestDemoDossiers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		var err error
		if svc.Files, err = files.Open(t.TempDir()); err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
		for range 2 { // loading twice changes nothing
			if err := demo.LoadDossiers(ctx, svc); err != nil {
				t.Fatal(err)
			}
		}
		officer, _, err := db.UserCredentials(ctx, "canbo.chiengmai")
		if err != nil {
			t.Fatal(err)
		}
		items, total, err := svc.Dossiers(ctx, officer, store.DossierFilter{})
		if err != nil || total != 2 {
			t.Fatalf("dossiers: %d %v", total, err)
		}
		states := map[string]int{}
		for _, it := range items {
			states[it.Status]++
			if it.Status == ocop.DossierSubmitted && it.State == "" {
				t.Error("the submitted dossier has no deadline")
			}
		}
		if states[ocop.DossierSubmitted] != 1 || states[ocop.DossierDraft] != 1 {
			t.Errorf("states %v", states)
		}
		if res, _ := db.VerifyAudit(ctx); !res.OK() {
			t.Errorf("audit chain after the demo: %+v", res)
		}
	})
}
