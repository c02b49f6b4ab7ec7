// Package testutil builds databases and fixtures for tests. Store and HTTP
// tests run on SQLite always and on PostgreSQL as well when
// OCOP_TEST_DATABASE_URL is set (each test in its own schema).
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// PostgresURL is the server the PostgreSQL variants of the tests use.
func PostgresURL() string { return os.Getenv("OCOP_TEST_DATABASE_URL") }

// ForEachDB runs fn as a subtest on a fresh, migrated database with the
// administrative units and the working-day calendar loaded: "sqlite" always, "postgres" when configured.
// In CI the PostgreSQL variant is required, not optional.
func ForEachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, NewSQLite(t)) })
	if PostgresURL() == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but OCOP_TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI")
		}
		return
	}
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgres(t)) })
}

// ForEachDBBench is ForEachDB for benchmarks: PostgreSQL only when configured.
func ForEachDBBench(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, NewSQLite(b)) })
	if PostgresURL() != "" {
		b.Run("postgres", func(b *testing.B) { fn(b, NewPostgres(b)) })
	}
}

var (
	templateOnce sync.Once
	templatePath string
	templateErr  error
)

// NewSQLite returns a database copied from a template that was migrated and
// seeded once per test process, so each test starts in milliseconds.
func NewSQLite(t testing.TB) *store.DB {
	t.Helper()
	templateOnce.Do(func() { templatePath, templateErr = buildTemplate() })
	if templateErr != nil {
		t.Fatalf("SQLite template: %v", templateErr)
	}
	path := filepath.Join(t.TempDir(), "ocop.db")
	if err := copyFile(templatePath, path); err != nil {
		t.Fatal(err)
	}
	db, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func buildTemplate() (string, error) {
	sweepOldTemplates()
	dir, err := os.MkdirTemp("", "ocop-test-template-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "template.db")
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := prepare(ctx, db); err != nil {
		return "", err
	}
	// Fold the WAL into the main file so one file copy is the whole database.
	if err := db.Checkpoint(ctx); err != nil {
		return "", err
	}
	return path, nil
}

// sweepOldTemplates removes templates left by earlier test processes (a
// package's tests have no hook that runs at process exit). Anything older
// than an hour belongs to a process that has finished.
func sweepOldTemplates() {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), "ocop-test-template-*"))
	for _, dir := range old {
		if fi, err := os.Stat(dir); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.RemoveAll(dir)
		}
	}
}

func prepare(ctx context.Context, db *store.DB) error {
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	// The same seed Bootstrap loads at start-up: units and the calendar.
	return db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.SeedUnits(ctx); err != nil {
			return err
		}
		return tx.SeedCalendar(ctx)
	})
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// NewPostgres returns a database in a schema of its own on the test
// server, migrated and with the units loaded; dropped when the test ends.
func NewPostgres(t testing.TB) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, NewPostgresURL(t), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := prepare(ctx, db); err != nil {
		t.Fatalf("prepare postgres schema: %v", err)
	}
	return db
}

// NewPostgresURL makes an empty schema on the test server and returns a URL
// whose connections use it (search_path), for tests that open the
// database themselves.
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := "t_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema on %s: %v", store.Redact(base), err)
	}
	t.Cleanup(func() {
		c, err := sql.Open("pgx", base)
		if err == nil {
			c.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			c.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Must returns v and panics on error; a panic fails the test with the
// error and its stack, which is all a fixture step needs.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
	return v
}

// Name makes a unique name for fixtures.
func Name(prefix string) string { return fmt.Sprintf("%s%s", prefix, strings.ToLower(rand.Text()[:6])) }
