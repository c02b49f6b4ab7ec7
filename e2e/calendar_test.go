package e2e

import (
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// A national administrator finds the calendar in the menu, picks a year,
// and adds a day: a mistake is shown next to its field with the typing
// kept, the corrected day appears in the list.
func TestCalendarAddDay(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	err := a.svc.DB.Update(t.Context(), ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(t.Context(), &ocop.User{Username: "quantri.bo", FullName: "Quản trị toàn quốc",
			Role: ocop.RoleAdmin, Scope: ocop.Country, Status: ocop.UserActive}, secret.HashPassword(demo.Password))
	})
	if err != nil {
		t.Fatal(err)
	}
	b := newTab(t, a)
	b.mustLogin("quantri.bo", demo.Password, "Quản trị toàn quốc")
	if st := b.click(`.menu nav a[href="/quan-tri/lich-lam-viec"]`); st != 200 {
		t.Fatalf("menu link: status %d%s", st, b.where())
	}
	b.choose("#f-year", "2027")
	if st := b.click(`form.filters button[type=submit]`); st != 200 || b.text("main h2") != "Năm 2027" {
		t.Fatalf("year picker: status %d, heading %q%s", st, b.text("main h2"), b.where())
	}
	if got := b.text("tbody tr .badge"); got != "dự kiến" {
		t.Errorf("first 2027 day badge = %q, want dự kiến", got)
	}
	b.typeInto("#f-date", "13/02/2027") // a Saturday
	b.choose("#f-kind", "compensating")
	b.typeInto("#f-name", "Nghỉ bù Tết Đinh Mùi")
	b.typeInto("#f-source", "Thông báo thử")
	if st := b.click(`form[method=post][action="/quan-tri/lich-lam-viec"] button[type=submit]`); st != 422 {
		t.Fatalf("nghỉ bù on a Saturday: status %d, want 422%s", st, b.where())
	}
	if got := b.text("#e-kind"); got != "Ngày nghỉ bù hoặc nghỉ do hoán đổi phải là ngày từ thứ Hai đến thứ Sáu." {
		t.Errorf("error next to the kind = %q", got)
	}
	if got := b.value("#f-name"); got != "Nghỉ bù Tết Đinh Mùi" {
		t.Errorf("name after the error = %q, want it kept", got)
	}
	b.typeInto("#f-date", "12/02/2027")
	if st := b.click(`form[method=post][action="/quan-tri/lich-lam-viec"] button[type=submit]`); st != 200 {
		t.Fatalf("add: status %d%s", st, b.where())
	}
	if got := b.text(".flash"); got != "Đã thêm ngày 12/02/2027 vào lịch làm việc." {
		t.Errorf("flash = %q", got)
	}
	var listed bool
	b.eval(`Array.from(document.querySelectorAll('tbody tr')).some(r => r.innerText.includes('Thứ Sáu, 12/02/2027') && r.innerText.includes('Nghỉ bù Tết Đinh Mùi'))`, &listed)
	if !listed {
		t.Errorf("the new day is not listed%s", b.where())
	}
}
