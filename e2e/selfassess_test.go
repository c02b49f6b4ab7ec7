package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

const coffeeForm = "/tu-danh-gia/qd26-2026/13" // Bộ tiêu chí số 13: cà phê, ca cao

// tick clicks the label of a radio or checkbox, as a person would.
func (b *tab) tick(id string) {
	b.t.Helper()
	b.run(chromedp.Click(fmt.Sprintf(`label[for=%s]`, jsString(id)), chromedp.ByQuery, chromedp.NodeVisible))
}

// waitTotal waits until the result panel shows a total.
func (b *tab) waitTotal(want string) {
	b.t.Helper()
	var ok bool
	err := chromedp.Run(b.ctx, chromedp.Poll(fmt.Sprintf(`(document.querySelector('#tong-diem') || {}).textContent === %s`, jsString(want)),
		&ok, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil || !ok {
		b.t.Fatalf("the total did not become %s (panel: %q)%s", want, b.text("#ket-qua"), b.where())
	}
}

// TestSelfAssessLive ticks options on the coffee scorecard and watches the
// result panel update by itself (htmx), without the submit button and
// without leaving the page.
func TestSelfAssessLive(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))
	if st := b.open(coffeeForm); st != 200 {
		t.Fatalf("GET %s: status %d", coffeeForm, st)
	}
	if got := b.text("h1"); !strings.Contains(got, "Sản phẩm cà phê, ca cao") {
		t.Errorf("h1 = %q", got)
	}
	if got := b.text("#ket-qua"); !strings.Contains(got, "Chưa có phương án nào được chọn") {
		t.Errorf("result panel before any choice: %q", got)
	}
	var htmx bool
	b.eval(`typeof window.htmx === 'object'`, &htmx)
	if !htmx {
		t.Fatal("htmx is not loaded")
	}
	// A marker on the window survives only if the page is not reloaded.
	b.eval(`window.ocopMarker = 42`, nil)

	b.tick("o-1.1-3") // 75–100 % local raw material: 3 points
	b.waitTotal("3")
	b.tick("o-2.2-3") // creative packaging: 2 points, the 3★ minimum
	b.waitTotal("5")
	b.tick("o-2.4-co") // bilingual label: 1 point
	b.waitTotal("6")

	var marker int
	b.eval(`window.ocopMarker || 0`, &marker)
	if marker != 42 {
		t.Error("the page was reloaded: the result should update in place")
	}
	if got := b.path(); got != coffeeForm {
		t.Errorf("at %s, want %s", got, coffeeForm)
	}
	if got := b.text("#hang-sao"); !strings.HasPrefix(got, "Chưa đạt") {
		t.Errorf("verdict %q, want Chưa đạt", got)
	}
	// The advice: first the 3★ minimums still unmet, in plain Vietnamese.
	var advice []string
	b.eval(`Array.from(document.querySelectorAll('#ket-qua ol.advice li')).map(li => li.textContent.trim())`, &advice)
	if len(advice) == 0 {
		t.Fatalf("no advice shown: %q", b.text("#ket-qua"))
	}
	if !strings.HasPrefix(advice[0], "Yêu cầu tối thiểu để đạt 3 sao: tiêu chí") {
		t.Errorf("first advice %q, want a 3★ minimum", advice[0])
	}
	for _, a := range advice {
		if strings.Contains(a, "tiêu chí 2.2 ") || strings.Contains(a, "tiêu chí 1.1 ") {
			t.Errorf("advice on a criterion already at its best or its minimum: %q", a)
		}
	}
	var unmet string
	b.eval(`(document.querySelector('#ket-qua ul.unmet') || {}).textContent || ''`, &unmet)
	if strings.Contains(unmet, "Tiêu chí 2.2 ") || !strings.Contains(unmet, "để đạt 3 sao") {
		t.Errorf("unmet minimums %q", unmet)
	}

	// A knock-out takes every star away, live too; unticking restores.
	b.tick("ko-ko.dossier")
	b.run(chromedp.Poll(`(document.querySelector('#hang-sao') || {}).textContent.startsWith('Hồ sơ bị loại')`, nil,
		chromedp.WithPollingTimeout(15*time.Second)))
	b.tick("ko-ko.dossier")
	b.run(chromedp.Poll(`(document.querySelector('#hang-sao') || {}).textContent.startsWith('Chưa đạt')`, nil,
		chromedp.WithPollingTimeout(15*time.Second)))

	// "Chưa chọn" takes a choice back.
	b.tick("o-2.4-0")
	b.waitTotal("5")
}

// TestSelfAssessWithoutJavaScript: with scripts off the same form works
// through its submit button, and comes back with the choices kept.
func TestSelfAssessWithoutJavaScript(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))
	b.run(emulation.SetScriptExecutionDisabled(true))
	if st := b.open(coffeeForm); st != 200 {
		t.Fatalf("GET %s: status %d", coffeeForm, st)
	}
	var htmx bool
	b.eval(`typeof window.htmx !== 'undefined'`, &htmx)
	if htmx {
		t.Fatal("scripts are not disabled: htmx is loaded")
	}
	b.tick("o-1.1-3")
	b.tick("o-2.4-co")
	time.Sleep(300 * time.Millisecond) // nothing may happen before the button
	if got := b.text("#ket-qua"); !strings.Contains(got, "Chưa có phương án nào được chọn") {
		t.Errorf("without script the panel changed before submit: %q", got)
	}
	if st := b.click(`form.selfassess button[type=submit]`); st != 200 {
		t.Fatalf("submit: status %d%s", st, b.where())
	}
	if got := b.text("#tong-diem"); got != "4" {
		t.Errorf("total %q after submit, want 4 (panel %q)", got, b.text("#ket-qua"))
	}
	var kept struct{ A, B, None bool }
	b.eval(`({A: document.getElementById('o-1.1-3').checked, B: document.getElementById('o-2.4-co').checked,
		None: document.getElementById('o-1.2-0').checked})`, &kept)
	if !kept.A || !kept.B || !kept.None {
		t.Errorf("choices after submit: %+v, want 1.1 and 2.4 kept, 1.2 still unanswered", kept)
	}
	if got := b.text("#ket-qua ol.advice"); !strings.Contains(got, "tiêu chí") {
		t.Errorf("advice after submit: %q", got)
	}
	if got := b.path(); got != coffeeForm {
		t.Errorf("after submit at %s, want %s", got, coffeeForm)
	}
}

// TestRulebookPagesInBrowser: the public rulebook and the picker lead to
// the form; the pages pass the basic accessibility checks.
func TestRulebookPagesInBrowser(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))
	for _, p := range []string{"/bo-tieu-chi", "/bo-tieu-chi/qd26-2026/26", "/tu-danh-gia", coffeeForm} {
		if st := b.open(p); st != 200 {
			t.Fatalf("GET %s: status %d", p, st)
		}
		var r struct {
			H1        int
			Unlabeled []string
		}
		b.eval(`({
			H1: document.querySelectorAll('h1').length,
			Unlabeled: Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
				.filter(e => !e.hidden && e.checkVisibility())
				.filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label'))
				.map(e => e.outerHTML.slice(0, 120)),
		})`, &r)
		if r.H1 != 1 || len(r.Unlabeled) > 0 {
			t.Errorf("%s: %d h1, unlabeled controls %q", p, r.H1, r.Unlabeled)
		}
	}
	b.open("/tu-danh-gia")
	if st := b.click(`a[href="/tu-danh-gia/qd26-2026/13"]`); st != 200 || b.path() != coffeeForm {
		t.Errorf("picker → coffee: status %d at %s", st, b.path())
	}
}
