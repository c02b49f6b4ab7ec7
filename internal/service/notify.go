package service

import (
	"context"
	"fmt"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// notifyMove tells the people concerned that a dossier moved: whoever must
// act next, and the producer of every step taken on its dossier.
func notifyMove(ctx context.Context, tx *store.Tx, d *ocop.Dossier) error {
	name, err := tx.ProductName(ctx, d.ProductID)
	if err != nil {
		return err
	}
	type to struct {
		role              ocop.Role
		province, commune string
		producer          int64
	}
	producer := to{ocop.RoleProducer, "", "", d.ProducerID}
	commune := to{ocop.RoleCommune, d.ProvinceCode, d.CommuneCode, 0}
	province := to{ocop.RoleProvince, d.ProvinceCode, "", 0}
	var who []to
	key := "notify." + d.Status
	switch d.Status {
	case ocop.DossierSubmitted:
		who = []to{commune}
	case ocop.DossierReturned, ocop.DossierCompletion:
		who = []to{producer}
		if d.Status == ocop.DossierCompletion {
			who = append(who, commune)
		}
	case ocop.DossierForwarded:
		who = []to{province, producer}
	case ocop.DossierAccepted:
		who = []to{producer, commune}
	default:
		return nil
	}
	msg := i18n.T(key, name)
	if d.ReturnReason != "" {
		msg += " " + i18n.T("notify.reason", d.ReturnReason)
	}
	link := fmt.Sprintf("/ho-so/%d", d.ID)
	for _, w := range who {
		ids, err := tx.UserIDs(ctx, w.role, w.province, w.commune, w.producer)
		if err != nil {
			return err
		}
		if err := tx.Notify(ctx, ids, link, msg); err != nil {
			return err
		}
	}
	return nil
}
