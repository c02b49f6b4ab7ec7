package demo_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/i18n"
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
		// The dried plums were recognised before the platform and are in
		// their re-rating window; the roasted coffee may be upgraded.
		office, _, _ := db.UserCredentials(ctx, "vanphong.sonla")
		products, _, _ := svc.Products(ctx, office, store.ProductFilter{Limit: 10})
		for _, p := range products {
			cs, err := svc.CertificateStatus(ctx, p.ID, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			switch p.Name {
			case "Mận hậu sấy dẻo Mộc Châu":
				exp, _ := cs.Cert.ExpiryDay(i18n.Zone)
				if !cs.Live() || ocop.ReratingTiming(exp, time.Now().In(i18n.Zone)) != ocop.ReratingOnTime {
					t.Errorf("dried plums: %+v not in the re-rating window", cs)
				}
			case "Cà phê Arabica rang xay Chiềng Ban":
				if !cs.Live() || cs.Cert.Stars != p.Stars {
					t.Errorf("roasted coffee: %+v", cs)
				}
			}
		}
		if res, _ := db.VerifyAudit(ctx); !res.OK() {
			t.Errorf("audit chain after the demo: %+v", res)
		}
	})
}

// The commune's step on the demo's submitted dossier: receipt number from
// the commune's own sequence, the Mẫu 03 assessment, return to the
// producer and back, then forward to the province.
func TestCommuneStep(t *testing.T) {
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
		if err := demo.LoadDossiers(ctx, svc); err != nil {
			t.Fatal(err)
		}
		officer, _, _ := db.UserCredentials(ctx, "canbo.chiengmai")
		producer, _, _ := db.UserCredentials(ctx, "chuthe.caphe")
		items, _, _ := svc.Dossiers(ctx, officer, store.DossierFilter{Status: ocop.DossierSubmitted})
		d := items[0].Dossier
		if _, err := svc.ForwardDossier(ctx, officer, d.ID, d.Version); ocop.ErrorMessage(err) != "err.report_incomplete" {
			t.Fatalf("forward before receipt: %v", err)
		}
		if _, err := svc.ReceiveDossier(ctx, producer, d.ID, d.Version); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("producer receiving: %v", err)
		}
		d, err = svc.ReceiveDossier(ctx, officer, d.ID, d.Version)
		if err != nil || !strings.HasPrefix(d.ReceiptNo, "001/PĐK-14-04132-") || d.ReceivedAt.IsZero() {
			t.Fatalf("receive: %+v %v", d, err)
		}
		if _, err := svc.SaveCommuneReport(ctx, officer, d.ID, d.Version, ocop.CommuneReport{RawMaterial: "100% cà phê của xã"}); err == nil {
			t.Error("an incomplete assessment was accepted")
		}
		rep := ocop.CommuneReport{RawMaterial: "100% cà phê Arabica trồng tại xã", Labour: "45 lao động địa phương",
			IdeaOrigin: "Sản phẩm truyền thống", Identity: "Gắn với văn hóa Thái", MeetingOn: "20/11/2026"}
		if d, err = svc.SaveCommuneReport(ctx, officer, d.ID, d.Version, rep); err != nil {
			t.Fatal(err)
		}
		d, err = svc.ReturnDossier(ctx, officer, d.ID, d.Version, "Bổ sung phiếu kiểm nghiệm mới")
		if err != nil || d.Status != ocop.DossierReturned {
			t.Fatalf("return: %+v %v", d, err)
		}
		// The producer is told, in the same transaction as the return.
		if list, unread, _ := db.Notifications(ctx, producer.ID, 10); unread == 0 || !strings.Contains(list[0].Message, "Bổ sung phiếu kiểm nghiệm mới") {
			t.Errorf("producer notifications: %d unread, %+v", unread, list)
		}
		// The producer may change the returned dossier and file it again.
		if d, err = svc.Submit(ctx, producer, d.ID, d.Version); err != nil || d.Status != ocop.DossierSubmitted || d.ReturnReason != "" {
			t.Fatalf("refile: %+v %v", d, err)
		}
		if d, err = svc.ForwardDossier(ctx, officer, d.ID, d.Version); err != nil || d.Status != ocop.DossierForwarded {
			t.Fatalf("forward: %+v %v", d, err)
		}
		if n := db.UnreadCount(ctx, mustUser(t, db, "vanphong.sonla")); n != 1 {
			t.Errorf("provincial office: %d unread notifications, want 1", n)
		}
		// The province asks for completion; the producer refiles, the
		// commune forwards again, and the province takes it in.
		office, _, _ := db.UserCredentials(ctx, "vanphong.sonla")
		if _, err := svc.AcceptDossier(ctx, officer, d.ID, d.Version); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("commune accepting for the province: %v", err)
		}
		if d, err = svc.RequestCompletion(ctx, office, d.ID, d.Version, "Thiếu phiếu kiểm nghiệm kim loại nặng"); err != nil || d.Status != ocop.DossierCompletion {
			t.Fatalf("completion: %+v %v", d, err)
		}
		if d, err = svc.Submit(ctx, producer, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if d, err = svc.ForwardDossier(ctx, officer, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if d, err = svc.AcceptDossier(ctx, office, d.ID, d.Version); err != nil || d.Status != ocop.DossierAccepted {
			t.Fatalf("accept: %+v %v", d, err)
		}
		items, _, _ = svc.Dossiers(ctx, office, store.DossierFilter{Status: ocop.DossierAccepted})
		if len(items) != 1 || !strings.HasPrefix(items[0].Round, "Đợt ") {
			t.Errorf("accepted list: %+v", items)
		}
		// An upgrade starts as a copy of it, and shows what changed.
		up, err := svc.OpenDossier(ctx, producer, d.ProductID, ocop.DossierUpgrade)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := svc.Evidence(ctx, producer, d.ID)
		after, _ := svc.Evidence(ctx, producer, up.ID)
		if up.Sheet != d.Sheet || len(after) != len(before) || len(after) == 0 || after[0].FileKey == before[0].FileKey {
			t.Fatalf("upgrade copy: sheet equal %v, evidence %d→%d", up.Sheet == d.Sheet, len(before), len(after))
		}
		if ch, _ := svc.Changes(ctx, up); len(ch) != 0 {
			t.Errorf("changes before any edit: %+v", ch)
		}
		sheet := service.SheetOf(up)
		sheet.Answers["4.1"] = 5
		if up, err = svc.SaveSheet(ctx, producer, up.ID, up.Version, sheet); err != nil {
			t.Fatal(err)
		}
		if ch, _ := svc.Changes(ctx, up); len(ch) != 1 || ch[0].Criterion != "4.1" || ch[0].After != 5 {
			t.Errorf("changes after raising 4.1: %+v", ch)
		}
		m2 := service.SelfReportOf(up)
		if m2.History == "" || up.SelfReport != d.SelfReport {
			t.Error("the upgrade did not carry Mẫu 02 over")
		}
		m2.Changes = "Bao bì mới từ năm 2026"
		if up, err = svc.SaveSelfReport(ctx, producer, up.ID, up.Version, m2); err != nil {
			t.Fatal(err)
		}
		if diff, _ := svc.SinceRecognised(ctx, up); diff == nil || len(diff.Criteria) != 1 || len(diff.Report) != 1 ||
			diff.Report[0].After != "Bao bì mới từ năm 2026" {
			t.Errorf("since recognised: %+v", diff)
		}
		if res, _ := db.VerifyAudit(ctx); !res.OK() {
			t.Errorf("audit chain: %+v", res)
		}
	})
}

func mustUser(t *testing.T, db *store.DB, name string) int64 {
	t.Helper()
	u, _, err := db.UserCredentials(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
