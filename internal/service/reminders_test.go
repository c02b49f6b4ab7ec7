package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The dossier of TestCommuneDeadlineAcrossTet, filed on 13/02/2026, is due
// on 13/03. Its commune's officers hear of it once when 3 working days are
// left and once when it is overdue; the producer hears once of a document
// expiring within 30 days. The officer without an e-mail address gets only
// the in-app notifications; an officer of another commune hears nothing.
func TestRemindersGoOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, sink := mailed(t, db)
		d, producer, officer := filedDossier(t, db, svc, time.Date(2026, 2, 13, 10, 0, 0, 0, vn))
		withMail := staffWithEmail(t, db, "canbo.thu", ocop.RoleCommune, ocop.CommuneScope("14", "04132"), "vanthu.chiengmai@example.gov.vn")
		elsewhere := staffWithEmail(t, db, "canbo.khac", ocop.RoleCommune, ocop.CommuneScope("14", "04075"), "khac@example.gov.vn")
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			for _, exp := range []string{"2026-04-05", "2026-05-01"} { // only the first comes within 30 days
				doc := &ocop.Document{ProducerID: d.ProducerID, CommuneCode: d.CommuneCode, ProvinceCode: d.ProvinceCode,
					Kind: "attp", Title: "Giấy chứng nhận ATTP " + exp[:7], IssuedOn: "2024-01-02", ExpiresOn: exp,
					FileName: "attp.pdf", FileKey: "k" + exp, ContentType: "application/pdf"}
				if err := tx.CreateDocument(ctx, doc); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			day  int
			want int
		}{{5, 0}, {6, 1}, {10, 0}, {11, 1}, {12, 0}, {16, 1}, {17, 0}} { // 6/3: the document is 30 days off; 16/3: overdue
			n, err := svc.RunReminders(ctx, time.Date(2026, 3, c.day, 9, 0, 0, 0, vn))
			if err != nil || n != c.want {
				t.Errorf("%02d/03: %d reminders, %v; want %d", c.day, n, err, c.want)
			}
		}
		got := func(u *ocop.User) []string {
			list, _, err := db.Notifications(ctx, u.ID, 10)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range list {
				out = append(out, n.Message)
			}
			return out
		}
		inApp := got(officer)
		if len(inApp) != 2 || !strings.Contains(inApp[0], "đã quá thời hạn") || !strings.Contains(inApp[1], "sắp hết thời hạn") ||
			!strings.Contains(inApp[1], "hạn 13/03/2026, còn 3 ngày làm việc") {
			t.Errorf("officer's notifications: %q", inApp)
		}
		if p := got(producer); len(p) != 1 || !strings.Contains(p[0], "Giấy chứng nhận ATTP 2026-04") || !strings.Contains(p[0], "05/04/2026") {
			t.Errorf("producer's notifications: %q", p)
		}
		if e := got(elsewhere); len(e) != 0 {
			t.Errorf("another commune's officer was told: %q", e)
		}
		if n, err := svc.DeliverMail(ctx); n != 3 || err != nil {
			t.Fatalf("DeliverMail: %d, %v; want 3 (two to the officer with e-mail, one to the producer)", n, err)
		}
		to := map[string][]string{}
		for _, m := range sink.Messages() {
			to[m.To[0]] = append(to[m.To[0]], m.Subject)
		}
		if s := to[withMail.Email]; len(s) != 2 || !strings.HasPrefix(s[0], "[OCOP] Hồ sơ Mật ong bạc hà 13/02/2026 sắp hết thời hạn") {
			t.Errorf("officer's e-mail: %q", s)
		}
		if s := to[producer.Email]; len(s) != 1 || !strings.Contains(s[0], "Giấy chứng nhận ATTP") {
			t.Errorf("producer's e-mail: %q", s)
		}
		if len(to) != 2 {
			t.Errorf("e-mail went to %v", to)
		}
	})
}

// The producer of a certified product hears when the re-rating window
// opens (180 days before expiry) and 30 days before it expires, once each.
func TestCertificateReminders(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		u, _, prod, office := plumProduct(t, db, svc)
		c, err := svc.RecordCertificate(ctx, office, prod.ID, validCertificate())
		if err != nil {
			t.Fatal(err)
		}
		exp, _ := c.ExpiryDay(vn)
		for _, tc := range []struct{ before, want int }{{181, 0}, {180, 1}, {179, 0}, {31, 0}, {30, 1}, {29, 0}, {-1, 0}} {
			if n, err := svc.RunReminders(ctx, exp.AddDate(0, 0, -tc.before).Add(9*time.Hour)); err != nil || n != tc.want {
				t.Errorf("%d days before expiry: %d reminders, %v; want %d", tc.before, n, err, tc.want)
			}
		}
		list, _, err := db.Notifications(ctx, u.ID, 10)
		if err != nil || len(list) != 2 {
			t.Fatalf("notifications: %v %v", list, err)
		}
		if !strings.Contains(list[1].Message, "Hồ sơ đánh giá lại nộp từ nay đến hết ngày") ||
			!strings.Contains(list[0].Message, "Nếu chưa nộp hồ sơ đánh giá lại") || !strings.Contains(list[0].Message, "«Mận sấy»") {
			t.Errorf("messages: %q / %q", list[1].Message, list[0].Message)
		}
	})
}
