// Package e2e drives the Vietnamese web UI in a real Chromium: one browser
// for the package (TestMain), one tab in its own browser context (so
// cookies never leak between tests) and one in-process server with a fresh
// SQLite database per test.
package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

const chromiumPath = "/usr/bin/chromium"

// tabTimeout bounds one test's browser work. Generous because CI runs the
// other packages' tests on the same two cores at the same time.
const tabTimeout = 60 * time.Second

var (
	browserCtx context.Context // the one Chromium; tabs are children of it
	skipReason string          // set when there is no browser to drive
	tabSlots   = make(chan struct{}, max(2, goruntime.NumCPU()))
	tabsMu     sync.Mutex
	tabsHeld   = map[*testing.T]int{} // tabs each test holding a slot opened
)

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if _, err := os.Stat(chromiumPath); err != nil {
		msg := "chromium not installed at " + chromiumPath + ": browser tests skipped"
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "FAIL: chromium not installed at "+chromiumPath+
				": CI=true requires the browser tests (apt-get install chromium)")
			return 1
		}
		fmt.Fprintln(os.Stderr, msg)
		skipReason = msg
		return m.Run()
	}
	profile, err := os.MkdirTemp("", "ocop-e2e-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer func() {
		// Chromium's helper processes may still write to the profile just
		// after the browser exits; remove until it stays removed.
		for range 20 {
			os.RemoveAll(profile)
			time.Sleep(50 * time.Millisecond)
			if _, err := os.Stat(profile); os.IsNotExist(err) {
				return
			}
		}
	}()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	// The first Run starts the browser and ties it to the context it is
	// given, so that context must not time out (a timeout there killed
	// Chromium a minute into the package's tests); a timer bounds the start.
	stuck := time.AfterFunc(60*time.Second, cancelBrowser)
	err = chromedp.Run(ctx)
	stuck.Stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: cannot start %s: %v\n", chromiumPath, err)
		return 1
	}
	browserCtx = ctx
	return m.Run()
}

// requireBrowser skips the test when there is no Chromium (outside CI).
func requireBrowser(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
}

// app is one running server with the demo data loaded.
type app struct {
	URL string
	svc *service.Service // for tests that set up more than the demo
}

// newApp starts the web UI in-process on a fresh database with the demo
// province. Server logs are shown only when the test fails.
func newApp(t *testing.T) *app {
	t.Helper()
	requireBrowser(t)
	logs := &testutil.SyncBuffer{}
	t.Cleanup(func() { // registered first, so it runs after the server stopped
		if t.Failed() && logs.Len() > 0 {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	db := testutil.NewSQLite(t)
	if err := demo.Load(t.Context(), db); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	svc := service.New(db, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	var err error
	if svc.Files, err = files.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadDossiers(t.Context(), svc); err != nil {
		t.Fatalf("demo.LoadDossiers: %v", err)
	}
	h, err := web.New(svc, web.Options{})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &app{URL: srv.URL, svc: svc}
}

// tab is one browser tab of a test.
type tab struct {
	t   *testing.T
	ctx context.Context
	app *app
}

// newTab opens a tab in a browser context of its own (own cookie jar) on
// the package's Chromium. Uncaught script errors and console errors such as
// Content-Security-Policy violations fail the test.
func newTab(t *testing.T, a *app) *tab {
	t.Helper()
	return newTabFor(t, a, tabTimeout)
}

// newTabFor is newTab for a test whose browser work takes longer.
func newTabFor(t *testing.T, a *app, timeout time.Duration) *tab {
	t.Helper()
	requireBrowser(t)
	var mu sync.Mutex
	var problems []string
	t.Cleanup(func() { // runs after the tab is closed below
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("browser: %s", p)
		}
	})
	// At most one test per core drives the browser; the tab's timeout
	// starts once its test has a slot, so waiting parallel tests do not
	// time out. A test's further tabs share its slot: two tests each
	// holding one slot and waiting for a second would wait forever.
	tabsMu.Lock()
	tabsHeld[t]++
	first := tabsHeld[t] == 1
	tabsMu.Unlock()
	if first {
		tabSlots <- struct{}{}
		t.Cleanup(func() {
			tabsMu.Lock()
			delete(tabsHeld, t)
			tabsMu.Unlock()
			<-tabSlots
		})
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithTargetID(newIsolatedTarget(t)))
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelTimeout)
	chromedp.ListenTarget(ctx, func(ev any) {
		var p string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			p = "uncaught exception: " + ev.ExceptionDetails.Error()
		case *cdplog.EventEntryAdded:
			// Network errors (a 403 or 422 page is one) are expected;
			// security (CSP) and script errors are not.
			if ev.Entry.Level == cdplog.LevelError && ev.Entry.Source != cdplog.SourceNetwork {
				p = fmt.Sprintf("console %s error: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
		if p != "" {
			mu.Lock()
			problems = append(problems, p)
			mu.Unlock()
		}
	})
	tb := &tab{t: t, ctx: ctx, app: a}
	tb.run(chromedp.Navigate("about:blank")) // create the target now
	return tb
}

// newIsolatedTarget opens a window in a new browser context (its own
// cookies and storage) and returns its target; the context is disposed
// when the test ends. chromedp.WithNewBrowserContext would be simpler, but
// with Chromium 156 headless its Target.createTarget (without newWindow)
// fails with "Failed to open new tab - no browser is open".
func newIsolatedTarget(t *testing.T) target.ID {
	t.Helper()
	exec := func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithTimeout(browserCtx, 10*time.Second)
		return cdp.WithExecutor(ctx, chromedp.FromContext(browserCtx).Browser), cancel
	}
	ctx, cancel := exec()
	defer cancel()
	bc, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(ctx)
	if err != nil {
		t.Fatalf("browser: create browser context: %v", err)
	}
	t.Cleanup(func() { // runs after the tab is closed
		ctx, cancel := exec()
		defer cancel()
		if err := target.DisposeBrowserContext(bc).Do(ctx); err != nil {
			t.Logf("browser: dispose browser context: %v", err)
		}
	})
	id, err := target.CreateTarget("about:blank").WithBrowserContextID(bc).WithNewWindow(true).Do(ctx)
	if err != nil {
		t.Fatalf("browser: create tab: %v", err)
	}
	return id
}

// run runs browser actions and stops the test on failure.
func (b *tab) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v%s", err, b.where())
	}
}

// where describes the page the tab is on, for failure messages.
func (b *tab) where() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	var loc, h1 string
	if chromedp.Run(ctx, chromedp.Evaluate(`location.href`, &loc),
		chromedp.Evaluate(`(document.querySelector('h1')||{}).textContent||''`, &h1)) != nil {
		return ""
	}
	return fmt.Sprintf(" (on %s, h1 %q)", loc, strings.TrimSpace(h1))
}

// load runs actions that navigate (a link, a submit) and waits for the new
// page; it returns the HTTP status of the final document.
func (b *tab) load(actions ...chromedp.Action) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, actions...)
	if err != nil {
		b.t.Fatalf("browser: %v%s", err, b.where())
	}
	return resp.Status
}

// open goes to a path of the app and returns the status.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	return b.load(chromedp.Navigate(b.app.URL + path))
}

// click clicks an element that leads to a new page.
func (b *tab) click(sel string) int64 {
	b.t.Helper()
	return b.load(chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible))
}

// eval evaluates a script expression into res.
func (b *tab) eval(js string, res any) {
	b.t.Helper()
	b.run(chromedp.Evaluate(js, res))
}

// text returns the visible text of the first element matching sel, with
// white space collapsed, or "<no sel>" at once when there is none (load and
// click return after the page has loaded, so there is nothing to wait for).
func (b *tab) text(sel string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(e => e ? e.innerText : %s)(document.querySelector(%s))`, jsString("<no "+sel+">"), jsString(sel)), &s)
	return strings.Join(strings.Fields(s), " ")
}

// value returns the current value of a form control, or "<no sel>".
func (b *tab) value(sel string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(e => e ? e.value : %s)(document.querySelector(%s))`, jsString("<no "+sel+">"), jsString(sel)), &s)
	return s
}

// path is the current URL path with query.
func (b *tab) path() string {
	b.t.Helper()
	var s string
	b.eval(`location.pathname + location.search`, &s)
	return s
}

// typeInto focuses a field, clears it and types s key by key.
func (b *tab) typeInto(sel, s string) {
	b.t.Helper()
	b.run(chromedp.Clear(sel, chromedp.ByQuery), chromedp.SendKeys(sel, s, chromedp.ByQuery, chromedp.NodeVisible))
}

// choose picks an option of a select the way a user's choice does: the
// value changes, then "input" and "change" fire.
func (b *tab) choose(sel, value string) {
	b.t.Helper()
	var ok bool
	b.eval(fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		if (!s || !Array.from(s.options).some(o => o.value === %s)) return false;
		s.focus(); s.value = %s;
		s.dispatchEvent(new Event("input", {bubbles: true}));
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, jsString(sel), jsString(value), jsString(value)), &ok)
	if !ok {
		b.t.Fatalf("select %s has no option %q%s", sel, value, b.where())
	}
}

// navEntries lists the texts of the main navigation.
func (b *tab) navEntries() []string {
	b.t.Helper()
	var out []string
	b.eval(`Array.from(document.querySelectorAll('.menu nav li')).map(li => li.textContent.replace(/\s+/g, ' ').trim())`, &out)
	return out
}

// login signs in through the form and returns the status of the page it
// lands on.
func (b *tab) login(username, password string) int64 {
	b.t.Helper()
	if st := b.open("/dang-nhap"); st != 200 {
		b.t.Fatalf("GET /dang-nhap: status %d, want 200", st)
	}
	b.typeInto("#f-username", username)
	b.typeInto("#f-password", password)
	return b.click(`main form[action="/dang-nhap"] button[type=submit]`)
}

// mustLogin signs in and checks the dashboard greets the user.
func (b *tab) mustLogin(username, password, fullName string) {
	b.t.Helper()
	if st := b.login(username, password); st != 200 {
		b.t.Fatalf("login %s: status %d, want 200%s", username, st, b.where())
	}
	if got := b.path(); got != "/tong-quan" {
		b.t.Fatalf("after login %s: at %s, want /tong-quan", username, got)
	}
	if got, want := b.text("h1"), "Xin chào, "+fullName; got != want {
		b.t.Fatalf("dashboard h1 = %q, want %q", got, want)
	}
}

// logout uses the menu's logout button and checks the user is signed out.
func (b *tab) logout() {
	b.t.Helper()
	if st := b.click(`.menu nav form[action="/dang-xuat"] button`); st != 200 {
		b.t.Fatalf("logout: status %d%s", st, b.where())
	}
	if got := b.path(); got != "/" {
		b.t.Errorf("after logout: at %s, want /", got)
	}
	if got, want := b.text(".flash"), "Bạn đã đăng xuất."; got != want {
		b.t.Errorf("logout flash = %q, want %q", got, want)
	}
	b.open("/tong-quan")
	if got, want := b.path(), "/dang-nhap?tiep=%2Ftong-quan"; got != want {
		b.t.Errorf("dashboard after logout: at %s, want %s (the login page)", got, want)
	}
}

// dd returns the definition of a term in the page's property list.
func (b *tab) dd(term string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(() => {
		const dt = Array.from(document.querySelectorAll('dl.props dt')).find(d => d.textContent.trim() === %s);
		return dt && dt.nextElementSibling ? dt.nextElementSibling.textContent.replace(/\s+/g, ' ').trim() : '<missing>';
	})()`, jsString(term)), &s)
	return s
}
