package service_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// additionsLetter is the Ministry's letter asking Sơn La for additions.
var additionsLetter = service.AdditionsInput{LetterNo: "812/BNNMT-VPĐP", LetterDate: "16/11/2026",
	Content: "Tiêu chí 9: bổ sung phiếu kiểm nghiệm định kỳ còn hiệu lực.", WorkingDays: 10}

// The Ministry asks for additions by letter to the province; the province
// passes it to the producer, who refiles with the province (not the
// commune); the province's new letter puts the dossier back in the
// Ministry round, which then scores it. Hà Nội's office reaches nothing.
func TestMinistryAdditionsThroughProvince(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		province := intoMinistryRound(t, db, w)
		ministry, mr := w.office, w.round
		hanoi := staff(t, db, "so.nn.hanoi2", ocop.RoleProvince, ocop.ProvinceScope("01"))
		d, _ := db.DossierByID(ctx, w.a.ID)

		_, err := w.svc.RequestMinistryAdditions(ctx, ministry, mr.ID, d.ID, service.AdditionsInput{Version: d.Version})
		if f := fieldErrors(err); f["letter_date"] != "err.required" || f["content"] != "err.required" ||
			f["working_days"] != "err.additions_days" {
			t.Errorf("an empty letter: %v", err)
		}
		_, err = w.svc.RequestMinistryAdditions(ctx, province, mr.ID, d.ID, withVersion(additionsLetter, d.Version))
		wantCode(t, "the province asks in the Ministry's round", err, ocop.ENOTFOUND, "")
		_, err = w.svc.RoundCompletion(ctx, ministry, mr.ID, d.ID, d.Version, "Bổ sung")
		wantCode(t, "completion down the commune's way", err, ocop.ECONFLICT, "err.additions_by_letter")
		a, err := w.svc.RequestMinistryAdditions(ctx, ministry, mr.ID, d.ID, withVersion(additionsLetter, d.Version))
		if err != nil {
			t.Fatal(err)
		}
		if a.DueOn != "2026-11-30" || a.Status != ocop.AdditionsOpen || a.LetterDate != "2026-11-16" {
			t.Errorf("request: %+v", a)
		}
		d = wantStatus(t, db, d.ID, ocop.DossierAdditions)
		if in, _ := db.InRound(ctx, mr.ID, d.ID); !in {
			t.Error("the dossier left the Ministry round on the request")
		}
		_, err = w.svc.RequestMinistryAdditions(ctx, ministry, mr.ID, d.ID, withVersion(additionsLetter, d.Version))
		wantCode(t, "a second open request", err, ocop.ECONFLICT, "err.additions_open")
		wantTracked(t, w.svc, province, d.ID, "holder.additions_open")
		wantTracked(t, w.svc, w.producerA, d.ID, "holder.additions_open")
		wantTracked(t, w.svc, hanoi, d.ID, "")
		if db.UnreadCount(ctx, province.ID) == 0 {
			t.Error("the province's office was not told")
		}

		_, err = w.svc.PassAdditions(ctx, hanoi, d.ID, d.Version)
		wantCode(t, "Hà Nội passes Sơn La's request", err, ocop.ENOTFOUND, "")
		_, err = w.svc.PassAdditions(ctx, province, d.ID, d.Version-1)
		wantCode(t, "a stale page", err, ocop.ECONFLICT, "err.conflict")
		back, err := w.svc.PassAdditions(ctx, province, d.ID, d.Version)
		if err != nil || back.Status != ocop.DossierCompletion || !back.Editable() ||
			!strings.Contains(back.ReturnReason, "Tiêu chí 9") || !strings.Contains(back.ReturnReason, "30/11/2026") {
			t.Fatalf("passed to the producer: %v %+v", err, back)
		}
		_, err = w.svc.PassAdditions(ctx, province, d.ID, back.Version)
		wantCode(t, "passed twice", err, ocop.ECONFLICT, "err.additions_not_open")
		wantTracked(t, w.svc, province, d.ID, "holder.additions_passed")
		if tr := wantTracked(t, w.svc, w.producerA, d.ID, "holder.additions_passed"); tr.Additions == nil || tr.Additions.Content != additionsLetter.Content {
			t.Errorf("the producer's dashboard lacks the request: %+v", tr.Additions)
		}
		_, err = w.svc.ProposeToMinistry(ctx, province, d.ID, service.ProposalInput{LetterNo: "1/UBND", LetterDate: "18/11/2026", Signer: "PCT"})
		wantCode(t, "a new letter before the producer refiled", err, ocop.ECONFLICT, "err.proposal_status")

		back = completeAsProducer(t, w, back)
		refiled, err := w.svc.Submit(ctx, w.producerA, d.ID, back.Version)
		if err != nil || refiled.Status != ocop.DossierAdditions {
			t.Fatalf("refiled: %v %+v", err, refiled)
		}
		wantTracked(t, w.svc, province, d.ID, "holder.additions_refiled")
		letter := service.ProposalInput{LetterNo: "4001/UBND-KT", LetterDate: "20/11/2026", Signer: "Phó Chủ tịch UBND tỉnh"}
		_, err = w.svc.ProposeToMinistry(ctx, hanoi, d.ID, letter)
		wantCode(t, "Hà Nội writes Sơn La's letter", err, ocop.ENOTFOUND, "")
		p, err := w.svc.ProposeToMinistry(ctx, province, d.ID, letter)
		if err != nil || p.N != 2 {
			t.Fatalf("new letter: %v %+v", err, p)
		}
		wantStatus(t, db, d.ID, ocop.DossierMinistry)
		wantTracked(t, w.svc, province, d.ID, "")
		if in, _ := db.InRound(ctx, mr.ID, d.ID); !in {
			t.Error("the new letter, dated in the round's window, did not keep the dossier in its round")
		}
		letters, err := w.svc.MinistryProposals(ctx, ministry, d.ID)
		if err != nil || len(letters) != 2 || letters[1].LetterNo != "3456/UBND-KT" {
			t.Errorf("letters: %v %+v", err, letters)
		}
		list, _ := w.svc.MinistryAdditions(ctx, ministry, d.ID)
		if len(list) != 1 || list[0].Status != ocop.AdditionsClosed {
			t.Errorf("requests: %+v", list)
		}
		wantSteps(t, w.svc, ministry, d.ID, "step.ministry_additions", "step.additions_pass", "step.submit", "step.ministry_propose")

		scoreAtMinistry(t, db, w, 5) // back in the scoring set
		d, _ = db.DossierByID(ctx, d.ID)
		_, err = w.svc.RequestMinistryAdditions(ctx, ministry, mr.ID, d.ID, withVersion(additionsLetter, d.Version))
		wantCode(t, "a request once scoring opened", err, ocop.ECONFLICT, "err.additions_scoring")
		dec, err := w.svc.RecordDecision(ctx, ministry, mr.ID, service.DecisionInput{Number: "4400/QĐ-BNNMT",
			Date: "22/11/2026", Signer: "Bộ trưởng"})
		if err != nil || len(dec.Outcomes) != 1 || dec.Outcomes[0].Stars != 5 {
			t.Fatalf("Ministry decision after additions: %v %+v", err, dec)
		}
	})
}

// A new letter dated after the window of the round that asked takes the
// dossier out of it, to the round its date reaches; the request stays
// undecided in the round while the province holds it.
func TestMinistryAdditionsLeaveClosedRound(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		province := intoMinistryRound(t, db, w)
		ministry, mr := w.office, w.round
		d, _ := db.DossierByID(ctx, w.a.ID)
		if _, err := w.svc.RequestMinistryAdditions(ctx, ministry, mr.ID, d.ID, withVersion(additionsLetter, d.Version)); err != nil {
			t.Fatal(err)
		}
		// The round moves on without it: scoring opens, the dossier awaits.
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			return tx.SetRoundStatus(ctx, mr, ocop.RoundScoring, "round.scoring_open")
		})
		if err != nil {
			t.Fatal(err)
		}
		d, _ = db.DossierByID(ctx, d.ID)
		back, err := w.svc.PassAdditions(ctx, province, d.ID, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		back = completeAsProducer(t, w, back)
		if _, err := w.svc.Submit(ctx, w.producerA, d.ID, back.Version); err != nil {
			t.Fatal(err)
		}
		letter := service.ProposalInput{LetterNo: "4002/UBND-KT", LetterDate: "21/11/2026", Signer: "PCT"}
		if _, err := w.svc.ProposeToMinistry(ctx, province, d.ID, letter); err != nil {
			t.Fatal(err)
		}
		if in, _ := db.InRound(ctx, mr.ID, d.ID); in {
			t.Error("the dossier stayed in a round that scores already")
		}
		rows, _, err := db.Dossiers(ctx, store.DossierFilter{Scope: ocop.Country, Unassigned: ocop.RoundMinistry,
			Status: ocop.DossierMinistry, ProposedFrom: "2026-11-21", ProposedTo: "2026-11-22"})
		if err != nil || len(rows) != 1 {
			t.Errorf("a candidate for the round of its new letter: %v %d", err, len(rows))
		}
	})
}

func withVersion(in service.AdditionsInput, v int64) service.AdditionsInput {
	in.Version = v
	return in
}

func wantStatus(t *testing.T, db *store.DB, id int64, status string) *ocop.Dossier {
	t.Helper()
	d, err := db.DossierByID(context.Background(), id)
	if err != nil || d.Status != status {
		t.Fatalf("dossier %d: %v, status %s, want %s", id, err, d.Status, status)
	}
	return d
}

// wantSteps checks that the dossier's timeline shows the steps in order.
func wantSteps(t *testing.T, svc *service.Service, u *ocop.User, id int64, steps ...string) {
	t.Helper()
	d, err := svc.Dossier(context.Background(), u, id)
	if err != nil {
		t.Fatal(err)
	}
	st, err := svc.Standing(context.Background(), u, d)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, s := range st.Steps {
		if i < len(steps) && s.Action == steps[i] {
			i++
		}
	}
	if i != len(steps) {
		t.Errorf("timeline lacks %s: %+v", steps[i], st.Steps)
	}
}

// wantTracked finds dossier id on u's dashboard with the holder, due by
// the request's date (30/11/2026, working days on the calendar); holder ""
// wants it absent.
func wantTracked(t *testing.T, svc *service.Service, u *ocop.User, id int64, holder string) service.Tracked {
	t.Helper()
	list, err := svc.Tracking(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range list {
		if tr.ID != id {
			continue
		}
		if holder == "" {
			t.Errorf("%s's dashboard lists dossier %d (%s)", u.Username, id, tr.Holder)
		} else if tr.Holder != holder || tr.Due.Format(time.DateOnly) != "2026-11-30" || tr.Additions == nil {
			t.Errorf("%s's dashboard: %s due %v, want %s due 2026-11-30", u.Username, tr.Holder, tr.Due, holder)
		}
		return tr
	}
	if holder != "" {
		t.Errorf("%s's dashboard lacks dossier %d", u.Username, id)
	}
	return service.Tracked{}
}

// completeAsProducer has A's producer complete the dossier handed back:
// the lowest answers (evidence where they score), papers and Mẫu 02.
func completeAsProducer(t *testing.T, w *councilWorld, d *ocop.Dossier) *ocop.Dossier {
	t.Helper()
	ctx, u := context.Background(), w.producerA
	var err error
	if w.svc.Files, err = files.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	sheet := sheetOn(w.card, false)
	if d, err = w.svc.SaveSheet(ctx, u, d.ID, d.Version, sheet); err != nil {
		t.Fatal(err)
	}
	for c, pts := range sheet.Answers {
		if pts == 0 {
			continue
		}
		if _, err := w.svc.AddEvidence(ctx, u, d.ID, c, "bo-sung.pdf", bytes.NewReader(testPDF)); err != nil {
			t.Fatal(err)
		}
	}
	next := time.Now().AddDate(1, 0, 0).Format("02/01/2006")
	for _, kind := range []string{"dang_ky_kinh_doanh", "attp"} {
		if _, err := w.svc.UploadDocument(ctx, u, d.ProducerID, service.DocumentInput{Kind: kind, Title: kind, ExpiresOn: next,
			FileName: kind + ".pdf"}, bytes.NewReader(testPDF)); err != nil {
			t.Fatal(err)
		}
	}
	if d, err = w.svc.SaveSelfReport(ctx, u, d.ID, d.Version, testReport); err != nil {
		t.Fatal(err)
	}
	return d
}

// A dossier the Ministry sent back below 5★ may join a new provincial
// round of its own province instead of a decision from the central
// result; while it is there the central result does not offer it, and
// once decided from the central result no round takes it.
func TestCentralDossierIntoNewProvincialRound(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		province := atMinistry(t, db, w, 4)
		mr := w.round
		if _, err := w.svc.RecordDecision(ctx, w.office, mr.ID, service.DecisionInput{Number: "4500/QĐ-BNNMT",
			Date: "20/11/2026", Signer: "Bộ trưởng"}); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, db, w.a.ID, ocop.DossierCentral)
		again, err := w.svc.CreateRound(ctx, province, service.RoundInput{Year: 2027, Number: 1, Kind: ocop.RoundRegular})
		if err != nil {
			t.Fatal(err)
		}
		_, list, err := w.svc.RoundDossierList(ctx, province, again.ID)
		if err != nil || len(list.Candidates) != 1 || list.Candidates[0].ID != w.a.ID {
			t.Fatalf("candidates of the new round: %v %+v", err, list.Candidates)
		}
		hanoi := staff(t, db, "so.nn.hanoi3", ocop.RoleProvince, ocop.ProvinceScope("01"))
		hr, err := w.svc.CreateRound(ctx, hanoi, service.RoundInput{Year: 2027, Number: 1, Kind: ocop.RoundRegular})
		if err != nil {
			t.Fatal(err)
		}
		err = w.svc.AddRoundDossier(ctx, hanoi, hr.ID, w.a.ID)
		wantCode(t, "Hà Nội takes Sơn La's central dossier", err, ocop.ENOTFOUND, "")
		if err := w.svc.AddRoundDossier(ctx, province, again.ID, w.a.ID); err != nil {
			t.Fatal(err)
		}
		cr, err := w.svc.CentralResult(ctx, province, mr.ID)
		if err != nil || len(cr.Dossiers) != 0 {
			t.Fatalf("central result offers a dossier in a new round: %v %+v", err, cr)
		}
		in := service.DecisionInput{Number: "1002/QĐ-UBND", Date: "22/11/2026", Signer: "Chủ tịch UBND tỉnh"}
		_, err = w.svc.RecordCentralDecision(ctx, province, mr.ID, in)
		wantCode(t, "deciding from the central result a dossier in a new round", err, ocop.ECONFLICT, "err.central_empty")

		// The other way: out of the new round, decided from the central result.
		if err := w.svc.RemoveRoundDossier(ctx, province, again.ID, w.a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RecordCentralDecision(ctx, province, mr.ID, in); err != nil {
			t.Fatal(err)
		}
		_, list, _ = w.svc.RoundDossierList(ctx, province, again.ID)
		if len(list.Candidates) != 0 {
			t.Errorf("a dossier decided from the central result is a candidate: %+v", list.Candidates)
		}
		err = w.svc.AddRoundDossier(ctx, province, again.ID, w.a.ID)
		wantCode(t, "a new round takes a decided dossier", err, ocop.ECONFLICT, "err.round_dossier_not_accepted")
	})
}

// In a new provincial round the central dossier is scored and decided
// like any other: its old round's papers stay as they were.
func TestCentralDossierScoredAgain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := toMinistry(t, db)
		province := atMinistry(t, db, w, 4)
		dec := scoredAgain(t, db, w, province, 4, "4501/QĐ-BNNMT")
		if len(dec.Outcomes) != 1 || dec.Outcomes[0].Outcome != ocop.OutcomeCertified || dec.Outcomes[0].Stars != 4 {
			t.Fatalf("the new round's decision: %+v", dec)
		}
		wantStatus(t, db, w.a.ID, ocop.DossierDecided)
	})
}

// scoredAgain has the Ministry decide A below 5★ (number), the province
// put it into a new provincial round of 2027 whose council scores it at
// stars, and the Chairman decide; the world's round is then the new one.
func scoredAgain(t *testing.T, db *store.DB, w *councilWorld, province *ocop.User, stars int, number string) *ocop.Decision {
	t.Helper()
	ctx := context.Background()
	if _, err := w.svc.RecordDecision(ctx, w.office, w.round.ID, service.DecisionInput{Number: number,
		Date: "20/11/2026", Signer: "Bộ trưởng"}); err != nil {
		t.Fatal(err)
	}
	again, err := w.svc.CreateRound(ctx, province, service.RoundInput{Year: 2027, Number: 1, Kind: ocop.RoundRegular})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.svc.AddRoundDossier(ctx, province, again.ID, w.a.ID); err != nil {
		t.Fatal(err)
	}
	err = w.svc.AddRoundDossier(ctx, province, again.ID, w.a.ID)
	wantCode(t, "twice in the new round", err, ocop.ECONFLICT, "err.round_dossier_taken")
	w.round, w.office = again, province
	mk := func(name string) *ocop.User { return staff(t, db, name, ocop.RoleCouncil, ocop.ProvinceScope("14")) }
	w.chair, w.m2, w.m3, w.m4, w.sec = mk("sl2.chutich"), mk("sl2.uyvien2"), mk("sl2.uyvien3"), mk("sl2.uyvien4"), mk("sl2.thuky")
	w.seat(t)
	w.present(t, w.chair, w.m2, w.m3, w.m4)
	if _, err := w.svc.OpenScoring(ctx, w.chair, again.ID); err != nil {
		t.Fatal(err)
	}
	w.scoreAll(t, w.a, stars, w.chair, w.m2, w.m3, w.m4)
	if _, err := w.svc.CloseScoring(ctx, w.chair, again.ID); err != nil {
		t.Fatal(err)
	}
	dec, err := w.svc.RecordDecision(ctx, province, again.ID, service.DecisionInput{Number: "1100/QĐ-UBND",
		Date: "22/11/2026", Signer: "Chủ tịch UBND tỉnh"})
	if err != nil {
		t.Fatal(err)
	}
	return dec
}

// A central dossier a new provincial round decides 90+ again gets a new
// numbered letter, once; it joins a Ministry round by that letter's date.
func TestCentralDossierProposedAgain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := toMinistry(t, db)
		province := atMinistry(t, db, w, 4)
		ministry := w.office
		scoredAgain(t, db, w, province, 5, "4502/QĐ-BNNMT")
		d := wantStatus(t, db, w.a.ID, ocop.DossierMinistry)
		if ok, err := w.svc.CanPropose(ctx, d); err != nil || !ok {
			t.Fatalf("a new letter is not offered: %v", err)
		}
		letter := service.ProposalInput{LetterNo: "120/UBND-KT", LetterDate: "22/11/2026", Signer: "Phó Chủ tịch UBND tỉnh"}
		p, err := w.svc.ProposeToMinistry(ctx, province, w.a.ID, letter)
		if err != nil || p.N != 2 {
			t.Fatalf("second letter: %v %+v", err, p)
		}
		_, err = w.svc.ProposeToMinistry(ctx, province, w.a.ID, letter)
		wantCode(t, "a duplicate of the second letter", err, ocop.ECONFLICT, "err.proposal_exists")
		if ok, err := w.svc.CanPropose(ctx, d); err != nil || ok {
			t.Errorf("a third letter is offered: %v", err)
		}
		list, err := w.svc.MinistryProposals(ctx, province, w.a.ID)
		if err != nil || len(list) != 2 || list[0].N != 2 || list[1].LetterNo != "3456/UBND-KT" {
			t.Fatalf("letters: %v %+v", err, list)
		}
		// The first round's window holds the new letter's date too, but that
		// round is decided: an extra round takes it.
		r, err := w.svc.CreateRound(ctx, ministry, service.RoundInput{Year: 2027, Number: 3, Kind: ocop.RoundExtra,
			ForwardedFrom: "21/11/2026", ForwardedTo: "31/12/2026", DecideBy: "31/01/2027"})
		if err != nil {
			t.Fatal(err)
		}
		_, rl, err := w.svc.RoundDossierList(ctx, ministry, r.ID)
		if err != nil || len(rl.Candidates) != 1 || rl.Candidates[0].ID != w.a.ID {
			t.Fatalf("Ministry candidates by the new letter: %v %+v", err, rl.Candidates)
		}
		if err := w.svc.AddRoundDossier(ctx, ministry, r.ID, w.a.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// The Ministry's office and its council members read the provincial
// round's papers of a dossier proposed to it, read-only; the other
// dossier's sheets stay not found, and so does a round with no proposal.
func TestMinistryReadsProvincialPapers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		ministry := staff(t, db, "vanphong.bo2", ocop.RoleMinistry, ocop.Country)
		central := staff(t, db, "tw.uyvien9", ocop.RoleCouncil, ocop.Country)
		advisor := staff(t, db, "tw.tuvan9", ocop.RoleAdvisory, ocop.Country)
		pr, chair := w.round, w.chair
		w.seat(t)
		w.present(t, w.chair, w.m2, w.m3, w.m4)
		if _, err := w.svc.OpenScoring(ctx, w.chair, pr.ID); err != nil {
			t.Fatal(err)
		}
		w.scoreAll(t, w.a, 5, w.chair, w.m2, w.m3, w.m4)
		w.scoreAll(t, w.b, 3, w.chair, w.m2, w.m3, w.m4)
		if _, err := w.svc.CloseScoring(ctx, w.chair, pr.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RecordDecision(ctx, w.office, pr.ID, service.DecisionInput{Number: "901/QĐ-UBND",
			Date: "10/11/2026", Signer: "Chủ tịch UBND tỉnh"}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*ocop.User{ministry, central, advisor} {
			_, err := w.svc.RoundReport(ctx, u, pr.ID)
			wantCode(t, u.Username+" reads a round with no proposal", err, ocop.ENOTFOUND, "")
		}
		if _, err := w.svc.ProposeToMinistry(ctx, w.office, w.a.ID, service.ProposalInput{LetterNo: "3457/UBND-KT",
			LetterDate: "12/11/2026", Signer: "PCT"}); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*ocop.User{ministry, central, advisor} {
			rep, err := w.svc.RoundReport(ctx, u, pr.ID)
			if err != nil || len(rep.Results) != 2 {
				t.Errorf("%s reads the provincial summary: %v", u.Username, err)
			}
			if _, err := w.svc.PrintSheet(ctx, u, pr.ID, w.a.ID, chair.ID); err != nil {
				t.Errorf("%s prints the proposed dossier's sheet: %v", u.Username, err)
			}
			_, err = w.svc.PrintSheet(ctx, u, pr.ID, w.b.ID, chair.ID)
			wantCode(t, u.Username+" prints an unproposed dossier's sheet", err, ocop.ENOTFOUND, "")
			if _, err := w.svc.ReviewFor(ctx, u, pr.ID, w.a.ID); err != nil {
				t.Errorf("%s reads the proposed dossier's review: %v", u.Username, err)
			}
			_, err = w.svc.ReviewFor(ctx, u, pr.ID, w.b.ID)
			wantCode(t, u.Username+" reads an unproposed dossier's review", err, ocop.ENOTFOUND, "")
		}
		pp, err := w.svc.ProvincialPapersOf(ctx, ministry, w.a.ID)
		if err != nil || pp.Round.ID != pr.ID || len(pp.Council.Members) == 0 {
			t.Fatalf("papers of A: %v %+v", err, pp)
		}
		if pp, err := w.svc.ProvincialPapersOf(ctx, ministry, w.b.ID); err != nil || pp != nil {
			t.Errorf("papers of an unproposed dossier: %v %+v", err, pp)
		}
		// Read-only: the Ministry still does not run the province's round.
		_, err = w.svc.SaveMeeting(ctx, ministry, pr.ID, service.MeetingInput{})
		wantCode(t, "the Ministry writes the provincial minutes", err, ocop.ENOTFOUND, "")
		hanoi := staff(t, db, "so.nn.hanoi4", ocop.RoleProvince, ocop.ProvinceScope("01"))
		provAdvisor := staff(t, db, "sl.tuvan9", ocop.RoleAdvisory, ocop.ProvinceScope("14"))
		_, err = w.svc.RoundReport(ctx, provAdvisor, pr.ID)
		wantCode(t, "a province's advisory member reads the summary", err, ocop.ENOTFOUND, "")
		_, err = w.svc.RoundReport(ctx, hanoi, pr.ID)
		wantCode(t, "Hà Nội reads Sơn La's papers", err, ocop.ENOTFOUND, "")
	})
}
