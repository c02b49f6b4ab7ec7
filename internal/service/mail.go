package service

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/ocopvn/ocop/internal/mail"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Mailer sends one e-mail; *mail.Client is the real one.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// mailBackoff is the wait after each failed attempt; after
// store.MailAttempts attempts the message stays failed for an operator.
var mailBackoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}

// mailLease is how long a claimed batch is reserved for one sender. It
// outlasts a batch of mailBatch sends at the client's 30-second timeout,
// and a sender that dies lets its batch go back to the queue after it.
const (
	mailLease = 10 * time.Minute
	mailBatch = 10
)

// DeliverMail sends the due messages of the outbox and returns how many
// went out. Without a Mailer it does nothing: mail stays queued.
func (s *Service) DeliverMail(ctx context.Context) (int, error) {
	if s.Mailer == nil {
		return 0, nil
	}
	sent := 0
	for {
		token := rand.Text()
		batch, err := s.DB.ClaimMail(ctx, token, mailLease, mailBatch)
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		for _, m := range batch {
			ok, err := s.deliver(ctx, m, token)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
}

// deliver sends one claimed message and records the outcome. Only a
// database error or the end of ctx is returned; an SMTP error is recorded
// on the row with the time of the next attempt.
func (s *Service) deliver(ctx context.Context, m store.Mail, token string) (bool, error) {
	err := s.Mailer.Send(ctx, mail.Message{To: m.Address, Subject: m.Subject, Body: m.Body})
	if ctx.Err() != nil {
		return false, ctx.Err() // shutting down: the lease runs out and the message is tried again
	}
	if err == nil {
		return true, s.DB.MailSent(ctx, m.ID, token)
	}
	if m.Attempts >= store.MailAttempts {
		s.Log.Error("gửi thư điện tử thất bại, không thử lại", "id", m.ID, "to", m.Address, "err", err)
	} else {
		s.Log.Warn("chưa gửi được thư điện tử, sẽ thử lại", "id", m.ID, "to", m.Address, "attempt", m.Attempts, "err", err)
	}
	wait := mailBackoff[min(m.Attempts, len(mailBackoff))-1]
	return false, s.DB.MailFailed(ctx, m.ID, token, err.Error(), wait)
}

// Background runs the periodic jobs until ctx ends: the outbox every
// mailEvery, the reminders every remindEvery (both once at start).
func (s *Service) Background(ctx context.Context, mailEvery, remindEvery time.Duration) {
	if s.Mailer == nil {
		s.Log.Warn("thư điện tử đang tắt (chưa đặt OCOP_SMTP_URL): thư được giữ trong hàng đợi, chưa gửi")
	}
	mt, rt := time.NewTicker(mailEvery), time.NewTicker(remindEvery)
	defer mt.Stop()
	defer rt.Stop()
	s.remindNow(ctx)
	for {
		s.deliverNow(ctx)
		select {
		case <-ctx.Done():
			return
		case <-mt.C:
		case <-rt.C:
			s.remindNow(ctx)
		}
	}
}

func (s *Service) deliverNow(ctx context.Context) {
	if _, err := s.DeliverMail(ctx); err != nil && ctx.Err() == nil {
		s.Log.Error("gửi thư điện tử", "err", err)
	}
}

func (s *Service) remindNow(ctx context.Context) {
	if _, err := s.RunReminders(ctx, s.DB.Now()); err != nil && ctx.Err() == nil {
		s.Log.Error("nhắc hạn", "err", err)
	}
}

// Outbox lists the e-mail outbox for an operator: messages to recipients
// in the operator's unit, newest first.
func (s *Service) Outbox(ctx context.Context, u *ocop.User, state string) ([]store.Mail, error) {
	if err := require(u, ocop.PermAuditView); err != nil {
		return nil, err
	}
	return s.DB.Outbox(ctx, store.MailFilter{Scope: u.Scope, State: state, Limit: 200})
}
