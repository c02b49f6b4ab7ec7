package service_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

var testReport = ocop.SelfReport{History: "Thành lập năm 2018", RawMaterial: "20 ha", Market: "Hà Nội",
	PlanGoals: "Đạt 4 sao", Results: []ocop.YearResult{{Year: 2025, Output: "5 tấn", Revenue: 1_250_000_000, Profit: -50_000}}}

var testPDF = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func TestDossierDraftToSubmitted(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		var err error
		if svc.Files, err = files.Open(t.TempDir()); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		u, p, officer := confirmedProducer(t, db, svc)
		prod, err := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: "Cà phê rang xay", Card: 13})
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.OpenDossier(ctx, u, prod.ID, ocop.DossierFirst)
		if err != nil || d.Status != ocop.DossierDraft || d.Card != 13 || d.Decision != service.CurrentDecision {
			t.Fatalf("open: %+v %v", d, err)
		}
		if _, err := svc.OpenDossier(ctx, u, prod.ID, ocop.DossierFirst); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("second open dossier: %v", err)
		}
		// Points the scorecard does not offer are refused by the engine.
		if _, err := svc.SaveSheet(ctx, u, d.ID, d.Version, rulebook.Sheet{Answers: map[string]float64{"1.1": 7}}); err == nil {
			t.Error("7 points on criterion 1.1 accepted")
		}
		card, _ := service.DossierCard(d)
		sheet := rulebook.Sheet{Answers: map[string]float64{}}
		for _, cr := range card.Criteria() {
			lowest := 0.0 // a yes/no criterion: "Không"
			if !cr.YesNo {
				lowest = cr.Choices()[0].Points
			}
			sheet.Answers[cr.Code] = lowest
		}
		sheet.Answers["1.1"], sheet.Answers["2.2"] = 2, 2
		d, err = svc.SaveSheet(ctx, u, d.ID, d.Version, sheet)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveSheet(ctx, u, d.ID, d.Version-1, sheet); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale save: %v", err)
		}
		missing, _ := svc.Missing(ctx, d)
		joined := strings.Join(missing, "\n")
		for _, want := range []string{"Tiêu chí 1.1", "Tiêu chí 2.2", "Giấy chứng nhận đăng ký kinh doanh", "an toàn thực phẩm"} {
			if !strings.Contains(joined, want) {
				t.Errorf("missing list lacks %q:\n%s", want, joined)
			}
		}
		if _, err := svc.Submit(ctx, u, d.ID, d.Version); ocop.ErrorMessage(err) != "err.dossier_incomplete" {
			t.Fatalf("incomplete submit: %v", err)
		}
		for c, pts := range sheet.Answers {
			if pts == 0 {
				continue
			}
			if _, err := svc.AddEvidence(ctx, u, d.ID, c, "mc.pdf", bytes.NewReader(testPDF)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.AddEvidence(ctx, u, d.ID, "9.9", "mc.pdf", bytes.NewReader(testPDF)); fieldErrors(err)["criterion"] != "err.choose" {
			t.Errorf("evidence for an unknown criterion: %v", err)
		}
		next := time.Now().AddDate(1, 0, 0).Format("02/01/2006")
		for _, kind := range []string{"dang_ky_kinh_doanh", "attp"} {
			if _, err := svc.UploadDocument(ctx, u, p.ID, service.DocumentInput{Kind: kind, Title: kind, ExpiresOn: next,
				FileName: kind + ".pdf"}, bytes.NewReader(testPDF)); err != nil {
				t.Fatal(err)
			}
		}
		if missing, _ := svc.Missing(ctx, d); len(missing) != 5 || !strings.Contains(missing[0], "Mẫu số 02") {
			t.Fatalf("missing before Mẫu 02: %v", missing)
		}
		bad := testReport
		bad.Results = []ocop.YearResult{{Year: 1999}, {Year: 2025, Revenue: -1}}
		if _, err := svc.SaveSelfReport(ctx, u, d.ID, d.Version, bad); len(fieldErrors(err)) != 2 {
			t.Errorf("bad yearly results: %v", err)
		}
		if d, err = svc.SaveSelfReport(ctx, u, d.ID, d.Version, testReport); err != nil {
			t.Fatal(err)
		}
		if missing, _ := svc.Missing(ctx, d); len(missing) != 0 {
			t.Fatalf("still missing: %v", missing)
		}
		// Until it is filed, the commune officer sees nothing of the draft.
		if _, err := svc.Dossier(ctx, officer, d.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("officer reading a draft: %v", err)
		}
		if _, err := svc.Submit(ctx, officer, d.ID, d.Version); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("officer submitting: %v", err)
		}
		d, err = svc.Submit(ctx, u, d.ID, d.Version)
		if err != nil || d.Status != ocop.DossierSubmitted || d.SubmittedAt.IsZero() {
			t.Fatalf("submit: %+v %v", d, err)
		}
		ev, _ := svc.Evidence(ctx, u, d.ID)
		if _, err := svc.Dossier(ctx, officer, d.ID); err != nil {
			t.Errorf("officer reading the filed dossier: %v", err)
		}
		if vs, err := svc.Versions(ctx, u, d.ID); err != nil || len(vs) != 1 || vs[0].Sheet != d.Sheet ||
			len(vs[0].Evidence) != len(ev) || len(ev) == 0 || service.SelfReportOf(d).Market != "Hà Nội" {
			t.Errorf("kept version: %+v %v", vs, err)
		}
		if _, err := svc.SaveSheet(ctx, u, d.ID, d.Version, sheet); ocop.ErrorMessage(err) != "err.dossier_not_draft" {
			t.Errorf("editing a submitted dossier: %v", err)
		}
		// The commune returns it; the producer takes a file off, changes
		// an answer and the report, and files again: both filings are kept
		// and compare.
		if d, err = svc.ReceiveDossier(ctx, officer, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if err := svc.RemoveEvidence(ctx, u, d.ID, ev[0].ID); ocop.ErrorMessage(err) != "err.dossier_not_draft" {
			t.Errorf("removing evidence of a filed dossier: %v", err)
		}
		if d, err = svc.ReturnDossier(ctx, officer, d.ID, d.Version, "Thiếu hóa đơn bán hàng"); err != nil {
			t.Fatal(err)
		}
		if err := svc.RemoveEvidence(ctx, u, d.ID, ev[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RemoveEvidence(ctx, u, d.ID, ev[0].ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("removing twice: %v", err)
		}
		if _, err := svc.AddEvidence(ctx, u, d.ID, ev[0].Criterion, "moi.pdf", bytes.NewReader(append(testPDF, '\n'))); err != nil {
			t.Fatal(err)
		}
		sheet.Answers["1.1"] = 3
		if d, err = svc.SaveSheet(ctx, u, d.ID, d.Version, sheet); err != nil {
			t.Fatal(err)
		}
		report := testReport
		report.Market = "Hà Nội, Hải Phòng"
		if d, err = svc.SaveSelfReport(ctx, u, d.ID, d.Version, report); err != nil {
			t.Fatal(err)
		}
		if d, err = svc.Submit(ctx, u, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		vs, err := svc.Versions(ctx, u, d.ID)
		if err != nil || len(vs) != 2 || vs[1].N != 2 {
			t.Fatalf("versions: %v %v", vs, err)
		}
		diff, err := service.Compare(d, vs[0], vs[1])
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]service.CriterionDiff{}
		for _, c := range diff.Criteria {
			byCode[c.Code] = c
		}
		if c := byCode["1.1"]; c.Before != "2" || c.After != "3" {
			t.Errorf("criterion 1.1 change: %+v", c)
		}
		if c := byCode[ev[0].Criterion]; len(c.Removed) != 1 || len(c.Added) != 1 || c.Removed[0].FileName != "mc.pdf" {
			t.Errorf("evidence change on %s: %+v", ev[0].Criterion, c)
		}
		if len(diff.Report) != 1 || diff.Report[0].After != "Hà Nội, Hải Phòng" || diff.Unchanged == 0 {
			t.Errorf("report change: %+v", diff.Report)
		}
		// The file taken off stays readable through the first filing.
		if _, f, err := svc.EvidenceFile(ctx, u, d.ID, ev[0].ID); err != nil {
			t.Errorf("removed evidence of version 1: %v", err)
		} else {
			f.Close()
		}
		st, err := svc.Standing(ctx, u, d)
		if err != nil || st.Holder != "holder.commune" || st.Deadline.IsZero() {
			t.Fatalf("standing: %+v %v", st, err)
		}
		var steps []string
		for _, s := range st.Steps {
			steps = append(steps, s.Action+":"+s.Note)
		}
		want := "step.create: step.submit: step.receive: step.return:Thiếu hóa đơn bán hàng step.submit:"
		if strings.Join(steps, " ") != want {
			t.Errorf("timeline:\n got %s\nwant %s", strings.Join(steps, " "), want)
		}
		// Another unit's officer does not see it.
		far := staff(t, db, "canbo.hn", ocop.RoleCommune, ocop.CommuneScope("01", "00577"))
		if _, err := svc.Dossier(ctx, far, d.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("officer elsewhere: %v", err)
		}
		// The dossier page reads the same from one load, under the same check.
		if _, err := svc.DossierPage(ctx, far, d.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("dossier page for an officer elsewhere: %v", err)
		}
		// So does the API's dossier, by id or as a change returned it.
		if _, err := svc.Filing(ctx, far, d.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("filing for an officer elsewhere: %v", err)
		}
		if _, err := svc.FilingOf(ctx, far, d); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("filing of a loaded dossier for an officer elsewhere: %v", err)
		}
		pg, err := svc.DossierPage(ctx, officer, d.ID)
		evNow, _ := svc.Evidence(ctx, officer, d.ID)
		missingNow, _ := svc.Missing(ctx, d)
		if err != nil || pg.Dossier.ID != d.ID || len(pg.Versions) != 2 || len(pg.Evidence) != len(evNow) ||
			!slices.Equal(pg.Missing, missingNow) || len(pg.Standing.Steps) != len(st.Steps) || len(pg.Proposals) != 0 || len(pg.Additions) != 0 {
			t.Errorf("dossier page: %+v %v", pg, err)
		}
		if f, err := svc.Filing(ctx, officer, d.ID); err != nil || len(f.Evidence) != len(evNow) || !slices.Equal(f.Missing, missingNow) {
			t.Errorf("filing: %+v %v", f, err)
		}
	})
}
