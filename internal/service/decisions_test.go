package service_test

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// scoreAll has the present members submit sheets ranking d at stars.
func (w *councilWorld) scoreAll(t *testing.T, d *ocop.Dossier, stars int, members ...*ocop.User) {
	t.Helper()
	ctx := context.Background()
	for _, u := range members {
		cur, err := w.svc.MySheet(ctx, u, w.round.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SaveScoreSheet(ctx, u, w.round.ID, d.ID, service.SheetInput{Sheet: demo.SheetFor(w.card, stars),
			Version: cur.Sheet.Version, N: cur.Sheet.N, Submit: true})
		if err != nil {
			t.Fatalf("%s submits: %v", u.Username, err)
		}
	}
}

func TestRecognitionDecision(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		w.seat(t)
		w.present(t, w.chair, w.m2, w.m3, w.m4)
		if _, err := w.svc.OpenScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		// Product A holds an earlier certificate: the decision replaces it.
		old, err := w.svc.RecordCertificate(ctx, w.office, w.a.ProductID, service.CertificateInput{Number: "12/GCN",
			Stars: 3, Level: ocop.LevelProvinceCert, DecisionNo: "12/QĐ-UBND", DecisionDate: "10/01/2024", IssuedOn: "10/01/2024"})
		if err != nil {
			t.Fatal(err)
		}
		w.scoreAll(t, w.a, 4, w.chair, w.m2, w.m3, w.m4)
		w.scoreAll(t, w.b, 1, w.chair, w.m2, w.m3, w.m4)
		in := service.DecisionInput{Number: "845/QĐ-UBND", Date: "20/05/2026", Signer: "Chủ tịch UBND tỉnh Sơn La"}
		_, err = w.svc.RecordDecision(ctx, w.office, w.round.ID, in)
		wantCode(t, "decision while scoring", err, ocop.ECONFLICT, "err.decision_round_not_closed")
		if _, err := w.svc.CloseScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.RecordDecision(ctx, w.office, w.round.ID, service.DecisionInput{Date: "20/05/2026"})
		if f := fieldErrors(err); f["number"] == "" || f["signer"] == "" {
			t.Errorf("decision without number and signer: %v", err)
		}
		_, err = w.svc.RecordDecision(ctx, w.chair, w.round.ID, in)
		wantCode(t, "the chair records the decision", err, ocop.EFORBIDDEN, "")
		hn := staff(t, db, "so.nn.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		_, err = w.svc.RecordDecision(ctx, hn, w.round.ID, in)
		wantCode(t, "Hà Nội records Sơn La's decision", err, ocop.ENOTFOUND, "")

		dec, err := w.svc.RecordDecision(ctx, w.office, w.round.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		outcome := map[int64]*ocop.Outcome{}
		for _, o := range dec.Outcomes {
			outcome[o.DossierID] = o
		}
		if o := outcome[w.a.ID]; o == nil || o.Outcome != ocop.OutcomeCertified || o.Stars != 4 || o.CertificateID == 0 {
			t.Fatalf("A's outcome: %+v", o)
		}
		if o := outcome[w.b.ID]; o == nil || o.Outcome != ocop.OutcomeNone || o.CertificateID != 0 {
			t.Fatalf("B's outcome (1★): %+v", o)
		}
		cert, err := db.Certificate(ctx, outcome[w.a.ID].CertificateID)
		if err != nil || cert.Code == "" || cert.Source != ocop.CertRound || cert.IssuedOn != "2026-05-20" ||
			cert.ExpiresOn != "2029-05-20" || cert.DecisionNo != in.Number || cert.Stars != 4 {
			t.Fatalf("certificate: %v %+v", err, cert)
		}
		v, err := w.svc.Verify(ctx, cert.Code)
		if err != nil || v.State != ocop.CertStateValid {
			t.Errorf("verify the new certificate: %v %+v", err, v)
		}
		if was, _ := db.Certificate(ctx, old.ID); was.ExpiresOn != "2026-05-19" {
			t.Errorf("the replaced certificate ends on %s, want 2026-05-19", was.ExpiresOn)
		}
		if p, _ := w.svc.Product(ctx, w.office, w.a.ProductID); p.Stars != 4 {
			t.Errorf("product A has %d stars", p.Stars)
		}
		for id, want := range map[int64]string{w.a.ID: ocop.DossierDecided, w.b.ID: ocop.DossierDecided} {
			if d, _ := db.DossierByID(ctx, id); d.Status != want {
				t.Errorf("dossier %d is %s", id, d.Status)
			}
		}
		if r, _ := db.RoundByID(ctx, w.round.ID); r.Status != ocop.RoundDecided {
			t.Errorf("round is %s", r.Status)
		}
		got, err := w.svc.RoundDecision(ctx, w.office, w.round.ID)
		if err != nil || got.Number != in.Number || len(got.Outcomes) != 2 {
			t.Errorf("stored decision: %v %+v", err, got)
		}
		_, err = w.svc.RecordDecision(ctx, w.office, w.round.ID, in)
		wantCode(t, "a second decision", err, ocop.ECONFLICT, "err.decision_round_not_closed")
	})
}

// A dossier of 90 points or more is not certified by the province: it is
// proposed to the Ministry for 5★.
func TestDecisionFiveStarToMinistry(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		dec, err := w.svc.RoundDecision(ctx, w.office, w.round.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range dec.Outcomes {
			want := map[int64]string{w.a.ID: ocop.OutcomeMinistry, w.b.ID: ocop.OutcomeCertified}[o.DossierID]
			if o.Outcome != want || (o.CertificateID != 0) != (want == ocop.OutcomeCertified) {
				t.Errorf("outcome of %d: %+v, want %s", o.DossierID, o, want)
			}
		}
		if d, _ := db.DossierByID(ctx, w.a.ID); d.Status != ocop.DossierMinistry {
			t.Errorf("the 5★ dossier is %s", d.Status)
		}
		if certs, _ := db.CertificatesOf(ctx, w.a.ProductID); len(certs) != 0 {
			t.Errorf("the province certified a 5★ product: %+v", certs[0])
		}
	})
}

// A dossier sent back for additions from the round does not hold up the
// decision: the others are decided, it leaves the round undecided and
// can join a later round once accepted again.
func TestDecisionLeavesDossierAwaitingAdditions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		w.seat(t)
		w.present(t, w.chair, w.m2, w.m3, w.m4)
		if _, err := w.svc.OpenScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RoundCompletion(ctx, w.office, w.round.ID, w.a.ID, w.a.Version, "Bổ sung phiếu kiểm nghiệm."); err != nil {
			t.Fatal(err)
		}
		w.scoreAll(t, w.b, 4, w.chair, w.m2, w.m3, w.m4)
		if _, err := w.svc.CloseScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		dec, err := w.svc.RecordDecision(ctx, w.office, w.round.ID, service.DecisionInput{Number: "845/QĐ-UBND",
			Date: "20/05/2026", Signer: "Chủ tịch UBND tỉnh"})
		if err != nil {
			t.Fatal(err)
		}
		if len(dec.Outcomes) != 1 || dec.Outcomes[0].DossierID != w.b.ID || dec.Outcomes[0].Certificate.Number != "845/QĐ-UBND-01" {
			t.Fatalf("outcomes: %+v", dec.Outcomes)
		}
		if in, err := db.InRound(ctx, w.round.ID, w.a.ID); in || err != nil {
			t.Errorf("the dossier awaiting additions is still in the decided round: %v", err)
		}
		if d, _ := db.DossierByID(ctx, w.a.ID); d.Status != ocop.DossierCompletion {
			t.Errorf("the dossier awaiting additions is %s", d.Status)
		}
	})
}
