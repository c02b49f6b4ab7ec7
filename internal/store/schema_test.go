package store_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// columns lists "table.column" for every table the migrations made.
func columns(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	raw := db.RawForTest()
	var out []string
	if db.Dialect == store.Postgres {
		rows, err := raw.QueryContext(ctx, `SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`)
		if err != nil {
			t.Fatal(err)
		}
		out = scanStrings(t, rows)
	} else {
		rows, err := raw.QueryContext(ctx, `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT IN ('goose_db_version', 'sqlite_sequence')`)
		if err != nil {
			t.Fatal(err)
		}
		out = scanStrings(t, rows)
	}
	slices.Sort(out)
	return out
}

func scanStrings(t *testing.T, rows *sql.Rows) []string {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// The two migration folders must end with the same tables and columns, or
// the same SQL would behave differently on the two databases.
func TestMigrationsMatchAcrossDialects(t *testing.T) {
	if testutil.PostgresURL() == "" {
		t.Skip("OCOP_TEST_DATABASE_URL not set: PostgreSQL schema comparison skipped")
	}
	lite := columns(t, testutil.NewSQLite(t))
	pg := columns(t, testutil.NewPostgres(t))
	if len(lite) < 50 {
		t.Fatalf("only %d columns found on SQLite: the query is wrong", len(lite))
	}
	for _, c := range lite {
		if !slices.Contains(pg, c) {
			t.Errorf("%s exists on SQLite but not on PostgreSQL", c)
		}
	}
	for _, c := range pg {
		if !slices.Contains(lite, c) {
			t.Errorf("%s exists on PostgreSQL but not on SQLite", c)
		}
	}
}

func TestUnitsLoaded(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		provinces := testutil.Must(db.Provinces(ctx))
		if len(provinces) != 34 {
			t.Errorf("provinces: got %d, want 34", len(provinces))
		}
		n := testutil.Must(db.UnitCount(ctx))
		if n != 34+3321 {
			t.Errorf("units: got %d, want %d", n, 34+3321)
		}
		sonLa := testutil.Must(db.UnitByCode(ctx, "14"))
		if sonLa.Name != "Tỉnh Sơn La" {
			t.Errorf("unit 14: got %q, want Tỉnh Sơn La", sonLa.Name)
		}
		old := testutil.Must(db.OldCommunesOf(ctx, "04132"))
		found := false
		for _, o := range old {
			found = found || o.Name == "Xã Chiềng Ban"
		}
		if !found {
			t.Errorf("Xã Chiềng Ban should map to Xã Chiềng Mai (04132); old communes: %+v", old)
		}
		sc, err := db.UnitScope(ctx, "99999")
		if err == nil {
			t.Errorf("unknown unit gave scope %+v", sc)
		}
	})
}
