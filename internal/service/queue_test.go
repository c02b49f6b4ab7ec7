package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// A dossier filed on Friday 13/02/2026, the last working day before the
// Tết Bính Ngọ break (16–20/02): the commune's 15 working days run from
// Monday 23/02 to Friday 13/03/2026.
func TestCommuneDeadlineAcrossTet(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		_, _, officer := filedDossier(t, db, svc, time.Date(2026, 2, 13, 10, 0, 0, 0, vn))
		cases := []struct {
			today time.Time
			state string
			left  int
		}{
			{time.Date(2026, 2, 24, 9, 0, 0, 0, vn), "on_time", 14},  // Tue after Tết: 24/2 … 13/3, today included
			{time.Date(2026, 3, 10, 9, 0, 0, 0, vn), "on_time", 4},   // 10, 11, 12, 13/3
			{time.Date(2026, 3, 11, 9, 0, 0, 0, vn), "due_soon", 3},  // 11, 12, 13/3
			{time.Date(2026, 3, 13, 16, 0, 0, 0, vn), "due_soon", 1}, // the last day itself
			{time.Date(2026, 3, 17, 9, 0, 0, 0, vn), "overdue", -2},  // Mon 16 and Tue 17/3 past it
		}
		for _, c := range cases {
			db.Now = func() time.Time { return c.today }
			items, total, err := svc.Dossiers(ctx, officer, store.DossierFilter{Status: ocop.DossierSubmitted})
			if err != nil || total != 1 {
				t.Fatalf("queue: %v %d", err, total)
			}
			it := items[0]
			if got := it.Deadline.In(vn).Format("02/01/2006"); got != "13/03/2026" {
				t.Fatalf("deadline %s, want 13/03/2026", got)
			}
			if it.State != c.state || it.DaysLeft != c.left || it.Provisional {
				t.Errorf("on %s: state %s, %d days left, provisional %v; want %s, %d", c.today.Format("02/01"), it.State, it.DaysLeft, it.Provisional, c.state, c.left)
			}
		}
		// The commune officer of another commune sees an empty queue.
		other := staff(t, db, "canbo.yc", ocop.RoleCommune, ocop.CommuneScope("14", "04075"))
		if _, total, _ := svc.Dossiers(ctx, other, store.DossierFilter{}); total != 0 {
			t.Errorf("another commune sees %d dossiers", total)
		}
	})
}

// filedDossier gives a new test producer a dossier filed with Xã Chiềng
// Mai at the given time; it returns the dossier, the producer's account
// and the commune officer.
func filedDossier(t *testing.T, db *store.DB, svc *service.Service, filed time.Time) (*ocop.Dossier, *ocop.User, *ocop.User) {
	t.Helper()
	u, p, officer := confirmedProducer(t, db, svc)
	return fileDossier(t, db, svc, u, p, filed), u, officer
}

// fileDossier puts a submitted dossier of a new product of p in the
// commune's queue, filed at the given time.
func fileDossier(t *testing.T, db *store.DB, svc *service.Service, u *ocop.User, p *ocop.Producer, filed time.Time) *ocop.Dossier {
	t.Helper()
	ctx := context.Background()
	prod, err := svc.CreateProduct(ctx, u, p.ID, service.ProductInput{Name: "Mật ong bạc hà " + filed.Format("02/01/2006"), Card: 4})
	if err != nil {
		t.Fatal(err)
	}
	d := &ocop.Dossier{ProductID: prod.ID, ProducerID: p.ID, CommuneCode: p.CommuneCode, ProvinceCode: p.ProvinceCode,
		Kind: ocop.DossierFirst, Decision: service.CurrentDecision, Card: 4, Status: ocop.DossierDraft, Sheet: "{}"}
	var next ocop.Dossier
	err = db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.CreateDossier(ctx, d); err != nil {
			return err
		}
		next = *d
		next.Status, next.SubmittedAt = ocop.DossierSubmitted, filed.UTC()
		return tx.UpdateDossier(ctx, d, &next, "dossier.submit")
	})
	if err != nil {
		t.Fatal(err)
	}
	return &next
}
