package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The office splits the round among sub-panels through the round page's
// forms and the API; refused forms keep what was typed, and the member's
// page names the panel of their dossier.
func TestPanelsThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		w.makePanels(t)
		w.acceptIn(t)
		office, chair := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleCouncil]
		round := fmt.Sprint(w.roundIn)
		p := w.panels[round][0]
		base := fmt.Sprintf("/dot-danh-gia/%s/tieu-ban", round)
		prefix := fmt.Sprintf("panel_%d_", p)

		st, body := w.send(t, office, "POST", base, url.Values{"panel_name": {"Tiểu ban số 01"}}.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Đợt đã có tiểu ban mang tên này.") ||
			!strings.Contains(body, `name="panel_name" type="text" value="Tiểu ban số 01"`) {
			t.Errorf("a second panel of the same name: %d, typed name or message missing", st)
		}
		st, body = w.send(t, office, "POST", fmt.Sprintf("%s/%d", base, p), url.Values{prefix + "name": {"Tiểu ban dự phòng 2"}, prefix + "version": {"1"}}.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, fmt.Sprintf(`name="%sname" type="text" value="Tiểu ban dự phòng 2"`, prefix)) {
			t.Errorf("renaming to a taken name: %d, the typed name is not kept in its form", st)
		}
		if st, _ := w.send(t, office, "POST", fmt.Sprintf("%s/%d", base, p), url.Values{prefix + "name": {"Tiểu ban số 01 — Thực phẩm"}, prefix + "version": {"1"}}.Encode()); st != http.StatusSeeOther {
			t.Errorf("rename: %d", st)
		}
		member := url.Values{prefix + "user_id": {fmt.Sprint(w.users[ocop.RoleCouncil].ID)}, prefix + "position": {"head"}}.Encode()
		if st, _ := w.send(t, office, "POST", fmt.Sprintf("%s/%d/thanh-vien", base, p), member); st != http.StatusSeeOther {
			t.Fatalf("seat the chair: %d", st)
		}
		if st, body := w.send(t, office, "POST", fmt.Sprintf("%s/%d/thanh-vien", base, p), member); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Người này đã ở trong tiểu ban.") {
			t.Errorf("seating twice: %d", st)
		}
		if st, _ := w.send(t, office, "POST", fmt.Sprintf("%s/%d/ho-so", base, p), url.Values{prefix + "dossier_id": {fmt.Sprint(w.dossierIn)}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("assign: %d", st)
		}
		if _, body := w.send(t, office, "GET", "/dot-danh-gia/"+round, ""); !strings.Contains(body, `id="tieu-ban"`) || !strings.Contains(body, "Tiểu ban số 01 — Thực phẩm") ||
			!strings.Contains(body, fmt.Sprintf(`action="%s/%d/ho-so/%d/xoa"`, base, p, w.dossierIn)) {
			t.Error("the round page does not show the panel with its dossier")
		}

		api := "/api/v1/rounds/" + round + "/panels"
		st, body = w.send(t, office, "GET", api, "")
		if st != 200 || !strings.Contains(body, fmt.Sprintf(`"dossier_ids":[%d]`, w.dossierIn)) || !strings.Contains(body, `"position":"head"`) {
			t.Errorf("API panels: %d %s", st, body)
		}
		if st, body := w.send(t, office, "POST", api, `{"name":"Tiểu ban số 03"}`); st != http.StatusCreated || !strings.Contains(body, "Tiểu ban số 03") {
			t.Errorf("API create: %d %s", st, body)
		}
		if st, _ := w.send(t, office, "POST", fmt.Sprintf("%s/%d/dossiers", api, w.panels[round][1]), fmt.Sprintf(`{"dossier_id":%d}`, w.dossierIn)); st != http.StatusConflict {
			t.Errorf("API: a dossier on two panels: %d, want 409", st)
		}
		_, hanoi := w.extraUser(t, "so.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		if st, _ := w.send(t, hanoi, "GET", api, ""); st != http.StatusNotFound {
			t.Errorf("Hà Nội reads Sơn La's panels: %d, want 404", st)
		}
		if st, _ := w.send(t, hanoi, "POST", fmt.Sprintf("%s/%d/delete", api, p), ""); st != http.StatusNotFound {
			t.Errorf("Hà Nội deletes Sơn La's panel: %d, want 404", st)
		}

		if _, body := w.send(t, chair, "GET", "/hoi-dong/"+round, ""); !strings.Contains(body, "Tiểu ban: Tiểu ban số 01 — Thực phẩm") {
			t.Error("the member's page does not name the panel of the dossier")
		}
	})
}

// A member of one sub-panel has only that panel's dossiers on their round
// page and cannot reach another panel's dossier through any scoring
// route, page or API; its general page stays readable (the dossier is
// visible province-wide, as after a recusal).
func TestPanelMemberScope(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, svc := newUIWithDemoDossiersOn(t, db)
		pr := testutil.DemoRoundOfTwo(t, svc)
		user := func(name string) *ocop.User {
			u, _, err := db.UserCredentials(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		office, r := user("vanphong.sonla"), pr.Round.ID
		for _, p := range []struct {
			name    string
			head    string
			dossier int64
		}{{"Tiểu ban Quả tươi", "uyvien1.sonla", pr.Mango.ID}, {"Tiểu ban Chế biến", "uyvien2.sonla", pr.Dried.ID}} {
			panel, err := svc.CreatePanel(ctx, office, r, service.PanelInput{Name: p.name})
			if err != nil {
				t.Fatal(err)
			}
			if err := svc.AddPanelMember(ctx, office, r, panel.ID, service.PanelMemberInput{UserID: user(p.head).ID, Position: "head"}); err != nil {
				t.Fatal(err)
			}
			if err := svc.AssignPanelDossier(ctx, office, r, panel.ID, p.dossier); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.OpenScoring(ctx, user("hoidong.sonla"), r); err != nil {
			t.Fatal(err)
		}

		c.login("uyvien1.sonla", demo.Password)
		if _, page := c.send("GET", fmt.Sprintf("/hoi-dong/%d", r), nil, nil); !strings.Contains(page, "Xoài tròn Yên Châu") ||
			strings.Contains(page, "Xoài sấy dẻo Yên Châu") {
			t.Error("the member's round page does not list exactly their panel's dossier")
		}
		for _, s := range []struct {
			method, path string
			want         int
		}{
			{"GET", fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d/cham-diem", r, pr.Mango.ID), http.StatusOK},
			{"GET", fmt.Sprintf("/api/v1/council/rounds/%d/dossiers/%d/sheet", r, pr.Mango.ID), http.StatusOK},
			{"GET", fmt.Sprintf("/ho-so/%d", pr.Dried.ID), http.StatusOK},
			{"GET", fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d/cham-diem", r, pr.Dried.ID), http.StatusNotFound},
			{"POST", fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d/cham-diem", r, pr.Dried.ID), http.StatusNotFound},
			{"POST", fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d/rut-khoi", r, pr.Dried.ID), http.StatusNotFound},
			{"GET", fmt.Sprintf("/api/v1/council/rounds/%d/dossiers/%d/sheet", r, pr.Dried.ID), http.StatusNotFound},
		} {
			form := url.Values{"draft": {"1"}, "reason": {"Tôi quen chủ thể"}}
			if s.method == "GET" {
				form = nil
			}
			if resp, _ := c.send(s.method, s.path, form, nil); resp.StatusCode != s.want {
				t.Errorf("%s %s: %d, want %d", s.method, s.path, resp.StatusCode, s.want)
			}
		}
		// The refused steps left nothing: the other panel's head still has
		// the dossier, and nobody recused from it.
		_, mine, err := svc.MemberRoundView(ctx, user("uyvien2.sonla"), r)
		if err != nil || len(mine) != 1 || mine[0].ID != pr.Dried.ID {
			t.Errorf("the other panel's head is assigned %v (%v)", mine, err)
		}
	})
}
