package service_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// advisoryWorld is the council world with an advisory team: a lead and a
// member of Sơn La, and an advisory member not seated.
type advisoryWorld struct {
	*councilWorld
	lead, member, outsider, hanoi *ocop.User
}

func newAdvisoryWorld(t *testing.T, db *store.DB) *advisoryWorld {
	t.Helper()
	ctx := context.Background()
	w := &advisoryWorld{councilWorld: newCouncilWorld(t, db)}
	var err error
	if w.svc.Files, err = files.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	w.seat(t)
	mk := func(name, province string) *ocop.User {
		return staff(t, db, name, ocop.RoleAdvisory, ocop.ProvinceScope(province))
	}
	w.lead, w.member, w.outsider, w.hanoi = mk("ttv.totruong", "14"), mk("ttv.thanhvien", "14"), mk("ttv.ngoai", "14"), mk("ttv.hanoi", "01")
	if _, err := w.svc.SaveCouncil(ctx, w.office, w.round.ID, ocop.CouncilAdvisory, service.CouncilInput{DecisionNo: "126/QĐ-UBND",
		DecisionDate: "02/03/2026", Signer: "Giám đốc Sở NN&MT"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		u   *ocop.User
		pos string
	}{{w.lead, "chair"}, {w.member, "member"}} {
		if _, err := w.svc.AddCouncilMember(ctx, w.office, w.round.ID, ocop.CouncilAdvisory,
			service.MemberInput{UserID: m.u.ID, Position: m.pos, Department: "nnmt"}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func TestAdvisoryReview(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAdvisoryWorld(t, db)
		rid, a := w.round.ID, w.a.ID

		// A member notes, surveys the site with photos, asks for a lab test.
		if _, err := w.svc.AddAdvisoryNote(ctx, w.member, rid, a, "Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh."); err != nil {
			t.Fatal(err)
		}
		visit, err := w.svc.AddSiteVisit(ctx, w.member, rid, a, service.VisitInput{Date: "10/03/2026", Place: "Bản Tà Xùa",
			Participants: "Tổ tư vấn, đại diện HTX", Findings: "Nhà xưởng sạch, kho chưa tách khu."})
		if err != nil {
			t.Fatal(err)
		}
		ph, err := w.svc.AddVisitPhoto(ctx, w.member, rid, a, visit.ID, "xuong.jpg", bytes.NewReader(testJPEG))
		if err != nil || ph.ContentType != "image/jpeg" {
			t.Fatalf("visit photo: %+v %v", ph, err)
		}
		for name, tc := range map[string]struct {
			file string
			data []byte
			want string
		}{
			"pdf":       {"bienban.pdf", testPDF, "err.image_type"},
			"script":    {"anh.jpg", []byte("<script>alert(1)</script>"), "err.image_type"},
			"oversized": {"lon.jpg", append(bytes.Clone(testJPEG), make([]byte, files.MaxImageSize)...), "err.image_too_large"},
		} {
			_, err := w.svc.AddVisitPhoto(ctx, w.member, rid, a, visit.ID, tc.file, bytes.NewReader(tc.data))
			if got := fieldErrors(err)["file"]; got != tc.want {
				t.Errorf("%s photo: got %v, want %s", name, err, tc.want)
			}
		}
		if _, err := w.svc.AddSiteVisit(ctx, w.member, rid, a, service.VisitInput{Date: "31/02/2026"}); fieldErrors(err)["visit_date"] == "" ||
			fieldErrors(err)["place"] != "err.required" {
			t.Errorf("bad visit: %v", err)
		}
		lab, err := w.svc.RequestLabTest(ctx, w.member, rid, a, service.LabInput{What: "Vi sinh (E. coli, Coliform)",
			Lab: "Trung tâm Kỹ thuật TĐC Sơn La", Deadline: "25/03/2026"})
		if err != nil || lab.Status != ocop.LabRequested {
			t.Fatalf("lab request: %+v %v", lab, err)
		}
		got, err := w.svc.ReceiveLabResult(ctx, w.member, rid, a, service.LabResultInput{LabID: lab.ID, Version: lab.Version,
			Note: "Đạt", FileName: "ketqua.pdf", File: bytes.NewReader(testPDF)})
		if err != nil || got.Status != ocop.LabReceived || got.ResultType != "application/pdf" {
			t.Fatalf("lab result: %+v %v", got, err)
		}
		_, err = w.svc.ReceiveLabResult(ctx, w.member, rid, a, service.LabResultInput{LabID: lab.ID, Version: lab.Version,
			FileName: "ketqua.pdf", File: bytes.NewReader(testPDF)})
		wantCode(t, "second result", err, ocop.ECONFLICT, "err.lab_received")

		// Verdicts: reasons required unless eligible; a stale version conflicts.
		_, err = w.svc.SetVerdict(ctx, w.member, rid, a, service.VerdictInput{Verdict: ocop.VerdictNeedsMore})
		if fieldErrors(err)["reasons"] != "err.required" {
			t.Errorf("verdict without reasons: %v", err)
		}
		_, err = w.svc.SetVerdict(ctx, w.member, rid, a, service.VerdictInput{Verdict: "tot"})
		if fieldErrors(err)["verdict"] != "err.choose" {
			t.Errorf("unknown verdict: %v", err)
		}
		vd, err := w.svc.SetVerdict(ctx, w.member, rid, a, service.VerdictInput{Verdict: ocop.VerdictNeedsMore, Reasons: "Bổ sung phiếu kiểm nghiệm."})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.SetVerdict(ctx, w.lead, rid, a, service.VerdictInput{Verdict: ocop.VerdictEligible})
		wantCode(t, "stale verdict", err, ocop.ECONFLICT, "err.conflict")

		// Nobody else reviews: an unseated advisory member, Hà Nội, a council member.
		for _, u := range []*ocop.User{w.outsider, w.hanoi} {
			_, err := w.svc.AddAdvisoryNote(ctx, u, rid, a, "Ghi chú")
			wantCode(t, u.Username+" notes", err, ocop.ENOTFOUND, "")
			_, _, _, err = w.svc.AdvisoryReview(ctx, u, rid, a)
			wantCode(t, u.Username+" reads", err, ocop.ENOTFOUND, "")
			_, _, err = w.svc.VisitPhotoFile(ctx, u, rid, a, ph.ID)
			wantCode(t, u.Username+" photo", err, ocop.ENOTFOUND, "")
		}
		_, err = w.svc.SetVerdict(ctx, w.chair, rid, a, service.VerdictInput{Verdict: ocop.VerdictEligible})
		wantCode(t, "council member verdict", err, ocop.EFORBIDDEN, "")
		_, outside := otherProducerDossier(t, db, w.b.ForwardedAt)
		_, _, _, err = w.svc.AdvisoryReview(ctx, w.member, rid, outside.ID)
		wantCode(t, "dossier outside the round", err, ocop.ENOTFOUND, "")

		// The council does not read the review before the report; the office does.
		if rv, err := w.svc.ReviewFor(ctx, w.chair, rid, a); err != nil || rv != nil {
			t.Errorf("council reads the review before the report: %+v %v", rv, err)
		}
		if rv, err := w.svc.ReviewFor(ctx, w.office, rid, a); err != nil || rv == nil || len(rv.Notes) != 1 || len(rv.Visits[0].Photos) != 1 {
			t.Errorf("office reads the review: %+v %v", rv, err)
		}

		// The report: lead only, every dossier with a verdict.
		_, err = w.svc.SubmitAdvisoryReport(ctx, w.member, rid, "Báo cáo")
		wantCode(t, "member reports", err, ocop.EFORBIDDEN, "err.advisory_lead_only")
		_, err = w.svc.SubmitAdvisoryReport(ctx, w.lead, rid, "Báo cáo")
		wantCode(t, "report with a dossier unscreened", err, ocop.ECONFLICT, "err.advisory_verdict_missing")
		if _, err := w.svc.SetVerdict(ctx, w.lead, rid, w.b.ID, service.VerdictInput{Verdict: ocop.VerdictEligible}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetVerdict(ctx, w.lead, rid, a, service.VerdictInput{Verdict: ocop.VerdictNeedsMore,
			Reasons: "Bổ sung phiếu kiểm nghiệm vi sinh.", Version: vd.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SubmitAdvisoryReport(ctx, w.lead, rid, "Tổ tư vấn đã rà soát 2 hồ sơ."); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AddAdvisoryNote(ctx, w.member, rid, a, "Sau báo cáo")
		wantCode(t, "note after the report", err, ocop.ECONFLICT, "err.advisory_reported")
		if n := db.UnreadCount(ctx, w.chair.ID); n != 1 {
			t.Error("the council chair was not told of the report")
		}

		// The council member now reads it beside the dossier, photos included.
		rv, err := w.svc.ReviewFor(ctx, w.chair, rid, a)
		if err != nil || rv == nil || rv.Verdict.Verdict != ocop.VerdictNeedsMore || rv.Report == nil {
			t.Fatalf("council reads the report: %+v %v", rv, err)
		}
		_, f, err := w.svc.VisitPhotoFile(ctx, w.chair, rid, a, ph.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(data, testJPEG) {
			t.Error("photo differs")
		}
		if _, f, err := w.svc.LabResultFile(ctx, w.m2, rid, a, lab.ID); err != nil {
			t.Errorf("lab result for the council: %v", err)
		} else {
			f.Close()
		}
	})
}

// The office sends a dossier of the round back for completion from the
// review: it stays in the round, cannot be scored until accepted again.
func TestRoundCompletionBlocksScoring(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAdvisoryWorld(t, db)
		rid := w.round.ID
		hanoi := staff(t, db, "so.nn.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		_, err := w.svc.RoundCompletion(ctx, hanoi, rid, w.a.ID, w.a.Version, "Bổ sung")
		wantCode(t, "Hà Nội's office", err, ocop.ENOTFOUND, "")
		_, err = w.svc.RoundCompletion(ctx, w.member, rid, w.a.ID, w.a.Version, "Bổ sung")
		wantCode(t, "advisory member", err, ocop.EFORBIDDEN, "")
		_, err = w.svc.RoundCompletion(ctx, w.office, rid, w.a.ID, w.a.Version, " ")
		if fieldErrors(err)["reason"] != "err.required" {
			t.Errorf("no reason: %v", err)
		}
		back, err := w.svc.RoundCompletion(ctx, w.office, rid, w.a.ID, w.a.Version, "Bổ sung phiếu kiểm nghiệm vi sinh.")
		if err != nil || back.Status != ocop.DossierCompletion {
			t.Fatalf("completion: %+v %v", back, err)
		}
		if in, err := db.InRound(ctx, rid, w.a.ID); !in || err != nil {
			t.Errorf("the dossier left the round: %v", err)
		}
		for _, role := range []ocop.Role{ocop.RoleProducer, ocop.RoleCommune} {
			users, _, err := db.Users(ctx, store.UserFilter{Scope: ocop.ProvinceScope("14"), Role: role, Limit: 10})
			if err != nil || len(users) == 0 {
				t.Fatalf("%s accounts: %v", role, err)
			}
			if db.UnreadCount(ctx, users[0].ID) == 0 {
				t.Errorf("%s %s was not told", role, users[0].Username)
			}
		}

		w.present(t, w.chair, w.m2, w.m3, w.m4)
		if _, err := w.svc.OpenScoring(ctx, w.chair, rid); err != nil {
			t.Fatal(err)
		}
		cur, err := w.svc.MySheet(ctx, w.m2, rid, w.a.ID)
		if err != nil || cur.Open {
			t.Fatalf("sheet of a dossier awaiting completion: open=%v %v", cur != nil && cur.Open, err)
		}
		_, err = w.svc.SaveScoreSheet(ctx, w.m2, rid, w.a.ID, service.SheetInput{Sheet: sheetOn(w.card, true)})
		wantCode(t, "scoring a dossier awaiting completion", err, ocop.ECONFLICT, "err.scoring_closed")
		w.submit(t, w.m2, w.b, true) // the other dossier is scored as usual

		// Refiled and forwarded again, the province accepts it: scoring opens.
		err = db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			next := *back
			next.Status = ocop.DossierForwarded
			return tx.UpdateDossier(ctx, back, &next, "dossier.forward")
		})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := db.DossierByID(ctx, w.a.ID)
		if _, err := w.svc.AcceptDossier(ctx, w.office, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		w.submit(t, w.m2, w.a, true)
	})
}
