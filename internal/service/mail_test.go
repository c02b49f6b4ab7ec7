package service_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/mail"
	"github.com/ocopvn/ocop/internal/mail/mailtest"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// mailed wires a service to a fresh SMTP sink.
func mailed(t *testing.T, db *store.DB) (*service.Service, *mailtest.Sink) {
	t.Helper()
	sink := mailtest.Start(t)
	cfg, err := mail.ParseURL(sink.URL())
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(db)
	svc.BaseURL = "https://ocop.sonla.gov.vn"
	svc.Mailer = &mail.Client{Config: cfg}
	return svc, sink
}

func outbox(t *testing.T, db *store.DB, state string) []store.Mail {
	t.Helper()
	list, err := db.Outbox(context.Background(), store.MailFilter{Scope: ocop.Country, State: state})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A commune officer returns a dossier: its producer, who has an e-mail
// address, gets the Vietnamese e-mail with the reason and the absolute
// link, delivered through a real SMTP session.
func TestStatusChangeSendsMail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, sink := mailed(t, db)
		filed := time.Now()
		d, producer, officer := filedDossier(t, db, svc, filed)
		if _, err := svc.ReturnDossier(ctx, officer, d.ID, d.Version, "Thiếu giấy chứng nhận an toàn thực phẩm"); err != nil {
			t.Fatal(err)
		}
		if len(sink.Messages()) != 0 {
			t.Fatal("mail went out before the sender ran")
		}
		if n, err := svc.DeliverMail(ctx); err != nil || n != 1 {
			t.Fatalf("DeliverMail: %d, %v; want 1", n, err)
		}
		msgs := sink.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages in the sink, want 1", len(msgs))
		}
		m := msgs[0]
		if len(m.To) != 1 || m.To[0] != producer.Email {
			t.Errorf("to %v, want %s", m.To, producer.Email)
		}
		if want := "[OCOP] UBND cấp xã trả lại hồ sơ Mật ong bạc hà " + filed.Format("02/01/2006") + " để bổ sung."; m.Subject != want {
			t.Errorf("subject %q, want %q", m.Subject, want)
		}
		link := "https://ocop.sonla.gov.vn/ho-so/" + itoa(d.ID)
		for _, want := range []string{"Kính gửi", "Nội dung: Thiếu giấy chứng nhận an toàn thực phẩm", link} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("body lacks %q:\n%s", want, m.Body)
			}
		}
		if sent := outbox(t, db, "sent"); len(sent) != 1 || sent[0].SentAt.IsZero() || sent[0].Attempts != 1 {
			t.Errorf("outbox after delivery: %+v", sent)
		}
		if n, _ := svc.DeliverMail(ctx); n != 0 || len(sink.Messages()) != 1 {
			t.Errorf("a second run sent %d more", n)
		}
		// The outbox page: the province's administrator sees the message,
		// another province's does not, a commune officer may not look.
		for name, want := range map[string]int{"14": 1, "01": 0} {
			admin := staff(t, db, "quantri."+name, ocop.RoleAdmin, ocop.ProvinceScope(name))
			if list, err := svc.Outbox(ctx, admin, ""); err != nil || len(list) != want {
				t.Errorf("administrator of province %s sees %d messages, %v; want %d", name, len(list), err, want)
			}
		}
		if _, err := svc.Outbox(ctx, officer, ""); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("commune officer: %v", err)
		}
	})
}

// A change that rolls back queues no e-mail, and the sender sends nothing.
func TestRolledBackChangeSendsNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, sink := mailed(t, db)
		_, producer, _ := filedDossier(t, db, svc, time.Now())
		boom := errors.New("boom")
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			if err := tx.Notify(ctx, []int64{producer.ID}, store.Notice{Link: "/", Message: "x", Subject: "x", Body: "x"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n, err := svc.DeliverMail(ctx); n != 0 || err != nil || len(sink.Messages()) != 0 || len(outbox(t, db, "")) != 0 {
			t.Errorf("rolled-back change: %d sent, %v, %d in sink", n, err, len(sink.Messages()))
		}
	})
}

// A refusing server: the error is recorded and the message waits 1, then
// 5 minutes; once the server accepts, it goes out once. A message that
// never gets through stops after five attempts, listed as failed.
func TestMailRetriesAndGivesUp(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, sink := mailed(t, db)
		d, producer, officer := filedDossier(t, db, svc, time.Now())
		now := time.Now()
		db.Now = func() time.Time { return now }
		if _, err := svc.ReturnDossier(ctx, officer, d.ID, d.Version, "Thiếu minh chứng"); err != nil {
			t.Fatal(err)
		}
		sink.Fail("451 4.3.0 máy chủ bận, thử lại sau")
		for i, wait := range []time.Duration{time.Minute, 5 * time.Minute} {
			if n, err := svc.DeliverMail(ctx); n != 0 || err != nil {
				t.Fatalf("attempt %d: %d sent, %v", i+1, n, err)
			}
			m := outbox(t, db, "pending")[0]
			if m.Attempts != i+1 || !strings.Contains(m.LastError, "451") || !m.NextAttempt.Equal(now.UTC().Truncate(time.Microsecond).Add(wait)) {
				t.Fatalf("after attempt %d: attempts %d, error %q, next %v (now %v)", i+1, m.Attempts, m.LastError, m.NextAttempt, now)
			}
			if n, _ := svc.DeliverMail(ctx); n != 0 || outbox(t, db, "pending")[0].Attempts != i+1 {
				t.Fatal("retried before its time")
			}
			now = now.Add(wait)
		}
		sink.Fail("")
		if n, err := svc.DeliverMail(ctx); n != 1 || err != nil || len(sink.Messages()) != 1 {
			t.Fatalf("after the server recovered: %d sent, %v", n, err)
		}

		// A second message meets a server that never recovers.
		queue(t, db, producer.ID, "Thư thứ hai")
		sink.Fail("550 5.1.1 không có hộp thư này")
		for range store.MailAttempts + 2 {
			if _, err := svc.DeliverMail(ctx); err != nil {
				t.Fatal(err)
			}
			now = now.Add(3 * time.Hour)
		}
		failed := outbox(t, db, "failed")
		if len(failed) != 1 || failed[0].Attempts != store.MailAttempts || !strings.Contains(failed[0].LastError, "550") {
			t.Fatalf("failed list: %+v", failed)
		}
		if len(outbox(t, db, "pending")) != 0 || len(sink.Messages()) != 1 {
			t.Error("a failed message is still pending or was delivered")
		}
	})
}

// Two senders on one database (two server processes) deliver every
// message exactly once.
func TestTwoSendersSendOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc, sink := mailed(t, db)
		_, producer, _ := filedDossier(t, db, svc, time.Now())
		const total = 25
		var subjects []string
		for i := range total {
			subjects = append(subjects, "Thư số "+itoa(int64(i)))
		}
		queue(t, db, producer.ID, subjects...)
		other := newService(db)
		other.Mailer = svc.Mailer
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i, s := range []*service.Service{svc, other} {
			wg.Go(func() {
				n, err := s.DeliverMail(ctx)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			})
		}
		wg.Wait()
		got := map[string]int{}
		for _, m := range sink.Messages() {
			got[m.Subject]++
		}
		if counts[0]+counts[1] != total || len(sink.Messages()) != total || len(got) != total {
			t.Errorf("senders report %v, sink holds %d messages with %d subjects; want %d each", counts,
				len(sink.Messages()), len(got), total)
		}
	})
}

// The background loop delivers what a change queued and stops when told.
func TestBackgroundDeliversAndStops(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, sink := mailed(t, db)
		d, _, officer := filedDossier(t, db, svc, time.Now())
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); svc.Background(ctx, 20*time.Millisecond, time.Hour) }()
		if _, err := svc.ReturnDossier(context.Background(), officer, d.ID, d.Version, "Thiếu minh chứng"); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(20 * time.Second); len(sink.Messages()) == 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the loop never delivered the message")
			}
		}
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the loop did not stop")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// queue puts one message per subject for a user into the outbox.
func queue(t *testing.T, db *store.DB, userID int64, subjects ...string) {
	t.Helper()
	err := db.Update(context.Background(), ocop.System, func(tx *store.Tx) error {
		for _, s := range subjects {
			if err := tx.Notify(context.Background(), []int64{userID}, store.Notice{Link: "/", Message: s, Subject: s, Body: "nội dung"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
