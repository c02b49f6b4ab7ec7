package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// acceptedDossier gives p a new dossier the commune forwarded at the given
// time and the province accepted.
func acceptedDossier(t *testing.T, db *store.DB, svc *service.Service, u *ocop.User, p *ocop.Producer, forwarded time.Time) *ocop.Dossier {
	t.Helper()
	d := fileDossier(t, db, svc, u, p, forwarded.Add(-240*time.Hour))
	next := *d
	next.Status, next.ForwardedAt = ocop.DossierAccepted, forwarded.UTC()
	if err := db.Update(context.Background(), ocop.System, func(tx *store.Tx) error {
		return tx.UpdateDossier(context.Background(), d, &next, "dossier.accept")
	}); err != nil {
		t.Fatal(err)
	}
	return &next
}

func wantCode(t *testing.T, what string, err error, code, key string) {
	t.Helper()
	if ocop.ErrorCode(err) != code || (key != "" && ocop.ErrorMessage(err) != key) {
		t.Errorf("%s: got %v, want %s %s", what, err, code, key)
	}
}

func TestRoundDossiersByWindow(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		u, p, _ := confirmedProducer(t, db, svc)
		early := acceptedDossier(t, db, svc, u, p, time.Date(2026, 4, 30, 16, 0, 0, 0, vn)) // last day of round 1
		late := acceptedDossier(t, db, svc, u, p, time.Date(2026, 5, 1, 8, 0, 0, 0, vn))    // round 2
		office := staff(t, db, "so.nn.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))

		r1, err := svc.CreateRound(ctx, office, service.RoundInput{Year: 2026, Number: 1, Kind: ocop.RoundRegular})
		if err != nil {
			t.Fatal(err)
		}
		if r1.ForwardedFrom != "2025-10-31" || r1.ForwardedTo != "2026-05-01" || r1.DecideBy != "2026-06-30" || r1.Status != ocop.RoundOpen {
			t.Errorf("round 1: %+v", r1)
		}
		_, err = svc.CreateRound(ctx, office, service.RoundInput{Year: 2026, Number: 1, Kind: ocop.RoundRegular})
		wantCode(t, "second round 1/2026", err, ocop.ECONFLICT, "err.round_exists")
		_, err = svc.CreateRound(ctx, office, service.RoundInput{Year: 2026, Number: 3, Kind: ocop.RoundRegular})
		if fieldErrors(err)["number"] != "err.round_number" {
			t.Errorf("regular round 3: %v", err)
		}

		_, list, err := svc.RoundDossierList(ctx, office, r1.ID)
		if err != nil || len(list.In) != 0 || len(list.Candidates) != 1 || list.Candidates[0].ID != early.ID {
			t.Fatalf("round 1 candidates: %v %+v", err, list)
		}
		if err := svc.AddRoundDossier(ctx, office, r1.ID, early.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "round 2 dossier into round 1", svc.AddRoundDossier(ctx, office, r1.ID, late.ID), ocop.ECONFLICT, "err.round_dossier_window")

		r2, err := svc.CreateRound(ctx, office, service.RoundInput{Year: 2026, Number: 2, Kind: ocop.RoundRegular})
		if err != nil || r2.DecideBy != "2026-12-30" || r2.ForwardedTo != "2026-10-31" {
			t.Fatalf("round 2: %v %+v", err, r2)
		}
		if err := svc.AddRoundDossier(ctx, office, r2.ID, late.ID); err != nil {
			t.Fatal(err)
		}
		// An extra round whose window covers both: each dossier is already in a round.
		extra, err := svc.CreateRound(ctx, office, service.RoundInput{Year: 2026, Number: 1, Kind: ocop.RoundExtra,
			ForwardedFrom: "01/01/2026", ForwardedTo: "31/12/2026", DecideBy: "31/12/2026"})
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, "dossier in two rounds", svc.AddRoundDossier(ctx, office, extra.ID, early.ID), ocop.ECONFLICT, "err.round_dossier_taken")

		_, list, _ = svc.RoundDossierList(ctx, office, r1.ID)
		if len(list.In) != 1 || list.In[0].ID != early.ID || len(list.Candidates) != 0 {
			t.Errorf("round 1 after adding: %+v", list)
		}
		if err := svc.RemoveRoundDossier(ctx, office, r1.ID, early.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.AddRoundDossier(ctx, office, extra.ID, early.ID); err != nil {
			t.Errorf("removed dossier into the extra round: %v", err)
		}

		// Another province's office sees nothing of Sơn La's rounds.
		other := staff(t, db, "so.nn.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		if rows, err := svc.Rounds(ctx, other); err != nil || len(rows) != 0 {
			t.Errorf("Hà Nội lists %d rounds (%v)", len(rows), err)
		}
		_, err = svc.Round(ctx, other, r1.ID)
		wantCode(t, "Hà Nội reads Sơn La's round", err, ocop.ENOTFOUND, "")
		wantCode(t, "Hà Nội adds to Sơn La's round", svc.AddRoundDossier(ctx, other, r1.ID, early.ID), ocop.ENOTFOUND, "")
		// A commune officer holds no round permission.
		commune := staff(t, db, "canbo.vong", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		_, err = svc.Round(ctx, commune, r1.ID)
		wantCode(t, "commune reads a round", err, ocop.EFORBIDDEN, "")
		if rows, _ := svc.Rounds(ctx, office); len(rows) != 3 || rows[0].Dossiers+rows[1].Dossiers+rows[2].Dossiers != 2 {
			t.Errorf("Sơn La's rounds: %+v", rows)
		}
	})
}
