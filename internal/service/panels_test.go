package service_test

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// panelSplit makes two panels of the council world's round: panel 1 (chair
// head, m2) scores dossier A, panel 2 (m3 head, m4, and the chair again)
// scores dossier B.
func (w *councilWorld) panelSplit(t *testing.T) (p1, p2 *ocop.Panel) {
	t.Helper()
	ctx := context.Background()
	var err error
	if p1, err = w.svc.CreatePanel(ctx, w.office, w.round.ID, service.PanelInput{Name: "Tiểu ban chuyên ngành số 01 — Thực phẩm"}); err != nil {
		t.Fatal(err)
	}
	if p2, err = w.svc.CreatePanel(ctx, w.office, w.round.ID, service.PanelInput{Name: "Tiểu ban chuyên ngành số 02 — Đồ uống"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		p   *ocop.Panel
		u   *ocop.User
		pos string
	}{{p1, w.chair, "head"}, {p1, w.m2, "member"}, {p2, w.m3, "head"}, {p2, w.chair, "member"}} {
		if err := w.svc.AddPanelMember(ctx, w.office, w.round.ID, s.p.ID, service.PanelMemberInput{UserID: s.u.ID, Position: s.pos}); err != nil {
			t.Fatalf("seat %s on %s: %v", s.u.Username, s.p.Name, err)
		}
	}
	if err := w.svc.AssignPanelDossier(ctx, w.office, w.round.ID, p1.ID, w.a.ID); err != nil {
		t.Fatal(err)
	}
	return p1, p2
}

func TestPanelsManage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		w.seat(t)
		p1, p2 := w.panelSplit(t)
		_, err := w.svc.CreatePanel(ctx, w.office, w.round.ID, service.PanelInput{Name: " Tiểu ban chuyên ngành số 01 — Thực phẩm "})
		if fieldErrors(err)["name"] != "err.panel_name_taken" {
			t.Errorf("same name twice: %v", err)
		}
		_, err = w.svc.CreatePanel(ctx, w.office, w.round.ID, service.PanelInput{})
		if fieldErrors(err)["name"] != "err.required" {
			t.Errorf("no name: %v", err)
		}
		err = w.svc.AddPanelMember(ctx, w.office, w.round.ID, p1.ID, service.PanelMemberInput{UserID: w.m3.ID, Position: "head"})
		if fieldErrors(err)["position"] != "err.panel_one_head" {
			t.Errorf("second head: %v", err)
		}
		outsider := staff(t, db, "hd.ngoai", ocop.RoleCouncil, ocop.ProvinceScope("14"))
		err = w.svc.AddPanelMember(ctx, w.office, w.round.ID, p1.ID, service.PanelMemberInput{UserID: outsider.ID, Position: "member"})
		if fieldErrors(err)["user_id"] != "err.panel_user" {
			t.Errorf("a member not on the council: %v", err)
		}
		err = w.svc.AssignPanelDossier(ctx, w.office, w.round.ID, p2.ID, w.a.ID)
		wantCode(t, "A on a second panel", err, ocop.ECONFLICT, "err.panel_dossier_taken")
		if err := w.svc.AssignPanelDossier(ctx, w.office, w.round.ID, p2.ID, w.b.ID); err != nil {
			t.Fatal(err)
		}
		// A stale rename conflicts; a fresh one goes through.
		renamed, err := w.svc.RenamePanel(ctx, w.office, w.round.ID, p2.ID, service.PanelInput{Name: "Tiểu ban số 02 — Đồ uống, thảo dược", Version: p2.Version})
		if err != nil || renamed.Version != p2.Version+1 {
			t.Fatalf("rename: %v %+v", err, renamed)
		}
		_, err = w.svc.RenamePanel(ctx, w.office, w.round.ID, p2.ID, service.PanelInput{Name: "Khác", Version: p2.Version})
		wantCode(t, "stale rename", err, ocop.ECONFLICT, "err.conflict")

		// Another province's office reaches none of it.
		hn := staff(t, db, "so.nn.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		_, err = w.svc.Panels(ctx, hn, w.round.ID)
		wantCode(t, "Hà Nội reads the panels", err, ocop.ENOTFOUND, "")
		_, err = w.svc.CreatePanel(ctx, hn, w.round.ID, service.PanelInput{Name: "Của Hà Nội"})
		wantCode(t, "Hà Nội adds a panel", err, ocop.ENOTFOUND, "")
		err = w.svc.DeletePanel(ctx, hn, w.round.ID, p1.ID)
		wantCode(t, "Hà Nội deletes a panel", err, ocop.ENOTFOUND, "")
		err = w.svc.UnassignPanelDossier(ctx, hn, w.round.ID, p1.ID, w.a.ID)
		wantCode(t, "Hà Nội takes a dossier off", err, ocop.ENOTFOUND, "")

		// Deleting a panel sends its dossier back to the whole council.
		p3, err := w.svc.CreatePanel(ctx, w.office, w.round.ID, service.PanelInput{Name: "Tạm"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.DeletePanel(ctx, w.office, w.round.ID, p3.ID); err != nil {
			t.Fatal(err)
		}
		rp, err := w.svc.Panels(ctx, w.office, w.round.ID)
		if err != nil || len(rp.Panels) != 2 || rp.ByDossier[w.a.ID].ID != p1.ID || rp.ByDossier[w.b.ID].ID != p2.ID ||
			len(rp.Panel(p2.ID).Members) != 2 || rp.Panel(p2.ID).Members[0].UserID != w.m3.ID {
			t.Fatalf("panels: %v %+v", err, rp)
		}
	})
}

func TestPanelsScoring(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db)
		w.seat(t)
		p1, p2 := w.panelSplit(t)
		w.present(t, w.chair, w.m2, w.m4, w.sec) // 4 of 5: quorum, but nobody of panel 2 but the chair
		// B is on no panel yet.
		_, err := w.svc.OpenScoring(ctx, w.chair, w.round.ID)
		wantCode(t, "opening with B on no panel", err, ocop.ECONFLICT, "err.panel_dossier_unassigned")
		if err := w.svc.AssignPanelDossier(ctx, w.office, w.round.ID, p2.ID, w.b.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.RemovePanelMember(ctx, w.office, w.round.ID, p2.ID, w.chair.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.OpenScoring(ctx, w.chair, w.round.ID)
		wantCode(t, "opening with nobody of panel 2 present", err, ocop.ECONFLICT, "err.panel_nobody_present")
		w.present(t, w.m3)
		if _, err := w.svc.OpenScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		// Once scoring is open the panels stay as they are.
		_, err = w.svc.CreatePanel(ctx, w.office, w.round.ID, service.PanelInput{Name: "Muộn"})
		wantCode(t, "a panel after opening", err, ocop.ECONFLICT, "err.panels_locked")
		err = w.svc.UnassignPanelDossier(ctx, w.office, w.round.ID, p1.ID, w.a.ID)
		wantCode(t, "moving a dossier after opening", err, ocop.ECONFLICT, "err.panels_locked")
		err = w.svc.AddPanelMember(ctx, w.office, w.round.ID, p1.ID, service.PanelMemberInput{UserID: w.m3.ID, Position: "member"})
		wantCode(t, "seating after opening", err, ocop.ECONFLICT, "err.panels_locked")

		// Each member reads and scores their panel's dossier only.
		mr, mine, err := w.svc.MemberRoundView(ctx, w.m2, w.round.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != w.a.ID || mr.PanelOf[w.a.ID] != p1.Name {
			t.Errorf("m2 is assigned %v (panels %v, %v), want A of panel 1", mine, mr.PanelOf, err)
		}
		_, err = w.svc.MySheet(ctx, w.m2, w.round.ID, w.b.ID)
		wantCode(t, "m2 reads panel 2's dossier", err, ocop.ENOTFOUND, "")
		_, err = w.svc.SaveScoreSheet(ctx, w.m2, w.round.ID, w.b.ID, service.SheetInput{Sheet: sheetOn(w.card, true), Submit: true})
		wantCode(t, "m2 scores panel 2's dossier", err, ocop.ENOTFOUND, "")
		_, err = w.svc.SaveScoreSheet(ctx, w.sec, w.round.ID, w.b.ID, service.SheetInput{Sheet: sheetOn(w.card, true), Submit: true, For: w.m2.ID})
		wantCode(t, "the secretary enters m2's sheet on panel 2's dossier", err, ocop.ENOTFOUND, "")
		_, err = w.svc.MySheet(ctx, w.sec, w.round.ID, w.a.ID)
		wantCode(t, "the secretary, on no panel, reads a panel's dossier", err, ocop.ENOTFOUND, "")

		w.submit(t, w.chair, w.a, true)
		w.submit(t, w.m2, w.a, false)
		w.submit(t, w.m3, w.b, true)
		if _, err := w.svc.CloseScoring(ctx, w.chair, w.round.ID); err != nil {
			t.Fatal(err)
		}
		results := w.results(t, w.office)
		if ra := results[w.a.ID]; ra.Result == nil || len(ra.Result.Members) != 2 || ra.Panel != p1.Name {
			t.Errorf("A: %+v on panel %q, want the two sheets of panel 1", ra.Result, ra.Panel)
		}
		if rb := results[w.b.ID]; rb.Result == nil || len(rb.Result.Members) != 1 || rb.Result.Members[0].Name != w.m3.FullName || rb.Panel != p2.Name {
			t.Errorf("B: %+v on panel %q, want m3's sheet alone", rb.Result, rb.Panel)
		}
	})
}
