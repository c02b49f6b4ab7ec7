package service_test

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// tableCounts counts the rows of every table but the append-only audit
// trail (which keeps the sandbox's history by design).
func tableCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	raw := db.RawForTest()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('goose_db_version', 'sqlite_sequence')`
	if db.Dialect == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_name <> 'goose_db_version'`
	}
	rows, err := raw.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		tables = append(tables, s)
	}
	rows.Close()
	if len(tables) < 30 {
		t.Fatalf("only %d tables found", len(tables))
	}
	out := map[string]int{}
	for _, tb := range tables {
		if tb == "audit_log" || tb == "audit_head" {
			continue
		}
		var n int
		if err := raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+tb).Scan(&n); err != nil {
			t.Fatal(tb, err)
		}
		out[tb] = n
	}
	return out
}

// sandboxWorld is the Sơn La demo (real data with certificates anyone can
// verify) and a provincial office that runs training.
type sandboxWorld struct {
	db       *store.DB
	svc      *service.Service
	office   *ocop.User // Sơn La's provincial office
	ministry *ocop.User
	hanoi    *ocop.User // another province's office
	admin    *ocop.User // a national administrator
	before   map[string]int
}

func newSandboxWorld(t *testing.T, db *store.DB) *sandboxWorld {
	t.Helper()
	ctx := context.Background()
	svc := newService(db)
	var err error
	if svc.Files, err = files.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := svc.EnsureCertificateCodes(ctx); err != nil {
		t.Fatal(err)
	}
	w := &sandboxWorld{db: db, svc: svc, office: staff(t, db, "vanphong.thuchanh", ocop.RoleProvince, ocop.ProvinceScope("14")),
		ministry: staff(t, db, "bo.thuchanh", ocop.RoleMinistry, ocop.Country),
		hanoi:    staff(t, db, "vanphong.hn", ocop.RoleProvince, ocop.ProvinceScope("01")),
		admin:    staff(t, db, "quantri.quocgia", ocop.RoleAdmin, ocop.Country)}
	w.before = tableCounts(t, db)
	return w
}

// account returns a sandbox account by username.
func (w *sandboxWorld) account(t *testing.T, name string) *ocop.User {
	t.Helper()
	u, _, err := w.db.UserCredentials(context.Background(), name)
	if err != nil {
		t.Fatalf("account %s: %v", name, err)
	}
	return u
}

// fileFirstDraft files the practice draft of a sandbox's first producer.
func (w *sandboxWorld) fileFirstDraft(t *testing.T, sb *ocop.Sandbox) *ocop.Dossier {
	t.Helper()
	ctx := context.Background()
	producer := w.account(t, service.SandboxUsername(sb, "chuthe", 1))
	drafts, _, err := w.svc.Dossiers(ctx, producer, store.DossierFilter{Status: ocop.DossierDraft})
	if err != nil || len(drafts) != 1 {
		t.Fatalf("producer's drafts: %d %v", len(drafts), err)
	}
	d, _ := w.svc.Dossier(ctx, producer, drafts[0].ID)
	return fileDraft(t, w.svc, producer, d)
}

// fileDraft completes a practice draft the way a trainee would and files it.
func fileDraft(t *testing.T, svc *service.Service, u *ocop.User, d *ocop.Dossier) *ocop.Dossier {
	t.Helper()
	ctx := context.Background()
	card, _ := service.DossierCard(d)
	sheet := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		sheet.Answers[cr.Code] = 0
		if !cr.YesNo {
			sheet.Answers[cr.Code] = cr.Choices()[0].Points
		}
	}
	d, err := svc.SaveSheet(ctx, u, d.ID, d.Version, sheet)
	if err != nil {
		t.Fatal(err)
	}
	for c, pts := range sheet.Answers {
		if pts != 0 {
			if _, err := svc.AddEvidence(ctx, u, d.ID, c, "mc.pdf", bytes.NewReader(testPDF)); err != nil {
				t.Fatal(err)
			}
		}
	}
	next := time.Now().AddDate(1, 0, 0).Format("02/01/2006")
	for _, kind := range []string{"dang_ky_kinh_doanh", "attp"} {
		if _, err := svc.UploadDocument(ctx, u, d.ProducerID, service.DocumentInput{Kind: kind, Title: kind, ExpiresOn: next,
			FileName: kind + ".pdf"}, bytes.NewReader(testPDF)); err != nil {
			t.Fatal(err)
		}
	}
	if d, err = svc.SaveSelfReport(ctx, u, d.ID, d.Version, testReport); err != nil {
		t.Fatal(err)
	}
	if d, err = svc.Submit(ctx, u, d.ID, d.Version); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestSandboxLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := newSandboxWorld(t, db)
		ctx := context.Background()
		svc := w.svc
		if _, err := svc.CreateSandbox(ctx, w.office, service.SandboxInput{Name: " ", Seats: 0}); len(fieldErrors(err)) != 2 {
			t.Errorf("empty form: %v", err)
		}
		seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: w.office.Scope.Province, Title: "Quản lý hồ sơ OCOP",
			Organiser: "VP NTM", Type: ocop.CourseClassroom, StartDate: "2026-11-25", EndDate: "2026-11-25", Capacity: 30,
			Audiences: []ocop.Audience{ocop.AudienceProducer}}}
		if err := svc.BuildCourse(ctx, ocop.System, seed); err != nil {
			t.Fatal(err)
		}
		course := seed.Course.ID
		w.before = tableCounts(t, db) // the course is not the sandbox's
		if _, err := svc.CreateSandbox(ctx, w.office, service.SandboxInput{Name: "Lớp", Seats: 2, CourseID: course + 100}); len(fieldErrors(err)) != 1 {
			t.Errorf("unknown course: %v", err)
		}
		sb, err := svc.CreateSandbox(ctx, w.office, service.SandboxInput{Name: "Lớp tập huấn tháng 11", Seats: 2, CourseID: course})
		if err != nil {
			t.Fatal(err)
		}
		if sb.UnitCode != ocop.SandboxUnitCode(sb.ID) || sb.Password == "" || sb.CourseID != course {
			t.Fatalf("sandbox: %+v", sb)
		}
		accounts, err := svc.SandboxAccounts(ctx, w.office, sb)
		if err != nil || len(accounts) != 2*len(service.SandboxRoles) {
			t.Fatalf("accounts: %d %v", len(accounts), err)
		}
		producer := w.account(t, service.SandboxUsername(sb, "chuthe", 1))
		if _, active, err := svc.Login(ctx, producer.Username, sb.Password, "a"); err != nil || !active.Scope.InSandbox() {
			t.Fatalf("login with the sheet's password: %+v %v", active, err)
		}

		// Use: the producer files its practice draft, the paired commune
		// officer receives it.
		d := w.fileFirstDraft(t, sb)
		officer := w.account(t, service.SandboxUsername(sb, "canboxa", 1))
		if d, err = svc.ReceiveDossier(ctx, officer, d.ID, d.Version); err != nil || d.Status != ocop.DossierSubmitted && d.ReceiptNo == "" {
			t.Fatalf("receive: %+v %v", d, err)
		}
		// Registering in a practice commune, confirmed by its officer.
		reg := validRegistration()
		reg.Province, reg.Commune, reg.Username = sb.UnitCode, ocop.SandboxCommuneCode(sb.ID, 1), "hocvien.dangky"
		_, newcomer, err := svc.Register(ctx, reg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ReviewProducer(ctx, officer, newcomer.ID, newcomer.Version, true, ""); err != nil {
			t.Fatalf("confirming a practice registration: %v", err)
		}
		if _, active, err := svc.Login(ctx, "hocvien.dangky", reg.Password, "a"); err != nil || !active.Active() {
			t.Errorf("the practice registration's account: %+v %v", active, err)
		}
		if u, err := svc.User(ctx, w.admin, officer.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("the national administrator opens a sandbox account: %+v %v", u, err)
		}
		rounds, err := svc.Rounds(ctx, w.account(t, service.SandboxUsername(sb, "tinh", 1)))
		if err != nil || len(rounds) != 1 {
			t.Fatalf("practice round: %v %v", rounds, err)
		}

		// A certificate inside the sandbox, to prove the public list and
		// the verification page leave it out.
		office := w.account(t, service.SandboxUsername(sb, "tinh", 2))
		prods, _, _ := svc.Products(ctx, office, store.ProductFilter{})
		cert, err := svc.RecordCertificate(ctx, office, prods[0].ID, service.CertificateInput{Number: "01/GCN-TH", Stars: 3,
			Level: ocop.LevelProvinceCert, DecisionNo: "01/QĐ-TH", DecisionDate: "01/10/2026", Signer: "Giảng viên",
			IssuedOn: "01/10/2026", ExpiresOn: "01/10/2029"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.EnsureCertificateCodes(ctx); err != nil {
			t.Fatal(err)
		}
		assertIsolated(t, w, sb)
		got, _ := db.Certificate(ctx, cert.ID)
		if v, err := svc.Verify(ctx, got.Code); err != nil || v.Result != service.VerifyUnknown {
			t.Errorf("verifying a sandbox certificate: %+v %v", v, err)
		}

		// Another province's officer can neither see nor touch it.
		hanoi := w.hanoi
		if list, _ := svc.Sandboxes(ctx, hanoi); len(list) != 0 {
			t.Errorf("Hà Nội lists Sơn La's sandboxes: %v", list)
		}
		if _, err := svc.Sandbox(ctx, hanoi, sb.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội reads it: %v", err)
		}
		if _, err := svc.ResetSandbox(ctx, hanoi, sb.ID, 0); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội resets it: %v", err)
		}
		if err := svc.DeleteSandbox(ctx, hanoi, sb.ID, 0); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội deletes it: %v", err)
		}
		if _, err := svc.Sandboxes(ctx, producer); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("a trainee manages sandboxes: %v", err)
		}

		// Reset: the filed dossier, the certificate and the uploads are
		// gone, the accounts and drafts are back as new.
		if _, err := svc.ResetSandbox(ctx, w.office, sb.ID, sb.Version+1); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale reset: %v", err)
		}
		// Two organisers reset at once from the same page: one wins.
		errs := make(chan error, 2)
		for range 2 {
			go func() { _, err := svc.ResetSandbox(ctx, w.office, sb.ID, sb.Version); errs <- err }()
		}
		e1, e2 := <-errs, <-errs
		if (e1 == nil) == (e2 == nil) || ocop.ErrorCode(cmp.Or(e1, e2)) != ocop.ECONFLICT {
			t.Fatalf("concurrent resets: %v and %v, want one success and one conflict", e1, e2)
		}
		if sb, err = svc.Sandbox(ctx, w.office, sb.ID); err != nil {
			t.Fatal(err)
		}
		producer = w.account(t, service.SandboxUsername(sb, "chuthe", 1))
		all, _, _ := svc.Dossiers(ctx, producer, store.DossierFilter{})
		if len(all) != 1 || all[0].Status != ocop.DossierDraft {
			t.Errorf("after reset the producer has %d dossiers: %+v", len(all), all)
		}
		if n, _ := db.CountUsers(ctx, ocop.ProvinceScope(sb.UnitCode)); n != 2*len(service.SandboxRoles) {
			t.Errorf("accounts after reset: %d", n)
		}
		assertIsolated(t, w, sb)

		if err := svc.DeleteSandbox(ctx, w.office, sb.ID, sb.Version); err != nil {
			t.Fatal(err)
		}
		after := tableCounts(t, db)
		for tb, n := range w.before {
			if after[tb] != n {
				t.Errorf("table %s: %d rows before the sandbox, %d after deleting it", tb, n, after[tb])
			}
		}
		if _, err := db.UnitByCode(ctx, sb.UnitCode); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("sandbox province after delete: %v", err)
		}
		trail, err := svc.AuditEntries(ctx, w.admin, store.AuditFilter{Limit: 500})
		if err != nil || slices.ContainsFunc(trail, func(e store.AuditEntry) bool { return ocop.IsSandboxCode(e.UnitCode) }) ||
			!slices.ContainsFunc(trail, func(e store.AuditEntry) bool { return e.Action == "sandbox.delete" }) {
			t.Errorf("national audit trail: sandbox rows shown, or the organiser's actions hidden (%v)", err)
		}
		if v, err := db.VerifyAudit(ctx); err != nil || !v.OK() {
			t.Errorf("audit chain: %+v %v", v, err)
		}
	})
}

// assertIsolated checks that the nationwide user and the public see
// nothing of the sandbox while the demo's real data is all there.
func assertIsolated(t *testing.T, w *sandboxWorld, sb *ocop.Sandbox) {
	t.Helper()
	ctx := context.Background()
	svc, min := w.svc, w.ministry
	inSandbox := func(province string) bool { return province == sb.UnitCode }
	producers, n, err := svc.Producers(ctx, min, store.ProducerFilter{Limit: 500})
	if err != nil || n == 0 || slices.ContainsFunc(producers, func(p *ocop.Producer) bool { return inSandbox(p.ProvinceCode) }) {
		t.Errorf("ministry producers: %d %v", n, err)
	}
	products, n, err := svc.Products(ctx, min, store.ProductFilter{Limit: 500})
	if err != nil || n == 0 || slices.ContainsFunc(products, func(p *ocop.Product) bool { return inSandbox(p.ProvinceCode) }) {
		t.Errorf("ministry products: %d %v", n, err)
	}
	dossiers, _, err := svc.Dossiers(ctx, min, store.DossierFilter{Limit: 500})
	if err != nil || slices.ContainsFunc(dossiers, func(d service.QueueItem) bool { return inSandbox(d.ProvinceCode) }) {
		t.Errorf("ministry dossiers: %v", err)
	}
	counts, err := svc.DossierCounts(ctx, min)
	if err != nil || slices.ContainsFunc(counts, func(c *store.CommuneCount) bool { return strings.HasPrefix(c.Code, sb.UnitCode) }) {
		t.Errorf("ministry dossier counts: %v", err)
	}
	rounds, err := svc.DB.Rounds(ctx, ocop.Country, ocop.RoundProvince)
	if err != nil || slices.ContainsFunc(rounds, func(r store.RoundRow) bool { return inSandbox(r.ProvinceCode) }) {
		t.Errorf("nationwide rounds: %v", err)
	}
	// Producers and products of the sandbox exist and are in the database.
	sbProducer := w.account(t, service.SandboxUsername(sb, "chuthe", 1))
	p, err := svc.Producer(ctx, w.account(t, service.SandboxUsername(sb, "tinh", 1)), sbProducer.ProducerID)
	if err != nil {
		t.Fatalf("the sandbox's own officer: %v", err)
	}
	if _, err := svc.Producer(ctx, min, p.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("ministry opens a sandbox producer: %v", err)
	}
	provinces, _ := svc.Provinces(ctx)
	if len(provinces) != 34 {
		t.Errorf("%d provinces listed", len(provinces))
	}
	if _, _, _, err := svc.Unit(ctx, sb.UnitCode); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("sandbox unit page: %v", err)
	}
	c, _ := svc.DB.PublicCounts(ctx)
	if c.Provinces != 34 || c.Communes != 3321 || c.Producers != 3 {
		t.Errorf("public counts: %+v", c)
	}
	certs, total, err := svc.PublicCertificates(ctx, store.PublicCertificateFilter{Limit: 500})
	if err != nil || total != 2 || len(certs) != 2 {
		t.Errorf("public certificates: %d %v", total, err)
	}
}
