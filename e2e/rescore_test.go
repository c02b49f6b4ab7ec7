package e2e

import (
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
)

// The demo round's council in two browsers: one member recuses from
// the dossier with a reason and no longer has it; the chair and the other
// member score it far apart, so after closing the council sees the spread
// above the tolerance with the diverging criteria; the chair reopens it,
// the member re-scores, and the closed result no longer asks for it.
func TestRecusalAndRescoringInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	// Two tabs at most per test (one per core): the members share one.
	member := func(b *tab, name, full string) *tab {
		if b == nil {
			b = newTab(t, a)
		} else {
			b.logout()
		}
		b.mustLogin(name, demo.Password, full)
		if st := b.click(`.menu nav a[href="/hoi-dong"]`); st != 200 {
			t.Fatalf("%s menu: status %d%s", name, st, b.where())
		}
		if st := b.click(`main ul a[href^="/hoi-dong/"]`); st != 200 {
			t.Fatalf("%s round: status %d%s", name, st, b.where())
		}
		return b
	}
	// score sets every criterion of the sheet to its first or last option and submits.
	score := func(b *tab, top bool) {
		t.Helper()
		if st := b.click(`main a[href$="/cham-diem"]`); st != 200 {
			t.Fatalf("sheet: status %d%s", st, b.where())
		}
		pick := map[bool]string{true: "s.options.length - 1", false: "1"}[top]
		var n int
		b.eval(`(() => { const all = document.querySelectorAll('main table select');
			all.forEach(s => { s.value = s.options[`+pick+`].value; }); return all.length; })()`, &n)
		if n == 0 {
			t.Fatalf("no criteria on the sheet%s", b.where())
		}
		if st := b.click(`button[name=submit]`); st != 200 || b.text(".flash") != "Đã nộp phiếu chấm." {
			t.Fatalf("submit: status %d, flash %q%s", st, b.text(".flash"), b.where())
		}
	}

	chair := member(nil, "hoidong.sonla", "Nguyễn Thị Mai")
	round := chair.path()
	if st := chair.click(`form[action$="/mo-cham"] button`); st != 200 || chair.text(".flash") != "Đã mở chấm điểm." {
		t.Fatalf("open scoring: status %d, flash %q%s", st, chair.text(".flash"), chair.where())
	}

	u1 := member(nil, "uyvien1.sonla", "Lường Văn Hải")
	if st := u1.click(`main a[href$="/cham-diem"]`); st != 200 {
		t.Fatalf("u1 sheet: status %d%s", st, u1.where())
	}
	u1.typeInto("#f-reason", "Vợ tôi là thành viên hợp tác xã")
	if st := u1.click(`form[action$="/rut-khoi"] button`); st != 200 || u1.text(".flash") != "Bạn đã rút khỏi việc chấm hồ sơ." {
		t.Fatalf("recuse: status %d, flash %q%s", st, u1.text(".flash"), u1.where())
	}
	u1.open(round)
	if got := u1.text("main"); strings.Contains(got, "Xoài tròn Yên Châu") {
		t.Errorf("the recused member still has the dossier%s", u1.where())
	}

	u2 := member(u1, "uyvien2.sonla", "Bạc Thị Dung")
	chair.open(round)
	score(chair, true)
	score(u2, false)
	chair.open(round)
	if st := chair.click(`form[action$="/khoa-cham"] button`); st != 200 {
		t.Fatalf("close: status %d%s", st, chair.where())
	}
	if got := chair.text("main table tbody tr"); !strings.Contains(got, "cần thảo luận và chấm lại") {
		t.Fatalf("a spread above the tolerance is not shown: %q%s", got, chair.where())
	}
	if st := chair.click(`form[action$="/cham-lai"] button`); st != 200 || chair.text(".flash") != "Đã mở chấm lại." {
		t.Fatalf("reopen: status %d, flash %q%s", st, chair.text(".flash"), chair.where())
	}
	u2.open(round)
	score(u2, true)
	chair.open(round)
	if st := chair.click(`form[action$="/khoa-cham"] button`); st != 200 {
		t.Fatalf("close again: status %d%s", st, chair.where())
	}
	if got := chair.text("main table tbody tr"); !strings.Contains(got, "Xoài tròn Yên Châu") || strings.Contains(got, "chấm lại") {
		t.Errorf("after re-scoring: %q%s", got, chair.where())
	}
}
