package testutil

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// PanelRound are the demo's open Sơn La round and its two dossiers once
// DemoRoundOfTwo has added the second.
type PanelRound struct {
	Round        *ocop.EvalRound
	Mango, Dried store.DossierRow // "Xoài tròn Yên Châu" (the demo's), "Xoài sấy dẻo Yên Châu"
}

// DemoRoundOfTwo gives the demo's open round (loaded by demo.LoadDossiers)
// a second dossier, so it can be split among sub-panels: the province
// accepts the forwarded "Xoài sấy dẻo Yên Châu" through the use case, and
// the fixture puts it in the round directly, because whether its
// forwarding date falls in the round's window depends on today's date.
func DemoRoundOfTwo(t *testing.T, svc *service.Service) PanelRound {
	t.Helper()
	ctx := context.Background()
	office, _, err := svc.DB.UserCredentials(ctx, "vanphong.sonla")
	if err != nil {
		t.Fatal(err)
	}
	rounds, err := svc.Rounds(ctx, office)
	if err != nil || len(rounds) == 0 || rounds[0].Status != ocop.RoundOpen {
		t.Fatalf("the demo's open round: %v %v", rounds, err)
	}
	r := rounds[0].EvalRound
	forwarded, _, err := svc.Dossiers(ctx, office, store.DossierFilter{Status: ocop.DossierForwarded})
	if err != nil {
		t.Fatal(err)
	}
	var d *ocop.Dossier
	for _, f := range forwarded {
		if f.ProductName == "Xoài sấy dẻo Yên Châu" {
			d = f.Dossier
		}
	}
	if d == nil {
		t.Fatalf("no forwarded Xoài sấy dẻo Yên Châu among %d dossiers", len(forwarded))
	}
	if d, err = svc.AcceptDossier(ctx, office, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	if err := svc.DB.Update(ctx, ocop.ActorOf(office), func(tx *store.Tx) error { return tx.AddRoundDossier(ctx, r, d) }); err != nil {
		t.Fatal(err)
	}
	in, _, err := svc.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Round: r.ID, Limit: 10})
	if err != nil || len(in) != 2 {
		t.Fatalf("the round's dossiers: %d %v", len(in), err)
	}
	pr := PanelRound{Round: r}
	for _, row := range in {
		if row.ID == d.ID {
			pr.Dried = row
		} else {
			pr.Mango = row
		}
	}
	if pr.Mango.ProductName != "Xoài tròn Yên Châu" {
		t.Fatalf("the round's first dossier is %q", pr.Mango.ProductName)
	}
	return pr
}
