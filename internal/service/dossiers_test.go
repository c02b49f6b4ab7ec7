package service_test

import (
	"bytes"
	"context"
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
		if missing, _ := svc.Missing(ctx, d); len(missing) != 0 {
			t.Fatalf("still missing: %v", missing)
		}
		// The commune officer sees the dossier but cannot submit it.
		if _, err := svc.Dossier(ctx, officer, d.ID); err != nil {
			t.Errorf("officer reading: %v", err)
		}
		if _, err := svc.Submit(ctx, officer, d.ID, d.Version); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("officer submitting: %v", err)
		}
		d, err = svc.Submit(ctx, u, d.ID, d.Version)
		if err != nil || d.Status != ocop.DossierSubmitted || d.SubmittedAt.IsZero() {
			t.Fatalf("submit: %+v %v", d, err)
		}
		if _, err := svc.SaveSheet(ctx, u, d.ID, d.Version, sheet); ocop.ErrorMessage(err) != "err.dossier_not_draft" {
			t.Errorf("editing a submitted dossier: %v", err)
		}
		// Another unit's officer does not see it.
		far := staff(t, db, "canbo.hn", ocop.RoleCommune, ocop.CommuneScope("01", "00577"))
		if _, err := svc.Dossier(ctx, far, d.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("officer elsewhere: %v", err)
		}
	})
}
