// Package store is the SQL layer. The same hand-written SQL runs on SQLite
// (embedded, the default) and PostgreSQL; dialect differences live in the
// migrations. Exported methods that change state take a *Tx so the audit
// row is written in the same transaction as the change.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/ocopvn/ocop/internal/ocop"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the database handle.
type DB struct {
	sql     *sql.DB
	Dialect Dialect
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// IsPostgresURL reports whether a URL selects PostgreSQL.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Redact hides the password of a database URL for messages and logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(URL không đọc được)"
	}
	return u.Redacted()
}

// Open connects to PostgreSQL when url is a postgres URL, otherwise to the
// SQLite file DATA/ocop.db, and checks that the database answers.
func Open(ctx context.Context, dbURL, dataDir string) (*DB, error) {
	if IsPostgresURL(dbURL) {
		return open(ctx, Postgres, "pgx", dbURL, Redact(dbURL))
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("tạo thư mục dữ liệu %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, "ocop.db")
	return OpenSQLite(ctx, path)
}

// OpenSQLite opens (creating if needed) one SQLite file. busy_timeout comes
// first so the other pragmas wait for locks too; _txlock=immediate takes the
// write lock at BEGIN, which avoids upgrade deadlocks between writers.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite&_txlock=immediate"
	return open(ctx, SQLite, "sqlite", dsn, path)
}

func open(ctx context.Context, d Dialect, driver, dsn, name string) (*DB, error) {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("mở cơ sở dữ liệu %s: %w", name, err)
	}
	if d == SQLite {
		db.SetMaxOpenConns(8)
	} else {
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("không kết nối được cơ sở dữ liệu %s: %w", name, err)
	}
	return &DB{sql: db, Dialect: d, Now: time.Now}, nil
}

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.sql.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies the embedded migrations of the dialect.
func (db *DB) Migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	if db.Dialect == Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, db.sql, fsys)
	if err != nil {
		return fmt.Errorf("chuẩn bị di chuyển dữ liệu: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("di chuyển dữ liệu: %w", err)
	}
	return nil
}

// now returns the clock in UTC truncated to microseconds, the precision
// PostgreSQL keeps, so values read back compare equal on both databases.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// collect scans every row of a query with scan.
func collect[T any](rows *sql.Rows, err error, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanInt64 scans a row of one integer column (an id).
func scanInt64(sc scanner) (int64, error) {
	var n int64
	return n, sc.Scan(&n)
}

// mapErr turns driver errors into domain errors.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ocop.ErrNotFound()
	}
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) {
		return ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return err
}

// Checkpoint folds SQLite's write-ahead log into the main file (backups
// and test templates copy a single file). A no-op on PostgreSQL.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.Dialect != SQLite {
		return nil
	}
	_, err := db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}
