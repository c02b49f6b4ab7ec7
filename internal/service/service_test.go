package service_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func newService(db *store.DB) *service.Service {
	return service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// validRegistration is a correct form; tests change one field at a time.
func validRegistration() service.Registration {
	return service.Registration{ProducerName: "Hợp tác xã Chè Tà Xùa", LegalType: "hop_tac_xa", Address: "Bản Tà Xùa",
		Province: "14", Commune: "04132", Representative: "Mùa A Chư", Username: "chuthe.taxua", FullName: "Mùa A Chư",
		Phone: "0912 345 678", Email: "htx@example.vn", Password: "mật khẩu đủ dài", Password2: "mật khẩu đủ dài"}
}

func fieldErrors(err error) map[string]string {
	if e, ok := err.(*ocop.Error); ok {
		return e.Fields
	}
	return nil
}

func TestRegisterValidation(t *testing.T) {
	db := testutil.NewSQLite(t)
	svc := newService(db)
	ctx := context.Background()
	cases := []struct {
		name   string
		change func(*service.Registration)
		field  string
		key    string
	}{
		{"no name", func(r *service.Registration) { r.ProducerName = "  " }, "producer_name", "err.required"},
		{"bad type", func(r *service.Registration) { r.LegalType = "cong_ty_lon" }, "legal_type", "err.choose"},
		{"bad username", func(r *service.Registration) { r.Username = "Chủ Thể" }, "username", "err.username_format"},
		{"short password", func(r *service.Registration) { r.Password, r.Password2 = "ngắn", "ngắn" }, "password", "err.password_short"},
		{"mismatch", func(r *service.Registration) { r.Password2 = "khác hẳn rồi nhé" }, "password2", "err.password_mismatch"},
		{"bad phone", func(r *service.Registration) { r.Phone = "12ab" }, "phone", "err.phone_format"},
		{"bad email", func(r *service.Registration) { r.Email = "không phải thư" }, "email", "err.email_format"},
		{"no commune", func(r *service.Registration) { r.Commune = "" }, "commune", "err.choose"},
		{"commune elsewhere", func(r *service.Registration) { r.Commune = "00577" }, "commune", "err.unit_not_in_province"},
		{"unknown commune", func(r *service.Registration) { r.Commune = "99999" }, "commune", "err.unknown_unit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := validRegistration()
			tc.change(&in)
			_, _, err := svc.Register(ctx, in)
			if got := fieldErrors(err)[tc.field]; got != tc.key {
				t.Errorf("field %s: got %q (all: %v), want %q", tc.field, got, err, tc.key)
			}
		})
	}
	_, n, _ := db.Producers(ctx, store.ProducerFilter{Scope: ocop.Country})
	if n != 0 {
		t.Errorf("invalid registrations created %d producers", n)
	}
}

func TestRegisterConfirmLogin(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		u, p, err := svc.Register(ctx, validRegistration())
		if err != nil {
			t.Fatal(err)
		}
		if u.Status != ocop.UserPending || p.Status != ocop.UserPending || u.Phone != "0912345678" {
			t.Fatalf("new registration: user %+v producer %+v", u, p)
		}
		if _, _, err := svc.Register(ctx, validRegistration()); fieldErrors(err)["username"] != "err.username_taken" {
			t.Errorf("second registration with the same username: %v", err)
		}
		// A pending producer may sign in but not use producer pages.
		_, pending, err := svc.Login(ctx, "chuthe.taxua", "mật khẩu đủ dài", "a")
		if err != nil || pending.Can(ocop.PermProducerView) {
			t.Fatalf("pending login: %v, can view producers: %v", err, pending.Can(ocop.PermProducerView))
		}
		officer := staff(t, db, "canbo.chiengmai", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		elsewhere := staff(t, db, "canbo.yenchau", ocop.RoleCommune, ocop.CommuneScope("14", "04075"))
		if _, err := svc.ReviewProducer(ctx, elsewhere, p.ID, p.Version, true, ""); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("officer of another commune confirming: got %v, want not found", err)
		}
		if _, err := svc.ReviewProducer(ctx, officer, p.ID, p.Version+5, true, ""); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("confirming a stale version: got %v, want conflict", err)
		}
		if _, err := svc.ReviewProducer(ctx, officer, p.ID, p.Version, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ReviewProducer(ctx, officer, p.ID, 0, false, "trùng"); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("reviewing twice: got %v, want conflict", err)
		}
		_, active, err := svc.Login(ctx, "chuthe.taxua", "mật khẩu đủ dài", "a")
		if err != nil || !active.Can(ocop.PermProducerView) || active.ProducerID != p.ID {
			t.Errorf("confirmed producer: %+v %v", active, err)
		}
		got, err := svc.Producer(ctx, active, p.ID)
		if err != nil || got.Status != ocop.UserActive {
			t.Errorf("producer after confirmation: %+v %v", got, err)
		}
	})
}

func staff(t *testing.T, db *store.DB, name string, role ocop.Role, sc ocop.Scope) *ocop.User {
	t.Helper()
	return staffWithEmail(t, db, name, role, sc, "")
}

func staffWithEmail(t *testing.T, db *store.DB, name string, role ocop.Role, sc ocop.Scope, email string) *ocop.User {
	t.Helper()
	u := &ocop.User{Username: name, FullName: name, Email: email, Role: role, Scope: sc, Status: ocop.UserActive}
	if err := db.Update(context.Background(), ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(context.Background(), u, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g")
	}); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLoginFailuresAndRateLimit(t *testing.T) {
	db := testutil.NewSQLite(t)
	svc := newService(db)
	ctx := context.Background()
	if _, err := svc.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	_, _, errUnknown := svc.Login(ctx, "khong-co", "mật khẩu bất kỳ", "1.2.3.4")
	_, _, errWrong := svc.Login(ctx, service.FirstAdmin, "sai mật khẩu", "1.2.3.4")
	if ocop.ErrorMessage(errUnknown) != "login.failed" || ocop.ErrorMessage(errWrong) != "login.failed" {
		t.Fatalf("unknown user and wrong password must read the same: %v / %v", errUnknown, errWrong)
	}
	for range 4 { // five failures in all are allowed
		svc.Login(ctx, service.FirstAdmin, "sai mật khẩu", "1.2.3.4")
	}
	_, _, err := svc.Login(ctx, service.FirstAdmin, "sai mật khẩu", "1.2.3.4")
	if ocop.ErrorCode(err) != ocop.ETOOMANY {
		t.Fatalf("sixth attempt: got %v, want too many requests", err)
	}
	// Another address is still limited per username.
	if _, _, err := svc.Login(ctx, service.FirstAdmin, "sai mật khẩu", "5.6.7.8"); ocop.ErrorCode(err) != ocop.ETOOMANY {
		t.Errorf("per-user limit from another address: got %v", err)
	}
}

func TestLimiterWindow(t *testing.T) {
	l := service.NewLimiter(2, 3, time.Minute)
	if l.Blocked("a", "x") != 0 {
		t.Fatal("blocked before any failure")
	}
	l.Fail("a", "x")
	l.Fail("a", "x")
	if l.Blocked("a", "x") <= 0 {
		t.Fatal("not blocked after 2 failures with limit 2")
	}
	l.Fail("b", "x") // third failure from address x blocks every user there
	if l.Blocked("c", "x") <= 0 {
		t.Error("address limit not applied")
	}
	if l.Blocked("c", "y") != 0 {
		t.Error("another user on another address is blocked")
	}
	l.Succeed("a")
	if l.Blocked("a", "z") != 0 {
		t.Error("success did not clear the user's failures")
	}
}

func TestCreateStaffScope(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		admin := staff(t, db, "quantri.sonla", ocop.RoleAdmin, ocop.ProvinceScope("14"))
		in := service.StaffInput{Username: "canbo.moi", FullName: "Cán bộ mới", Role: ocop.RoleCommune,
			Level: ocop.LevelCommune, Province: "14", Commune: "04132"}
		u, pw, err := svc.CreateStaff(ctx, admin, in)
		if err != nil || len(pw) < 16 || !u.MustChangePassword {
			t.Fatalf("create: %+v %q %v", u, pw, err)
		}
		if _, _, err := svc.Login(ctx, "canbo.moi", pw, "a"); err != nil {
			t.Errorf("one-time password does not work: %v", err)
		}
		bad := []struct {
			name  string
			in    service.StaffInput
			field string
			key   string
		}{
			{"other province", service.StaffInput{Username: "x.hanoi", FullName: "X", Role: ocop.RoleCommune, Level: ocop.LevelCommune, Province: "01", Commune: "00577"}, "commune", "err.scope_outside"},
			{"national from a province", service.StaffInput{Username: "x.bo", FullName: "X", Role: ocop.RoleMinistry, Level: ocop.LevelCountry}, "province", "err.scope_outside"},
			{"wrong level", service.StaffInput{Username: "x.xa", FullName: "X", Role: ocop.RoleCommune, Level: ocop.LevelProvince, Province: "14"}, "level", "err.role_level"},
			{"producer role", service.StaffInput{Username: "x.ct", FullName: "X", Role: ocop.RoleProducer, Level: ocop.LevelCommune, Province: "14", Commune: "04132"}, "role", "err.choose"},
		}
		for _, b := range bad {
			if _, _, err := svc.CreateStaff(ctx, admin, b.in); fieldErrors(err)[b.field] != b.key {
				t.Errorf("%s: got %v, want %s on %s", b.name, err, b.key, b.field)
			}
		}
		// Disabling ends the account's sessions and blocks login.
		token, _, _ := svc.Login(ctx, "canbo.moi", pw, "a")
		if _, err := svc.SetDisabled(ctx, admin, u.ID, u.Version, true); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SessionUser(ctx, token); err == nil {
			t.Error("session of a disabled account still works")
		}
		if _, _, err := svc.Login(ctx, "canbo.moi", pw, "b"); ocop.ErrorMessage(err) != "login.failed" {
			t.Errorf("disabled login: %v", err)
		}
		if _, err := svc.SetDisabled(ctx, admin, u.ID, u.Version, false); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("enable with the version from before the disable: got %v, want conflict", err)
		}
		if _, err := svc.SetDisabled(ctx, admin, admin.ID, 0, true); ocop.ErrorMessage(err) != "err.self_disable" {
			t.Errorf("self-disable: %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	db := testutil.NewSQLite(t)
	svc := newService(db)
	ctx := context.Background()
	pw, err := svc.Bootstrap(ctx)
	if err != nil || pw == "" {
		t.Fatal(err)
	}
	token, admin, err := svc.Login(ctx, service.FirstAdmin, pw, "a")
	if err != nil || !admin.MustChangePassword {
		t.Fatalf("first admin: %+v %v", admin, err)
	}
	err = svc.ChangePassword(ctx, admin, service.PasswordChange{Old: "sai", New: "mật khẩu mới dài", New2: "mật khẩu mới dài"})
	if fieldErrors(err)["old_password"] != "err.password_wrong" {
		t.Errorf("wrong old password: %v", err)
	}
	if err := svc.ChangePassword(ctx, admin, service.PasswordChange{Old: pw, New: "mật khẩu mới dài", New2: "mật khẩu mới dài"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SessionUser(ctx, token); err == nil {
		t.Error("the old session survived a password change")
	}
	_, again, err := svc.Login(ctx, service.FirstAdmin, "mật khẩu mới dài", "a")
	if err != nil || again.MustChangePassword {
		t.Errorf("login with the new password: %+v %v", again, err)
	}
	if pw2, _ := svc.Bootstrap(ctx); pw2 != "" {
		t.Error("Bootstrap created a second administrator")
	}
}

// confirmedProducer registers the valid test producer in Xã Chiềng Mai and
// has a commune officer confirm it; it returns the active account, the
// producer and the officer.
func confirmedProducer(t *testing.T, db *store.DB, svc *service.Service) (*ocop.User, *ocop.Producer, *ocop.User) {
	t.Helper()
	ctx := context.Background()
	u, p, err := svc.Register(ctx, validRegistration())
	if err != nil {
		t.Fatal(err)
	}
	officer := staff(t, db, "canbo.xac.nhan", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
	if p, err = svc.ReviewProducer(ctx, officer, p.ID, 0, true, ""); err != nil {
		t.Fatal(err)
	}
	u.Status = ocop.UserActive
	return u, p, officer
}
