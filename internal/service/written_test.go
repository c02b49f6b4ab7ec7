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

// Re-rating by written opinions: without a meeting (no quorum of members
// present) when the council's setting is on and the round holds re-rating
// dossiers only; the chair is told once when the opinions differ beyond
// the tolerance, and the results say a meeting is needed.
func TestWrittenOpinionRerating(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newCouncilWorld(t, db) // round with two first-time dossiers, nobody seated
		rid := w.round.ID
		for _, d := range []*ocop.Dossier{w.a, w.b} {
			if err := w.svc.RemoveRoundDossier(ctx, w.office, rid, d.ID); err != nil {
				t.Fatal(err)
			}
		}
		at := time.Date(2026, 3, 4, 9, 0, 0, 0, vn)
		_, re := producerDossier(t, db, "HTX Mận Hậu", ocop.DossierRerating, at)
		if err := w.svc.AddRoundDossier(ctx, w.office, rid, re.ID); err != nil {
			t.Fatal(err)
		}
		w.seat(t) // written-opinion mode off; nobody marked present
		_, err := w.svc.OpenScoring(ctx, w.chair, rid)
		wantCode(t, "no quorum, written mode off", err, ocop.ECONFLICT, "err.quorum")

		cv, err := w.svc.Council(ctx, w.office, rid, ocop.CouncilBoard)
		if err != nil {
			t.Fatal(err)
		}
		in := service.CouncilInput{DecisionNo: cv.DecisionNo, DecisionDate: "02/03/2026", Signer: cv.Signer, QuorumPercent: cv.QuorumPercent,
			RequireChair: cv.RequireChair, Tolerance: cv.Tolerance, WrittenOpinion: true, Version: cv.Version}
		if _, err := w.svc.SaveCouncil(ctx, w.office, rid, ocop.CouncilBoard, in); err != nil {
			t.Fatal(err)
		}
		// A first-time dossier in the round needs the meeting after all.
		if err := w.svc.AddRoundDossier(ctx, w.office, rid, w.a.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.OpenScoring(ctx, w.chair, rid)
		wantCode(t, "no quorum, a first-time dossier in the round", err, ocop.ECONFLICT, "err.quorum")
		if err := w.svc.RemoveRoundDossier(ctx, w.office, rid, w.a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.OpenScoring(ctx, w.chair, rid); err != nil {
			t.Fatalf("written opinions open without a meeting: %v", err)
		}

		unread := func() int { return db.UnreadCount(ctx, w.chair.ID) }
		start := unread()
		w.submit(t, w.chair, re, true)
		w.submit(t, w.m2, re, true)
		if unread() != start {
			t.Error("the chair was told although the opinions agree")
		}
		w.submit(t, w.m3, re, false)
		if unread() != start+1 {
			t.Errorf("the chair was not told the opinions differ: %d → %d", start, unread())
		}
		w.submit(t, w.m4, re, false)
		if unread() != start+1 {
			t.Error("the chair was told twice")
		}
		if _, err := w.svc.CloseScoring(ctx, w.chair, rid); err != nil {
			t.Fatal(err)
		}
		res := w.results(t, w.chair)[re.ID]
		if res == nil || !res.Written || !res.MeetingNeeded {
			t.Errorf("results: %+v", res)
		}
	})
}
