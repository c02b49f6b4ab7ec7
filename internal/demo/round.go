package demo

import (
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// round opens the provincial round the accepted dossiers can reach, puts
// them in it and seats the demo council member as the council's chair,
// present, so the demo can open scoring and score.
func (l *loader) round() error {
	office := l.users["vanphong.sonla"]
	accepted, _, err := l.svc.Dossiers(l.ctx, office, store.DossierFilter{Status: ocop.DossierAccepted})
	if err != nil || len(accepted) == 0 {
		return err
	}
	year, number := ocop.Round(accepted[0].ForwardedAt, i18n.Zone)
	r, err := l.svc.CreateRound(l.ctx, office, service.RoundInput{Year: year, Number: number, Kind: ocop.RoundRegular})
	if err != nil {
		return err
	}
	for _, d := range accepted {
		if err := l.svc.AddRoundDossier(l.ctx, office, r.ID, d.ID); err != nil {
			return err
		}
	}
	return l.seat(r, "215/QĐ-UBND", l.now)
}
