package service_test

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// toMinistry has Sơn La's council rate A 5★ (90 points or more) and B 3★,
// the Chairman decide, and the office propose A to the Ministry by letter.
func toMinistry(t *testing.T, db *store.DB) *councilWorld {
	t.Helper()
	ctx := context.Background()
	w := newCouncilWorld(t, db)
	w.seat(t)
	w.present(t, w.chair, w.m2, w.m3, w.m4)
	if _, err := w.svc.OpenScoring(ctx, w.chair, w.round.ID); err != nil {
		t.Fatal(err)
	}
	w.scoreAll(t, w.a, 5, w.chair, w.m2, w.m3, w.m4)
	w.scoreAll(t, w.b, 3, w.chair, w.m2, w.m3, w.m4)
	if _, err := w.svc.CloseScoring(ctx, w.chair, w.round.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.RecordDecision(ctx, w.office, w.round.ID, service.DecisionInput{Number: "900/QĐ-UBND",
		Date: "10/11/2026", Signer: "Chủ tịch UBND tỉnh"}); err != nil {
		t.Fatal(err)
	}
	letter := service.ProposalInput{LetterNo: "3456/UBND-KT", LetterDate: "12/11/2026", Signer: "Phó Chủ tịch UBND tỉnh"}
	_, err := w.svc.ProposeToMinistry(ctx, w.office, w.b.ID, letter)
	wantCode(t, "a 3★ dossier proposed for 5★", err, ocop.ECONFLICT, "err.proposal_status")
	hn := staff(t, db, "so.nn.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
	_, err = w.svc.ProposeToMinistry(ctx, hn, w.a.ID, letter)
	wantCode(t, "Hà Nội proposes Sơn La's dossier", err, ocop.ENOTFOUND, "")
	_, err = w.svc.ProposeToMinistry(ctx, w.office, w.a.ID, service.ProposalInput{LetterDate: "31/02/2026"})
	if f := fieldErrors(err); f["letter_no"] == "" || f["signer"] == "" || f["letter_date"] != "err.date_format" {
		t.Errorf("letter without number, signer, with a wrong date: %v", err)
	}
	if _, err := w.svc.ProposeToMinistry(ctx, w.office, w.a.ID, letter); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.ProposeToMinistry(ctx, w.office, w.a.ID, letter)
	wantCode(t, "a second letter", err, ocop.ECONFLICT, "err.proposal_exists")
	return w
}

// atMinistry moves the world to the Ministry (intoMinistryRound), seats
// a central council, and its members score A at stars.
func atMinistry(t *testing.T, db *store.DB, w *councilWorld, stars int) (province *ocop.User) {
	t.Helper()
	province = intoMinistryRound(t, db, w)
	scoreAtMinistry(t, db, w, stars)
	return province
}

// intoMinistryRound has the Ministry's office open round 2 of 2027
// (letters by 30/01/2027) and take A; the world's round and office become
// the Ministry's.
func intoMinistryRound(t *testing.T, db *store.DB, w *councilWorld) (province *ocop.User) {
	t.Helper()
	ctx := context.Background()
	ministry := staff(t, db, "vanphong.bo", ocop.RoleMinistry, ocop.Country)
	province = w.office
	r, err := w.svc.CreateRound(ctx, ministry, service.RoundInput{Year: 2027, Number: 2, Kind: ocop.RoundRegular})
	if err != nil {
		t.Fatal(err)
	}
	if r.Level != ocop.RoundMinistry || r.ForwardedFrom != "2026-07-31" || r.ForwardedTo != "2027-01-31" || r.DecideBy != "2027-03-30" {
		t.Fatalf("Ministry round: %+v", r)
	}
	if _, err := w.svc.Round(ctx, province, r.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("the province reads the Ministry's round: %v", err)
	}
	if _, err := w.svc.Round(ctx, ministry, w.round.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("the Ministry runs Sơn La's round: %v", err)
	}
	_, list, err := w.svc.RoundDossierList(ctx, ministry, r.ID)
	if err != nil || len(list.Candidates) != 1 || list.Candidates[0].ID != w.a.ID {
		t.Fatalf("Ministry candidates: %v %+v", err, list.Candidates)
	}
	err = w.svc.AddRoundDossier(ctx, ministry, r.ID, w.b.ID)
	wantCode(t, "a dossier never proposed", err, ocop.ECONFLICT, "err.round_dossier_not_proposed")
	if err := w.svc.AddRoundDossier(ctx, ministry, r.ID, w.a.ID); err != nil {
		t.Fatal(err)
	}
	w.round, w.office = r, ministry
	return province
}

// scoreAtMinistry seats the central council and scores A at stars.
func scoreAtMinistry(t *testing.T, db *store.DB, w *councilWorld, stars int) {
	t.Helper()
	ctx := context.Background()
	r, ministry, provincial := w.round, w.office, w.chair
	mk := func(name string) *ocop.User { return staff(t, db, name, ocop.RoleCouncil, ocop.Country) }
	w.chair, w.m2, w.m3, w.m4, w.sec = mk("tw.chutich"), mk("tw.uyvien2"), mk("tw.uyvien3"), mk("tw.uyvien4"), mk("tw.thuky")
	w.seat(t)
	_, err := w.svc.AddCouncilMember(ctx, ministry, r.ID, ocop.CouncilBoard, service.MemberInput{UserID: provincial.ID,
		Position: "member", Department: "nnmt"})
	if fieldErrors(err)["user_id"] != "err.council_user" {
		t.Errorf("a provincial member on the central council: %v", err)
	}
	w.present(t, w.chair, w.m2, w.m3, w.m4)
	if _, err := w.svc.OpenScoring(ctx, w.chair, r.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.MySheet(ctx, provincial, r.ID, w.a.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("the provincial chair scores at the Ministry: %v", err)
	}
	w.scoreAll(t, w.a, stars, w.chair, w.m2, w.m3, w.m4)
	if _, err := w.svc.CloseScoring(ctx, w.chair, r.ID); err != nil {
		t.Fatal(err)
	}
}

func TestMinistryRecognisesFiveStars(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		atMinistry(t, db, w, 5)
		dec, err := w.svc.RecordDecision(ctx, w.office, w.round.ID, service.DecisionInput{Number: "4321/QĐ-BNNMT",
			Date: "20/11/2026", Signer: "Bộ trưởng Bộ Nông nghiệp và Môi trường"})
		if err != nil {
			t.Fatal(err)
		}
		if len(dec.Outcomes) != 1 || dec.Outcomes[0].Outcome != ocop.OutcomeCertified || dec.Outcomes[0].Stars != 5 {
			t.Fatalf("Ministry outcomes: %+v", dec.Outcomes)
		}
		cert, err := db.Certificate(ctx, dec.Outcomes[0].CertificateID)
		if err != nil || cert.Level != ocop.RoundMinistry || cert.Stars != 5 || cert.ExpiresOn != "2029-11-20" ||
			cert.DecisionNo != "4321/QĐ-BNNMT" {
			t.Fatalf("5★ certificate: %v %+v", err, cert)
		}
		if v, err := w.svc.Verify(ctx, cert.Code); err != nil || v.State != ocop.CertStateValid {
			t.Errorf("verify the 5★ certificate: %v %+v", err, v)
		}
		if d, _ := db.DossierByID(ctx, w.a.ID); d.Status != ocop.DossierDecided {
			t.Errorf("the 5★ dossier is %s", d.Status)
		}
		if p, _ := w.svc.Product(ctx, w.office, w.a.ProductID); p.Stars != 5 {
			t.Errorf("product has %d stars", p.Stars)
		}
	})
}

// Below 5★ at the Ministry, the province recognises 4★ from the central
// result, once, with its own certificate.
func TestProvinceDecidesFromCentralResult(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		province := atMinistry(t, db, w, 4)
		dec, err := w.svc.RecordDecision(ctx, w.office, w.round.ID, service.DecisionInput{Number: "4322/QĐ-BNNMT",
			Date: "20/11/2026", Signer: "Bộ trưởng"})
		if err != nil {
			t.Fatal(err)
		}
		if o := dec.Outcomes[0]; o.Outcome != ocop.OutcomeProvince || o.Stars != 4 || o.CertificateID != 0 {
			t.Fatalf("Ministry outcome below 5★: %+v", o)
		}
		if d, _ := db.DossierByID(ctx, w.a.ID); d.Status != ocop.DossierCentral {
			t.Errorf("dossier is %s, want central", d.Status)
		}
		list, err := w.svc.CentralResults(ctx, province)
		if err != nil || len(list) != 1 || len(list[0].Dossiers) != 1 || list[0].Dossiers[0].Stars != 4 {
			t.Fatalf("central results: %v %+v", err, list)
		}
		hn := staff(t, db, "so.nn.hanoi2", ocop.RoleProvince, ocop.ProvinceScope("01"))
		if got, _ := w.svc.CentralResults(ctx, hn); len(got) != 0 {
			t.Errorf("Hà Nội sees Sơn La's central result: %+v", got)
		}
		in := service.DecisionInput{Number: "1001/QĐ-UBND", Date: "22/11/2026", Signer: "Chủ tịch UBND tỉnh Sơn La"}
		_, err = w.svc.RecordCentralDecision(ctx, hn, w.round.ID, in)
		wantCode(t, "Hà Nội decides on nothing", err, ocop.ECONFLICT, "err.central_empty")
		_, err = w.svc.RecordCentralDecision(ctx, w.office, w.round.ID, in)
		wantCode(t, "the Ministry takes the province's decision", err, ocop.EFORBIDDEN, "")
		pdec, err := w.svc.RecordCentralDecision(ctx, province, w.round.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := db.Certificate(ctx, pdec.Outcomes[0].CertificateID)
		if err != nil || cert.Level != ocop.RoundProvince || cert.Stars != 4 || cert.DecisionNo != in.Number {
			t.Fatalf("4★ certificate from the central result: %v %+v", err, cert)
		}
		if d, _ := db.DossierByID(ctx, w.a.ID); d.Status != ocop.DossierDecided {
			t.Errorf("dossier is %s, want decided", d.Status)
		}
		_, err = w.svc.RecordCentralDecision(ctx, province, w.round.ID, in)
		wantCode(t, "a second central decision", err, ocop.ECONFLICT, "err.central_decided")
		cr, err := w.svc.CentralResult(ctx, province, w.round.ID)
		if err != nil || cr.Decision == nil || cr.Decision.Outcomes[0].Certificate == nil {
			t.Errorf("central result after the decision: %v %+v", err, cr)
		}
	})
}
