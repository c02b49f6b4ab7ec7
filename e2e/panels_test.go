package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The office splits the demo round of two dossiers between two sub-panels
// through the round page's forms; a refused form keeps what was typed; the
// chair cannot open scoring while a dossier is on no panel; once scoring
// is open a member sees their panel's dossier only, may still read the
// other dossier's general page, but not its score sheet.
func TestPanelsInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	pr := testutil.DemoRoundOfTwo(t, a.svc)
	id := func(username string) string {
		u, _, err := a.svc.DB.UserCredentials(t.Context(), username)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(u.ID)
	}
	round := fmt.Sprintf("/dot-danh-gia/%d", pr.Round.ID)
	base := round + "/tieu-ban"

	o := newTab(t, a)
	o.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	o.open(round)
	// submit posts the form with that action and checks the flash.
	submit := func(action, flash string) {
		t.Helper()
		if st := o.click(`form[action="` + action + `"] button[type=submit]`); st != 200 || o.text(".flash") != flash {
			t.Fatalf("%s: status %d, flash %q, want %q%s", action, st, o.text(".flash"), flash, o.where())
		}
	}
	for _, name := range []string{"Tiểu ban Quả tươi", "Tiểu ban Chế biến"} {
		o.typeInto("#f-panel_name", name)
		submit(base, "Đã thêm tiểu ban.")
	}
	o.typeInto("#f-panel_name", "Tiểu ban Chế biến")
	if st := o.click(`form[action="` + base + `"] button[type=submit]`); st != 422 ||
		o.text("#e-panel_name") != "Đợt đã có tiểu ban mang tên này." || o.value("#f-panel_name") != "Tiểu ban Chế biến" {
		t.Errorf("a second panel of the same name: status %d, error %q, field %q%s",
			st, o.text("#e-panel_name"), o.value("#f-panel_name"), o.where())
	}
	var panels []int64
	o.eval(`Array.from(document.querySelectorAll('form[action^="`+base+`/"][action$="/thanh-vien"]')).map(f => +f.action.split('/').at(-2))`, &panels)
	if len(panels) != 2 {
		t.Fatalf("member forms of %d panels, want 2%s", len(panels), o.where())
	}
	fresh, processed := fmt.Sprintf("%s/%d", base, panels[0]), fmt.Sprintf("%s/%d", base, panels[1])
	seat := func(panel, username, position string) {
		t.Helper()
		prefix := "#f-panel_" + panel[strings.LastIndex(panel, "/")+1:] + "_"
		o.choose(prefix+"user_id", id(username))
		o.choose(prefix+"position", position)
		submit(panel+"/thanh-vien", "Đã thêm thành viên vào tiểu ban.")
	}
	seat(fresh, "hoidong.sonla", "head")
	seat(fresh, "uyvien1.sonla", "member")
	seat(processed, "uyvien2.sonla", "head")
	o.choose(fmt.Sprintf("#f-panel_%d_dossier_id", panels[0]), fmt.Sprint(pr.Mango.ID))
	submit(fresh+"/ho-so", "Đã giao hồ sơ cho tiểu ban.")

	m := newTab(t, a)
	m.mustLogin("hoidong.sonla", demo.Password, "Nguyễn Thị Mai")
	memberRound := fmt.Sprintf("/hoi-dong/%d", pr.Round.ID)
	m.open(memberRound)
	want := "Chưa mở chấm được: hồ sơ “Xoài sấy dẻo Yên Châu” chưa được giao cho tiểu ban nào."
	if st := m.click(`form[action$="/mo-cham"] button`); st != 409 || m.text(".alert") != want {
		t.Fatalf("opening with a dossier on no panel: status %d, alert %q%s", st, m.text(".alert"), m.where())
	}
	o.choose(fmt.Sprintf("#f-panel_%d_dossier_id", panels[1]), fmt.Sprint(pr.Dried.ID))
	submit(processed+"/ho-so", "Đã giao hồ sơ cho tiểu ban.")
	m.open(memberRound)
	if st := m.click(`form[action$="/mo-cham"] button`); st != 200 || m.text(".flash") != "Đã mở chấm điểm." {
		t.Fatalf("open scoring: status %d, flash %q%s", st, m.text(".flash"), m.where())
	}

	m.logout()
	m.mustLogin("uyvien1.sonla", demo.Password, "Lường Văn Hải")
	m.open(memberRound)
	if got := m.text("main"); !strings.Contains(got, "Xoài tròn Yên Châu") || strings.Contains(got, "Xoài sấy dẻo Yên Châu") {
		t.Errorf("the member of the fresh-fruit panel is assigned: %q", got)
	}
	if st := m.open(fmt.Sprintf("/ho-so/%d", pr.Dried.ID)); st != 200 || !strings.Contains(m.text("h1"), "Xoài sấy dẻo Yên Châu") {
		t.Errorf("the other panel's dossier page: status %d%s", st, m.where())
	}
	if st := m.open(fmt.Sprintf("%s/ho-so/%d/cham-diem", round, pr.Dried.ID)); st != 404 {
		t.Errorf("the other panel's score sheet: status %d, want 404", st)
	}
}
