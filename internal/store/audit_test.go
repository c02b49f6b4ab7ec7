package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// appendRows writes n audit rows, each in its own transaction.
func appendRows(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		err := db.Update(ctx, ocop.Actor{UserID: 7, Name: "tester"}, func(tx *store.Tx) error {
			return tx.Audit(ctx, "test.write", "thing", i, "14", map[string]int{"v": i}, map[string]int{"v": i + 1})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, db *store.DB) store.VerifyResult {
	t.Helper()
	res, err := db.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAuditChainDetectsTampering(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendRows(t, db, 5) // seq 1 and 2 are the seeds (units, calendar), so rows 3..7
		if res := verify(t, db); !res.OK() || res.Checked != 7 {
			t.Fatalf("fresh chain: got %+v, want intact with 7 rows", res)
		}
		tamper := []struct {
			name    string
			sql     string
			wantSeq int64
		}{
			{"edit a value", `UPDATE audit_log SET after_json = '{"v":99}' WHERE seq = 4`, 4},
			{"edit the actor", `UPDATE audit_log SET actor_name = 'someone' WHERE seq = 3`, 3},
			{"delete a middle row", `DELETE FROM audit_log WHERE seq = 5`, 5},
			{"delete the last row", `DELETE FROM audit_log WHERE seq = 7`, 7},
		}
		for _, tc := range tamper {
			t.Run(tc.name, func(t *testing.T) {
				tx, err := db.RawForTest().BeginTx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback() // undo the tampering for the next case
				if _, err := tx.ExecContext(ctx, tc.sql); err != nil {
					t.Fatal(err)
				}
				res, err := store.VerifyAuditWith(ctx, tx)
				if err != nil {
					t.Fatal(err)
				}
				if res.OK() || res.BrokenSeq != tc.wantSeq {
					t.Errorf("got %+v, want broken at %d", res, tc.wantSeq)
				}
			})
		}
		if res := verify(t, db); !res.OK() {
			t.Fatalf("after rollbacks the chain should be intact again: %+v", res)
		}
	})
}

func TestAuditConcurrentWritersKeepOneChain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := range 8 {
			wg.Go(func() {
				ctx := context.Background()
				for i := range 10 {
					err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
						return tx.Audit(ctx, "test.concurrent", "w", fmt.Sprint(w, "-", i), "", nil, i)
					})
					if err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if res := verify(t, db); !res.OK() || res.Checked != 82 {
			t.Fatalf("got %+v, want an intact chain of 82 rows", res)
		}
	})
}

func TestFailedUpdateChangesNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			p := &ocop.Producer{Name: "HTX thử", LegalType: "hop_tac_xa", CommuneCode: "04132", ProvinceCode: "14", Status: ocop.UserActive}
			if err := tx.CreateProducer(ctx, p); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
		_, n, err := db.Producers(ctx, store.ProducerFilter{Scope: ocop.Country})
		if err != nil || n != 0 {
			t.Errorf("producers after a failed transaction: %d (%v), want 0", n, err)
		}
		if res := verify(t, db); !res.OK() || res.Checked != 2 {
			t.Errorf("audit after a failed transaction: %+v, want only the two seed rows", res)
		}
	})
}
