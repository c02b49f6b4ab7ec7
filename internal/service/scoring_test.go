package service_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// sheetOn answers every criterion of a card with its highest (top) or
// lowest option.
func sheetOn(card *rulebook.Card, top bool) rulebook.Sheet {
	sh := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		if cr.YesNo {
			sh.Answers[cr.Code] = map[bool]float64{true: cr.Max, false: 0}[top]
			continue
		}
		pts := []float64{}
		for _, o := range cr.Choices() {
			pts = append(pts, o.Points)
		}
		sh.Answers[cr.Code] = map[bool]float64{true: slices.Max(pts), false: slices.Min(pts)}[top]
	}
	return sh
}

// otherProducerDossier gives a second producer of Chiềng Mai an accepted
// dossier, written straight to the store.
func otherProducerDossier(t *testing.T, db *store.DB, forwarded time.Time) (*ocop.Producer, *ocop.Dossier) {
	t.Helper()
	return producerDossier(t, db, "HTX Chè Tà Xùa", ocop.DossierFirst, forwarded)
}

// producerDossier gives a new producer of Chiềng Mai an accepted dossier
// of a kind, written straight to the store.
func producerDossier(t *testing.T, db *store.DB, name, kind string, forwarded time.Time) (*ocop.Producer, *ocop.Dossier) {
	t.Helper()
	ctx := context.Background()
	p := &ocop.Producer{Name: name, LegalType: "hop_tac_xa", ProvinceCode: "14", CommuneCode: "04132", Status: ocop.UserActive}
	var d *ocop.Dossier
	err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.CreateProducer(ctx, p); err != nil {
			return err
		}
		prod := &ocop.Product{ProducerID: p.ID, Name: "Chè shan tuyết", ProvinceCode: "14", CommuneCode: "04132"}
		if err := tx.CreateProduct(ctx, prod); err != nil {
			return err
		}
		d = &ocop.Dossier{ProductID: prod.ID, ProducerID: p.ID, CommuneCode: "04132", ProvinceCode: "14",
			Kind: kind, Decision: service.CurrentDecision, Card: 4, Status: ocop.DossierDraft, Sheet: "{}"}
		if err := tx.CreateDossier(ctx, d); err != nil {
			return err
		}
		next := *d
		next.Status, next.SubmittedAt, next.ForwardedAt = ocop.DossierAccepted, forwarded.Add(-240*time.Hour).UTC(), forwarded.UTC()
		err := tx.UpdateDossier(ctx, d, &next, "dossier.accept")
		d = &next
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, d
}

// councilWorld is a round of Sơn La with two dossiers and a seated
// council: chair, three members and a secretary.
type councilWorld struct {
	svc                    *service.Service
	office                 *ocop.User
	chair, m2, m3, m4, sec *ocop.User
	round                  *ocop.EvalRound
	a, b                   *ocop.Dossier
	producerB              *ocop.Producer
	producerA              *ocop.User // the account of A's producer
	card                   *rulebook.Card
}

func newCouncilWorld(t *testing.T, db *store.DB) *councilWorld {
	t.Helper()
	ctx := context.Background()
	w := &councilWorld{svc: newService(db)}
	u, p, _ := confirmedProducer(t, db, w.svc)
	w.producerA = u
	w.a = acceptedDossier(t, db, w.svc, u, p, time.Date(2026, 3, 2, 9, 0, 0, 0, vn))
	w.producerB, w.b = otherProducerDossier(t, db, time.Date(2026, 3, 3, 9, 0, 0, 0, vn))
	w.office = staff(t, db, "so.nn.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))
	var err error
	if w.round, err = w.svc.CreateRound(ctx, w.office, service.RoundInput{Year: 2026, Number: 1, Kind: ocop.RoundRegular}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*ocop.Dossier{w.a, w.b} {
		if err := w.svc.AddRoundDossier(ctx, w.office, w.round.ID, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	if w.card, err = service.DossierCard(w.a); err != nil {
		t.Fatal(err)
	}
	mk := func(name string) *ocop.User { return staff(t, db, name, ocop.RoleCouncil, ocop.ProvinceScope("14")) }
	w.chair, w.m2, w.m3, w.m4, w.sec = mk("hd.chutich"), mk("hd.uyvien2"), mk("hd.uyvien3"), mk("hd.uyvien4"), mk("hd.thuky")
	return w
}

func (w *councilWorld) seat(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	_, err := w.svc.SaveCouncil(ctx, w.office, w.round.ID, ocop.CouncilBoard, service.CouncilInput{DecisionNo: "125/QĐ-UBND",
		DecisionDate: "02/03/2026", Signer: "Phó Chủ tịch UBND tỉnh", QuorumPercent: 75, RequireChair: true, Tolerance: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		u        *ocop.User
		pos, dep string
	}{{w.chair, "chair", "nnmt"}, {w.m2, "member", "congthuong"}, {w.m3, "member", "yte"}, {w.m4, "expert", "khcn"}, {w.sec, "secretary", "nnmt"}} {
		if _, err := w.svc.AddCouncilMember(ctx, w.office, w.round.ID, ocop.CouncilBoard,
			service.MemberInput{UserID: m.u.ID, Position: m.pos, Department: m.dep}); err != nil {
			t.Fatalf("seat %s: %v", m.u.Username, err)
		}
	}
}

func (w *councilWorld) present(t *testing.T, users ...*ocop.User) {
	t.Helper()
	for _, u := range users {
		if err := w.svc.SetMemberPresent(context.Background(), w.office, w.round.ID, ocop.CouncilBoard, u.ID, true); err != nil {
			t.Fatal(err)
		}
	}
}

// submit saves and submits a member's sheet on the version they read.
func (w *councilWorld) submit(t *testing.T, u *ocop.User, d *ocop.Dossier, top bool) *service.SheetView {
	t.Helper()
	ctx := context.Background()
	cur, err := w.svc.MySheet(ctx, u, w.round.ID, d.ID)
	if err != nil {
		t.Fatalf("%s reads sheet: %v", u.Username, err)
	}
	sv, err := w.svc.SaveScoreSheet(ctx, u, w.round.ID, d.ID, service.SheetInput{Sheet: sheetOn(w.card, top),
		Comments: map[string]string{w.card.Criteria()[0].Code: "Có minh chứng đầy đủ."}, Version: cur.Sheet.Version, N: cur.Sheet.N, Submit: true})
	if err != nil {
		t.Fatalf("%s submits: %v", u.Username, err)
	}
	return sv
}

func TestCouncilSetupAndConflicts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		_, err := w.svc.AddCouncilMember(ctx, w.office, w.round.ID, ocop.CouncilBoard, service.MemberInput{UserID: w.chair.ID, Position: "chair", Department: "nnmt"})
		wantCode(t, "member before the decision", err, ocop.ECONFLICT, "err.council_missing")
		_, err = w.svc.SaveCouncil(ctx, w.office, w.round.ID, ocop.CouncilBoard, service.CouncilInput{})
		if f := fieldErrors(err); f["decision_no"] != "err.required" || f["signer"] != "err.required" || f["decision_date"] != "err.required" {
			t.Errorf("empty decision: %v", err)
		}
		w.seat(t)
		adv := staff(t, db, "tt.vien", ocop.RoleAdvisory, ocop.ProvinceScope("14"))
		_, err = w.svc.AddCouncilMember(ctx, w.office, w.round.ID, ocop.CouncilBoard, service.MemberInput{UserID: adv.ID, Position: "member", Department: "yte"})
		if fieldErrors(err)["user_id"] != "err.council_user" {
			t.Errorf("advisory member in the council: %v", err)
		}
		hn := staff(t, db, "hd.hanoi", ocop.RoleCouncil, ocop.ProvinceScope("01"))
		_, err = w.svc.AddCouncilMember(ctx, w.office, w.round.ID, ocop.CouncilBoard, service.MemberInput{UserID: hn.ID, Position: "member", Department: "yte"})
		if fieldErrors(err)["user_id"] != "err.council_user" {
			t.Errorf("Hà Nội's member in Sơn La's council: %v", err)
		}
		// The advisory team is separate and takes advisory members.
		if _, err := w.svc.SaveCouncil(ctx, w.office, w.round.ID, ocop.CouncilAdvisory, service.CouncilInput{DecisionNo: "126/QĐ-SNN",
			DecisionDate: "03/03/2026", Signer: "Giám đốc Sở"}); err != nil {
			t.Fatal(err)
		}
		if cv, err := w.svc.AddCouncilMember(ctx, w.office, w.round.ID, ocop.CouncilAdvisory, service.MemberInput{UserID: adv.ID, Position: "member", Department: "yte"}); err != nil || len(cv.Members) != 1 {
			t.Errorf("advisory team: %v", err)
		}

		// A declared producer's dossier is hidden from the member.
		if err := w.svc.DeclareConflict(ctx, w.m3, w.producerB.ID, "Con gái là xã viên"); err != nil {
			t.Fatal(err)
		}
		_, mine, err := w.svc.MemberRoundView(ctx, w.m3, w.round.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != w.a.ID {
			t.Errorf("m3 sees %v (%v), want only dossier A", mine, err)
		}
		_, err = w.svc.MySheet(ctx, w.m3, w.round.ID, w.b.ID)
		wantCode(t, "m3 opens the declared producer's dossier", err, ocop.ENOTFOUND, "")
		_, err = w.svc.Dossier(ctx, w.m3, w.b.ID)
		wantCode(t, "m3 reads the declared producer's dossier page", err, ocop.ENOTFOUND, "")
		if _, err := w.svc.Dossier(ctx, w.m2, w.b.ID); err != nil {
			t.Errorf("m2 reads dossier B: %v", err)
		}
		// A recusal hides one dossier.
		if err := w.svc.Recuse(ctx, w.m4, w.round.ID, w.a.ID, ""); fieldErrors(err)["reason"] != "err.required" {
			t.Errorf("recusal without reason: %v", err)
		}
		if err := w.svc.Recuse(ctx, w.m4, w.round.ID, w.a.ID, "Từng tư vấn cho chủ thể"); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.MySheet(ctx, w.m4, w.round.ID, w.a.ID)
		wantCode(t, "m4 opens the dossier they stepped aside from", err, ocop.ENOTFOUND, "")
		// A council member of another province sees nothing of the round.
		_, _, err = w.svc.MemberRoundView(ctx, hn, w.round.ID)
		wantCode(t, "Hà Nội's member reads the round", err, ocop.ENOTFOUND, "")
		other := staff(t, db, "so.nn.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		_, err = w.svc.Council(ctx, other, w.round.ID, ocop.CouncilBoard)
		wantCode(t, "Hà Nội's office reads the council", err, ocop.ENOTFOUND, "")
	})
}

func TestBlindScoringRound(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		w.seat(t)
		_, err := w.svc.OpenScoring(ctx, w.m2, w.round.ID)
		wantCode(t, "a member opens scoring", err, ocop.EFORBIDDEN, "err.council_chair_only")
		w.present(t, w.chair, w.m2, w.m3) // 3 of 5, 4 needed
		_, err = w.svc.OpenScoring(ctx, w.chair, w.round.ID)
		wantCode(t, "scoring without quorum", err, ocop.ECONFLICT, "err.quorum")
		_, err = w.svc.MySheet(ctx, w.m2, w.round.ID, w.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.a.ID, service.SheetInput{Sheet: sheetOn(w.card, true)})
		wantCode(t, "scoring before it opens", err, ocop.ECONFLICT, "err.scoring_closed")
		w.present(t, w.m4)
		if _, err := w.svc.OpenScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		// Once scoring opened, the council's rules stay as they were.
		cv, err := w.svc.Council(ctx, w.office, w.round.ID, ocop.CouncilBoard)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SaveCouncil(ctx, w.office, w.round.ID, ocop.CouncilBoard, service.CouncilInput{DecisionNo: cv.DecisionNo,
			DecisionDate: "02/03/2026", Signer: cv.Signer, QuorumPercent: 50, Tolerance: 30, Version: cv.Version})
		wantCode(t, "rules changed after opening", err, ocop.ECONFLICT, "err.council_rules_locked")

		// Points that are no option's value are refused by the engine.
		bad := sheetOn(w.card, true)
		bad.Answers[w.card.Criteria()[0].Code] = 0.37
		if _, err := w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.a.ID, service.SheetInput{Sheet: bad}); err == nil {
			t.Error("0.37 points accepted")
		}
		// A draft is kept; then two tabs submit on the same version.
		draft, err := w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.a.ID, service.SheetInput{Sheet: sheetOn(w.card, false)})
		if err != nil || draft.Sheet.Status != ocop.SheetDraft || draft.Sheet.N != 1 {
			t.Fatalf("draft: %v %+v", err, draft)
		}
		tab := service.SheetInput{Sheet: sheetOn(w.card, true), Version: draft.Sheet.Version, N: 1, Submit: true}
		if _, err := w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.a.ID, tab); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.a.ID, tab)
		wantCode(t, "second tab's submit", err, ocop.ECONFLICT, "err.conflict")

		// Blind: nobody reads the results (others' sheets) before closing.
		_, err = w.svc.Results(ctx, w.m3, w.round.ID)
		wantCode(t, "m3 reads results while scoring", err, ocop.ECONFLICT, "err.scores_blind")
		_, err = w.svc.Results(ctx, w.office, w.round.ID)
		wantCode(t, "the office reads results while scoring", err, ocop.ECONFLICT, "err.scores_blind")
		if sv, _ := w.svc.MySheet(ctx, w.m3, w.round.ID, w.a.ID); sv.Sheet.N != 0 {
			t.Errorf("m3 sees a sheet on A before scoring it: %+v", sv.Sheet)
		}

		w.submit(t, w.chair, w.a, true)
		w.submit(t, w.m3, w.a, false)
		w.submit(t, w.chair, w.b, true)
		// The secretary enters m4's paper sheet on B.
		cur, _ := w.svc.MySheet(ctx, w.m4, w.round.ID, w.b.ID)
		paper, err := w.svc.SaveScoreSheet(ctx, w.sec, w.round.ID, w.b.ID, service.SheetInput{Sheet: sheetOn(w.card, true),
			Version: cur.Sheet.Version, Submit: true, For: w.m4.ID})
		if err != nil || !paper.Sheet.Paper || paper.Sheet.UserID != w.m4.ID || paper.Sheet.EnteredBy != w.sec.ID {
			t.Fatalf("paper sheet: %v %+v", err, paper)
		}
		_, err = w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.b.ID, service.SheetInput{Sheet: sheetOn(w.card, true), For: w.m3.ID})
		wantCode(t, "a member enters someone else's sheet", err, ocop.EFORBIDDEN, "err.council_secretary_only")

		if _, err := w.svc.CloseScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		cur, _ = w.svc.MySheet(ctx, w.m2, w.round.ID, w.a.ID)
		_, err = w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.a.ID, service.SheetInput{Sheet: sheetOn(w.card, true), Version: cur.Sheet.Version, N: cur.Sheet.N})
		wantCode(t, "scoring after closing", err, ocop.ECONFLICT, "err.scoring_closed")

		results := w.results(t, w.m3)
		ra := results[w.a.ID]
		want, err := w.card.ScoreCouncil([]rulebook.Member{{Name: "hd.chutich", Chair: true, Sheet: sheetOn(w.card, true)},
			{Name: "hd.uyvien2", Sheet: sheetOn(w.card, true)}, {Name: "hd.uyvien3", Sheet: sheetOn(w.card, false)}},
			rulebook.CouncilRules{Tolerance: 10, QuorumPercent: 75, RequireChair: true})
		if err != nil {
			t.Fatal(err)
		}
		if ra.Result == nil || ra.Result.Total != want.Total || ra.Result.Stars != want.Stars || ra.Result.Spread != want.Spread || !ra.Result.NeedsRescoring || len(ra.Result.Diverging) == 0 {
			t.Fatalf("result on A: %+v, want the engine's %+v", ra.Result, want)
		}
		if rb := results[w.b.ID]; rb.Result == nil || len(rb.Result.Members) != 2 || rb.Result.NeedsRescoring {
			t.Errorf("result on B: %+v", rb.Result)
		}

		// Spread above tolerance: the chair reopens A; m3 re-scores as a new version.
		_, err = w.svc.Rescore(ctx, w.m2, w.round.ID, []int64{w.a.ID})
		wantCode(t, "a member reopens", err, ocop.EFORBIDDEN, "err.council_chair_only")
		if _, err := w.svc.Rescore(ctx, w.chair, w.round.ID, []int64{w.a.ID}); err != nil {
			t.Fatal(err)
		}
		cur, _ = w.svc.MySheet(ctx, w.chair, w.round.ID, w.b.ID)
		_, err = w.svc.SaveScoreSheet(ctx, w.chair, w.round.ID, w.b.ID, service.SheetInput{Sheet: sheetOn(w.card, false), Version: cur.Sheet.Version, N: cur.Sheet.N})
		wantCode(t, "re-scoring a dossier not reopened", err, ocop.ECONFLICT, "err.scoring_closed")
		if sv := w.submit(t, w.m3, w.a, true); sv.Sheet.N != 2 {
			t.Errorf("re-score is version %d, want 2", sv.Sheet.N)
		}
		if _, err := w.svc.CloseScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		ra = w.results(t, w.office)[w.a.ID]
		if ra.Result.NeedsRescoring || ra.Result.Spread != 0 || len(ra.Sheets) != 4 {
			t.Errorf("after re-scoring: spread %v, %d sheet versions (want 0, 4)", ra.Result.Spread, len(ra.Sheets))
		}
		if ra.Sheets[len(ra.Sheets)-1].N != 2 || ra.Sheets[len(ra.Sheets)-2].N != 1 {
			t.Errorf("m3's first version is not kept: %+v", ra.Sheets)
		}
	})
}

func (w *councilWorld) results(t *testing.T, u *ocop.User) map[int64]*service.DossierResult {
	t.Helper()
	rs, err := w.svc.Results(context.Background(), u, w.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]*service.DossierResult{}
	for _, r := range rs {
		out[r.ID] = r
	}
	return out
}
