package service_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// failLastSeat makes the database refuse the very last write of filling a
// sandbox of two seats: marking its second council member (the newest
// such account) present. The trigger stands in for any late failure.
func failLastSeat(t *testing.T, db *store.DB) (drop func()) {
	t.Helper()
	ctx := context.Background()
	raw := db.RawForTest()
	const last = `(SELECT MAX(id) FROM users WHERE username LIKE 'th%.hoidong02')`
	stmts := []string{`CREATE TRIGGER fail_last_seat BEFORE UPDATE ON council_members
		WHEN NEW.user_id = ` + last + ` BEGIN SELECT RAISE(ABORT, 'injected failure'); END`}
	undo := []string{`DROP TRIGGER fail_last_seat`}
	if db.Dialect == store.Postgres {
		stmts = []string{`CREATE FUNCTION fail_last_seat() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.user_id = ` + last + ` THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER fail_last_seat BEFORE UPDATE ON council_members FOR EACH ROW EXECUTE FUNCTION fail_last_seat()`}
		undo = []string{`DROP TRIGGER fail_last_seat ON council_members`, `DROP FUNCTION fail_last_seat()`}
	}
	for _, q := range stmts {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		for _, q := range undo {
			if _, err := raw.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// sandboxState is what a class has done in a sandbox: its accounts, their
// dossiers with status and version, and the sandbox's own version.
func sandboxState(t *testing.T, w *sandboxWorld, sb *ocop.Sandbox) string {
	t.Helper()
	ctx := context.Background()
	got, err := w.svc.Sandbox(ctx, w.office, sb.ID)
	if err != nil {
		t.Fatal(err)
	}
	users, err := w.db.SandboxUsers(ctx, sb.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "v%d", got.Version)
	for _, u := range users {
		fmt.Fprintf(&b, " %s#%d", u.Username, u.ID)
	}
	dossiers, _, err := w.db.Dossiers(ctx, store.DossierFilter{Scope: ocop.ProvinceScope(sb.UnitCode), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dossiers {
		fmt.Fprintf(&b, " d%d:%s:v%d", d.ID, d.Status, d.Version)
	}
	return b.String()
}

func auditLength(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.RawForTest().QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSandboxAtomic: creating or resetting a sandbox is one transaction. A
// failure in its last step writes nothing (not even audit rows) and
// leaves the previous sandbox, its filed dossier and its files intact.
func TestSandboxAtomic(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := newSandboxWorld(t, db)
		ctx := context.Background()
		svc := w.svc
		sb, err := svc.CreateSandbox(ctx, w.office, service.SandboxInput{Name: "Lớp", Seats: 2})
		if err != nil {
			t.Fatal(err)
		}
		d := w.fileFirstDraft(t, sb)
		evidence, err := db.EvidenceOf(ctx, d.ID)
		if err != nil || len(evidence) == 0 {
			t.Fatalf("evidence of the filed dossier: %d %v", len(evidence), err)
		}
		if sb, err = svc.Sandbox(ctx, w.office, sb.ID); err != nil {
			t.Fatal(err)
		}

		drop := failLastSeat(t, db)
		counts, state, trail := tableCounts(t, db), sandboxState(t, w, sb), auditLength(t, db)
		unchanged := func(what string) {
			t.Helper()
			if after := tableCounts(t, db); !maps.Equal(after, counts) {
				for tb, n := range counts {
					if after[tb] != n {
						t.Errorf("%s: table %s has %d rows, %d before", what, tb, after[tb], n)
					}
				}
			}
			if got := sandboxState(t, w, sb); got != state {
				t.Errorf("%s: sandbox\n%s\nwant\n%s", what, got, state)
			}
			if n := auditLength(t, db); n != trail {
				t.Errorf("%s: %d audit rows, %d before", what, n, trail)
			}
		}
		_, err = svc.ResetSandbox(ctx, w.office, sb.ID, sb.Version)
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("reset failing in its last step: %v", err)
		}
		unchanged("failed reset")
		for _, e := range evidence {
			f, err := svc.Files.Get(e.FileKey)
			if err != nil {
				t.Errorf("evidence file %s after the failed reset: %v", e.FileKey, err)
				continue
			}
			f.Close()
		}
		_, err = svc.CreateSandbox(ctx, w.office, service.SandboxInput{Name: "Lớp khác", Seats: 2})
		if err == nil || !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("creation failing in its last step: %v", err)
		}
		unchanged("failed creation")
		if list, _ := svc.Sandboxes(ctx, w.office); len(list) != 1 {
			t.Errorf("%d sandboxes after the failed creation", len(list))
		}

		// Without the fault the same reset goes through, fully.
		drop()
		if _, err := svc.ResetSandbox(ctx, w.office, sb.ID, sb.Version); err != nil {
			t.Fatal(err)
		}
		round, err := svc.Rounds(ctx, w.account(t, service.SandboxUsername(sb, "tinh", 1)))
		if err != nil || len(round) != 1 {
			t.Fatalf("practice round after reset: %v %v", round, err)
		}
		cv, err := svc.Council(ctx, w.account(t, service.SandboxUsername(sb, "tinh", 1)), round[0].ID, ocop.CouncilBoard)
		if ok, _, present := cv.Quorum(); err != nil || !ok || present != 2 || cv.Members[0].Position != "chair" {
			t.Errorf("practice council after reset: %+v %v", cv, err)
		}
		if v, err := db.VerifyAudit(ctx); err != nil || !v.OK() {
			t.Errorf("audit chain: %+v %v", v, err)
		}
	})
}
