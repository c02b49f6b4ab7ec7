package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// notifyMove tells the people concerned that a dossier moved: whoever must
// act next, and the producer of every step taken on its dossier.
func (s *Service) notifyMove(ctx context.Context, tx *store.Tx, d *ocop.Dossier) error {
	name, err := tx.ProductName(ctx, d.ProductID)
	if err != nil {
		return err
	}
	producer := audience{ocop.RoleProducer, "", "", d.ProducerID}
	commune := audience{ocop.RoleCommune, d.ProvinceCode, d.CommuneCode, 0}
	province := audience{ocop.RoleProvince, d.ProvinceCode, "", 0}
	var who []audience
	key := "notify." + d.Status
	switch d.Status {
	case ocop.DossierSubmitted:
		who = []audience{commune}
	case ocop.DossierReturned, ocop.DossierCompletion:
		who = []audience{producer}
		if d.Status == ocop.DossierCompletion {
			who = append(who, commune)
		}
	case ocop.DossierForwarded:
		who = []audience{province, producer}
	case ocop.DossierAccepted, ocop.DossierDecided, ocop.DossierMinistry:
		who = []audience{producer, commune}
	case ocop.DossierCentral:
		who = []audience{producer, commune, province}
	case ocop.DossierAdditions:
		who = []audience{province}
	default:
		return nil
	}
	msg := i18n.T(key, name)
	lines := []string{msg}
	if d.ReturnReason != "" {
		lines = append(lines, i18n.T("notify.reason", d.ReturnReason))
	}
	n := s.notice(fmt.Sprintf("/ho-so/%d", d.ID), lines...)
	for _, w := range who {
		ids, err := w.users(ctx, tx)
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, ids, n); err != nil {
			return err
		}
	}
	return nil
}

// audience is who is told: the active accounts of a role in a unit, or of
// a producer.
type audience struct {
	role              ocop.Role
	province, commune string
	producer          int64
}

func (a audience) users(ctx context.Context, tx *store.Tx) ([]int64, error) {
	return tx.UserIDs(ctx, a.role, a.province, a.commune, a.producer)
}

// notice is a notification and its e-mail: the first line is the subject,
// all of them the in-app message and the e-mail's text, which also carries
// the absolute link to the page.
func (s *Service) notice(link string, lines ...string) store.Notice {
	return store.Notice{Link: link, Message: strings.Join(lines, " "), Subject: i18n.T("mail.subject", lines[0]),
		Body: i18n.T("mail.body", strings.Join(lines, "\n"), s.BaseURL+link)}
}
