package service_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// submittedDossier files a dossier for a product straight in the store
// (the self-assessment is tested elsewhere), ready for the commune.
func submittedDossier(t *testing.T, db *store.DB, prod *ocop.Product, kind string) *ocop.Dossier {
	t.Helper()
	ctx := context.Background()
	d := &ocop.Dossier{ProductID: prod.ID, ProducerID: prod.ProducerID, CommuneCode: prod.CommuneCode,
		ProvinceCode: prod.ProvinceCode, Kind: kind, Decision: service.CurrentDecision, Card: prod.Card,
		Status: ocop.DossierDraft, Sheet: "{}"}
	err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.CreateDossier(ctx, d); err != nil {
			return err
		}
		next := *d
		next.Status, next.SubmittedAt = ocop.DossierSubmitted, tx.Now()
		if err := tx.UpdateDossier(ctx, d, &next, "dossier.submit"); err != nil {
			return err
		}
		*d = next
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// filedAt files a re-rating of prod opened at the given instant.
func filedAt(t *testing.T, db *store.DB, prod *ocop.Product, at time.Time) {
	t.Helper()
	now := db.Now
	db.Now = func() time.Time { return at }
	defer func() { db.Now = now }()
	submittedDossier(t, db, prod, ocop.DossierRerating)
}

// The commune's first receipt gives each product the next number of the
// commune's product sequence for the year; later dossiers keep the code.
func TestProductCodeOnFirstReceipt(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		db.Now = func() time.Time { return time.Date(2026, 7, 1, 3, 0, 0, 0, time.UTC) }
		u, p, officer := confirmedProducer(t, db, svc)
		var prods []*ocop.Product
		for _, name := range []string{"Cà phê rang xay", "Cà phê nhân"} {
			prod, err := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: name, Card: 13})
			if err != nil {
				t.Fatal(err)
			}
			prods = append(prods, prod)
		}
		for i, want := range []string{"14-04132-001-2026", "14-04132-002-2026"} {
			d := submittedDossier(t, db, prods[i], ocop.DossierFirst)
			if prods[i].Code != "" {
				t.Fatalf("code before receipt: %q", prods[i].Code)
			}
			if _, err := svc.ReceiveDossier(ctx, officer, d.ID, d.Version); err != nil {
				t.Fatal(err)
			}
			got, _ := svc.Product(ctx, u, prods[i].ID)
			if got.Code != want {
				t.Errorf("product %d: code %q, want %q", i+1, got.Code, want)
			}
		}
		// The next year's re-rating dossier of the first product keeps its code.
		db.Now = func() time.Time { return time.Date(2027, 3, 1, 3, 0, 0, 0, time.UTC) }
		if _, err := db.RawForTest().ExecContext(ctx, `UPDATE dossiers SET status = 'accepted'`); err != nil {
			t.Fatal(err)
		}
		d := submittedDossier(t, db, prods[0], ocop.DossierRerating)
		if _, err := svc.ReceiveDossier(ctx, officer, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Product(ctx, u, prods[0].ID); got.Code != "14-04132-001-2026" {
			t.Errorf("code after a later dossier: %q", got.Code)
		}
	})
}

// plumProduct gives a new producer of Xã Chiềng Mai a product on card 7;
// it returns the producer's account, the commune officer, the product and
// an officer of Sơn La's provincial office.
func plumProduct(t *testing.T, db *store.DB, svc *service.Service) (u, officer *ocop.User, prod *ocop.Product, office *ocop.User) {
	t.Helper()
	u, p, officer := confirmedProducer(t, db, svc)
	prod, err := svc.CreateProduct(context.Background(), u, p.ID, service.ProductInput{Name: "Mận sấy", Card: 7})
	if err != nil {
		t.Fatal(err)
	}
	return u, officer, prod, staff(t, db, "vanphong.sl", ocop.RoleProvince, ocop.ProvinceScope("14"))
}

func validCertificate() service.CertificateInput {
	return service.CertificateInput{Number: "0187/GCN-OCOP", Stars: 3, Level: ocop.LevelProvinceCert,
		DecisionNo: "1532/QĐ-UBND", DecisionDate: "15/08/2023", Signer: "Phó Chủ tịch UBND tỉnh", IssuedOn: "15/08/2023"}
}

func TestRecordCertificate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		u, officer, prod, office := plumProduct(t, db, svc)
		far := staff(t, db, "vanphong.hn", ocop.RoleProvince, ocop.ProvinceScope("01"))
		bad := func(change func(*service.CertificateInput)) service.CertificateInput {
			in := validCertificate()
			change(&in)
			return in
		}
		for name, tc := range map[string]struct {
			in          service.CertificateInput
			field, want string
		}{
			"two stars":        {bad(func(in *service.CertificateInput) { in.Stars = 2 }), "stars", "err.cert_stars"},
			"six stars":        {bad(func(in *service.CertificateInput) { in.Stars = 6 }), "stars", "err.cert_stars"},
			"5★ by province":   {bad(func(in *service.CertificateInput) { in.Stars = 5 }), "level", "err.cert_five_ministry"},
			"no level":         {bad(func(in *service.CertificateInput) { in.Level = "xa" }), "level", "err.choose"},
			"no number":        {bad(func(in *service.CertificateInput) { in.Number = " " }), "number", "err.required"},
			"no decision date": {bad(func(in *service.CertificateInput) { in.DecisionDate = "" }), "decision_date", "err.required"},
			"bad issue date":   {bad(func(in *service.CertificateInput) { in.IssuedOn = "31/02/2023" }), "issued_on", "err.date_format"},
			"future issue":     {bad(func(in *service.CertificateInput) { in.IssuedOn = "01/01/2099" }), "issued_on", "err.date_future"},
			"before decision":  {bad(func(in *service.CertificateInput) { in.IssuedOn = "14/08/2023" }), "issued_on", "err.cert_issued_before_decision"},
			"expiry first":     {bad(func(in *service.CertificateInput) { in.ExpiresOn = "15/08/2023" }), "expires_on", "err.expiry_before_issue"},
		} {
			if _, err := svc.RecordCertificate(ctx, office, prod.ID, tc.in); fieldErrors(err)[tc.field] != tc.want {
				t.Errorf("%s: got %v, want %s on %s", name, err, tc.want, tc.field)
			}
		}
		if _, err := svc.RecordCertificate(ctx, far, prod.ID, validCertificate()); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("another province's officer: %v", err)
		}
		for _, who := range []*ocop.User{u, officer} {
			if _, err := svc.RecordCertificate(ctx, who, prod.ID, validCertificate()); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
				t.Errorf("%s recording: %v", who.Role, err)
			}
		}
		if list, _ := svc.Certificates(ctx, office, prod.ID); len(list) != 0 {
			t.Fatalf("refused entries left %d certificates", len(list))
		}
		c, err := svc.RecordCertificate(ctx, office, prod.ID, validCertificate())
		if err != nil || c.ExpiresOn != "2026-08-15" || c.Source != ocop.CertRecorded || c.Status != ocop.CertValid {
			t.Fatalf("record: %+v %v", c, err)
		}
		five := bad(func(in *service.CertificateInput) {
			in.Stars, in.Level, in.IssuedOn, in.DecisionDate = 5, ocop.LevelMinistryCert, "01/02/2024", "01/02/2024"
		})
		if _, err := svc.RecordCertificate(ctx, office, prod.ID, five); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Product(ctx, u, prod.ID); got.Stars != 5 {
			t.Errorf("product stars after the newest certificate: %d", got.Stars)
		}
		if list, _ := svc.Certificates(ctx, u, prod.ID); len(list) != 2 || list[0].Stars != 5 {
			t.Errorf("producer's list: %+v", list)
		}
		if _, err := svc.Certificates(ctx, far, prod.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("another province reading: %v", err)
		}
		exp, _ := db.CertificatesExpiring(ctx, "2026-08-01", "2026-08-31")
		if len(exp) != 1 || exp[0].ID != c.ID {
			t.Errorf("expiring in August 2026: %+v", exp)
		}
		if res, _ := db.VerifyAudit(ctx); !res.OK() {
			t.Errorf("audit chain: %+v", res)
		}
	})
}

// Opening rules against the certificate, with the re-rating window's
// boundaries counted in days before the expiry (15/8/2026).
func TestOpeningRules(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		u, p, _ := confirmedProducer(t, db, svc)
		office := staff(t, db, "vanphong.sl", ocop.RoleProvince, ocop.ProvinceScope("14"))
		mk := func(name string) *ocop.Product {
			prod, err := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: name, Card: 7})
			if err != nil {
				t.Fatal(err)
			}
			return prod
		}
		plain := mk("Chưa công nhận")
		if _, err := svc.OpenDossier(ctx, u, plain.ID, ocop.DossierUpgrade); ocop.ErrorMessage(err) != "err.dossier_no_certificate" {
			t.Errorf("upgrade without certificate: %v", err)
		}
		if _, err := svc.OpenDossier(ctx, u, plain.ID, ocop.DossierRerating); ocop.ErrorMessage(err) != "err.dossier_no_certificate" {
			t.Errorf("re-rating without certificate: %v", err)
		}
		expiry := time.Date(2026, 8, 15, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
		at := func(daysBefore int) { // 10:00 in Hà Nội on that day
			db.Now = func() time.Time { return expiry.AddDate(0, 0, -daysBefore).Add(10 * time.Hour) }
		}
		for _, tc := range []struct {
			before int
			err    string
			late   bool
		}{
			{181, "err.rerating_early", false},
			{180, "", false},
			{120, "", false},
			{119, "", true},
			{0, "", true},
			{-1, "err.dossier_no_certificate", false},
		} {
			prod := mk(fmt.Sprintf("Mận sấy %d", tc.before))
			at(1000)
			if _, err := svc.RecordCertificate(ctx, office, prod.ID, validCertificate()); err != nil {
				t.Fatal(err)
			}
			at(tc.before)
			d, err := svc.OpenDossier(ctx, u, prod.ID, ocop.DossierRerating)
			if ocop.ErrorMessage(err) != tc.err && !(tc.err == "" && err == nil) {
				t.Errorf("%d days before expiry: %v, want %q", tc.before, err, tc.err)
				continue
			}
			if tc.err == "err.rerating_early" && i18nMessage(err) != "Chưa đến thời hạn nộp hồ sơ đánh giá lại: được nộp từ ngày 16/02/2026 (không sớm hơn 180 ngày trước ngày giấy chứng nhận hết hạn 15/08/2026)." {
				t.Errorf("early message: %q", i18nMessage(err))
			}
			if err == nil && d.Late != tc.late {
				t.Errorf("%d days before expiry: late %v, want %v", tc.before, d.Late, tc.late)
			}
			if tc.before == 181 {
				// A first rating of a certified product is refused; an upgrade is fine.
				if _, err := svc.OpenDossier(ctx, u, prod.ID, ocop.DossierFirst); ocop.ErrorMessage(err) != "err.dossier_first_certified" {
					t.Errorf("first rating of a certified product: %v", err)
				}
				if _, err := svc.OpenDossier(ctx, u, prod.ID, ocop.DossierUpgrade); err != nil {
					t.Errorf("upgrade of a valid 3★: %v", err)
				}
			}
			if tc.before == 119 {
				// Filed late, the certificate stays valid after expiry while
				// the re-rating is pending, for at most 180 days.
				submittedDossier(t, db, prod, ocop.DossierRerating)
				for days, want := range map[int]string{-1: ocop.CertStateExtended, -180: ocop.CertStateExtended, -181: ocop.CertStateExpired} {
					st, err := svc.CertificateStatus(ctx, prod.ID, expiry.AddDate(0, 0, -days).Add(10*time.Hour))
					if err != nil || st.State != want {
						t.Errorf("%d days after expiry with a pending re-rating: %s %v, want %s", -days, st.State, err, want)
					}
					// The public list files it under the same state: an
					// extended certificate is among the valid ones.
					if err := svc.EnsureCertificateCodes(ctx); err != nil {
						t.Fatal(err)
					}
					real := db.Now
					db.Now = func() time.Time { return expiry.AddDate(0, 0, -days).Add(10 * time.Hour) }
					for _, filter := range []string{ocop.CertStateValid, ocop.CertStateExpired} {
						list, _, err := svc.PublicCertificates(ctx, store.PublicCertificateFilter{Province: prod.ProvinceCode,
							Status: filter, Limit: 500})
						in := slices.ContainsFunc(list, func(c service.PublicCertificateRow) bool { return c.ProductID == prod.ID })
						listed := filter == ocop.CertStateValid && ocop.CertLive(want) || filter == ocop.CertStateExpired && want == ocop.CertStateExpired
						if err != nil || in != listed {
							t.Errorf("%d days after expiry: listed under %s %v (%v), state %s", -days, filter, in, err, want)
						}
					}
					db.Now = real
				}
			}
		}
	})
}

// i18nMessage is the Vietnamese text an error shows.
func i18nMessage(err error) string { return i18n.T(ocop.ErrorMessage(err), ocop.ErrorArgs(err)...) }

// The public list places every row as the product's own page does, with
// a fixed number of queries for the page: three products of each case,
// each case under the state it belongs to and under no other.
func TestPublicListGrouping(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		db.Now = func() time.Time { return time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC) } // 10:00 in Hà Nội
		u, p, _ := confirmedProducer(t, db, svc)
		office := staff(t, db, "vanphong.sl", ocop.RoleProvince, ocop.ProvinceScope("14"))
		issue := func(prod *ocop.Product, issued string) *ocop.Certificate {
			in := validCertificate()
			in.IssuedOn, in.DecisionDate = issued, issued
			c, err := svc.RecordCertificate(ctx, office, prod.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		want := map[int64]string{} // certificate id → state
		for i := range 3 {
			mk := func(name string) *ocop.Product {
				prod, err := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: fmt.Sprintf("%s %d", name, i), Card: 7})
				if err != nil {
					t.Fatal(err)
				}
				return prod
			}
			want[issue(mk("Trong hạn"), "01/02/2025").ID] = ocop.CertStateValid
			// Expired on 15/08/2026 with a re-rating filed after issue and
			// not decided: kept valid (Điều 12.3).
			prod := mk("Đang đánh giá lại")
			want[issue(prod, "15/08/2023").ID] = ocop.CertStateExtended
			submittedDossier(t, db, prod, ocop.DossierRerating)
			want[issue(mk("Hết hạn"), "15/08/2023").ID] = ocop.CertStateExpired
			// A re-rating opened before the certificate's issue day (in
			// Vietnam) was for an earlier one: it keeps this one valid no
			// longer. 23:00 on 14/08 in Hà Nội is before, 01:00 on 15/08
			// (still 14/08 in UTC) on the day.
			prod = mk("Đánh giá lại giấy cũ")
			want[issue(prod, "15/08/2023").ID] = ocop.CertStateExpired
			filedAt(t, db, prod, time.Date(2023, 8, 14, 16, 0, 0, 0, time.UTC))
			prod = mk("Đánh giá lại ngày cấp")
			want[issue(prod, "15/08/2023").ID] = ocop.CertStateExtended
			filedAt(t, db, prod, time.Date(2023, 8, 14, 18, 0, 0, 0, time.UTC))
			// A re-rating already decided does not keep it valid.
			prod = mk("Đã quyết định")
			want[issue(prod, "15/08/2023").ID] = ocop.CertStateExpired
			d := submittedDossier(t, db, prod, ocop.DossierRerating)
			if _, err := db.RawForTest().ExecContext(ctx, `UPDATE dossiers SET status = 'decided' WHERE id = $1`, d.ID); err != nil {
				t.Fatal(err)
			}
			// An older certificate is expired beside the product's valid one.
			prod = mk("Hai giấy")
			want[issue(prod, "15/08/2020").ID] = ocop.CertStateExpired
			want[issue(prod, "01/03/2025").ID] = ocop.CertStateValid
			c := issue(mk("Thu hồi"), "01/02/2025")
			err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
				c.RevokeGround, c.RevokeDecisionNo, c.RevokeDecisionDate, c.RevokeFindingDate = "a", "9/QĐ-UBND", "2026-08-20", "2026-08-10"
				return tx.RevokeCertificate(ctx, c)
			})
			if err != nil {
				t.Fatal(err)
			}
			want[c.ID] = ocop.CertStateRevoked
		}
		if err := svc.EnsureCertificateCodes(ctx); err != nil {
			t.Fatal(err)
		}
		group := map[string]string{ocop.CertStateValid: ocop.CertStateValid, ocop.CertStateExtended: ocop.CertStateValid,
			ocop.CertStateExpired: ocop.CertStateExpired, ocop.CertStateRevoked: ocop.CertStateRevoked}
		for _, filter := range []string{"", ocop.CertStateValid, ocop.CertStateExpired, ocop.CertStateRevoked} {
			got, rows, total := map[int64]string{}, 0, 0
			for offset := 0; offset == 0 || offset < total; offset += 7 { // pages of 7 rows cut across products
				list, n, err := svc.PublicCertificates(ctx, store.PublicCertificateFilter{Province: "14", Status: filter,
					Limit: 7, Offset: offset})
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range list {
					got[row.ID] = row.State
				}
				rows, total = rows+len(list), n
			}
			listed := 0
			for id, st := range want {
				if filter != "" && group[st] != filter {
					st = "" // not listed under this filter
				} else {
					listed++
				}
				if got[id] != st {
					t.Errorf("filter %q: certificate %d shows %q, want %q", filter, id, got[id], st)
				}
			}
			if len(got) != listed || rows != listed || total != listed {
				t.Errorf("filter %q: %d rows (%d distinct), total %d, want %d", filter, rows, len(got), total, listed)
			}
		}
	})
}
