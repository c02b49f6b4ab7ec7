package web_test

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

// Units of the permission fixture: users work in Sơn La (14), at commune
// level in Xã Chiềng Mai (04132); "outside" records live in Hà Nội (01).
const (
	permProvince      = "14"
	permCommune       = "04132"
	permOtherProvince = "01"
	permOtherCommune  = "00577"
)

// permWorld is the permission fixture: one user per role inside Sơn La,
// and records inside and outside that scope.
type permWorld struct {
	svc      *service.Service
	srv      *httptest.Server
	routes   []web.RouteInfo
	users    map[ocop.Role]*ocop.User
	sessions map[ocop.Role]string
	tokens   map[ocop.Role]int64 // an API token id owned by each role's user
	// ids of records inside and outside Sơn La
	producerIn, producerOut, pendingIn int64
	productIn, productOut              int64
	userIn, userOut                    int64
	otherToken                         int64 // a token that belongs to someone else
	docIn, docOut                      int64 // documents of producerIn and producerOut
	dossierIn, dossierOut              int64 // dossiers of productIn and productOut
	evidenceIn, evidenceOut            int64
	evidenceSpare                      [2]int64 // of dossierIn: the ones the UI and the API take off
	photoIn, photoOut, photoSpare      int64    // photos of productIn (spare: the one deleted) and productOut
	certIn, certOut                    int64    // certificates (3★) of productIn and productOut
	codeIn                             string   // the verification code of certIn
	roundIn, roundOut                  int64    // evaluation rounds of Sơn La and Hà Nội
	roundMinistry, roundCentral        int64    // an open Ministry round, a decided one
	sandboxIn, sandboxOut              int64    // practice sandboxes owned by Sơn La and Hà Nội
	training                           permTraining
	courseSessions                     permSessions // {session}; sessions holds the logins
	// panels: a sub-panel per round (by id) and two spares each, which the
	// UI's and the API's delete take.
	panels map[string][3]int64
}

func permSetup(t *testing.T, db *store.DB) *permWorld {
	t.Helper()
	ctx := context.Background()
	svc := service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s, err := web.New(svc, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := &permWorld{svc: svc, routes: s.Routes(), users: map[ocop.Role]*ocop.User{},
		sessions: map[ocop.Role]string{}, tokens: map[ocop.Role]int64{}}
	w.srv = httptest.NewServer(s)
	t.Cleanup(w.srv.Close)

	err = db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		mk := func(name, province, commune string, st ocop.UserStatus) int64 {
			p := &ocop.Producer{Name: name, LegalType: "hop_tac_xa", ProvinceCode: province, CommuneCode: commune, Status: st}
			if err := tx.CreateProducer(ctx, p); err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		w.producerIn = mk("HTX trong phạm vi", permProvince, permCommune, ocop.UserActive)
		w.pendingIn = mk("THT chờ xác nhận", permProvince, permCommune, ocop.UserPending)
		w.producerOut = mk("HTX ngoài phạm vi", permOtherProvince, permOtherCommune, ocop.UserPending)
		for _, pr := range []struct {
			id                int64
			province, commune string
			dst               *int64
		}{{w.producerIn, permProvince, permCommune, &w.productIn}, {w.producerOut, permOtherProvince, permOtherCommune, &w.productOut}} {
			p := &ocop.Product{ProducerID: pr.id, Name: "Sản phẩm " + strconv.FormatInt(pr.id, 10), ProvinceCode: pr.province, CommuneCode: pr.commune}
			if err := tx.CreateProduct(ctx, p); err != nil {
				t.Fatal(err)
			}
			*pr.dst = p.ID
		}
		newUser := func(name string, role ocop.Role, sc ocop.Scope, producer int64) *ocop.User {
			u := &ocop.User{Username: name, FullName: name, Role: role, Scope: sc, ProducerID: producer, Status: ocop.UserActive}
			if err := tx.CreateUser(ctx, u, secret.HashPassword("mật khẩu thử nghiệm")); err != nil {
				t.Fatal(err)
			}
			return u
		}
		for _, role := range ocop.Roles {
			sc, producer := permScopeOf(role), int64(0)
			if role == ocop.RoleProducer {
				producer = w.producerIn
			}
			w.users[role] = newUser("u."+string(role), role, sc, producer)
		}
		w.userIn = newUser("canbo.khac", ocop.RoleCommune, ocop.CommuneScope(permProvince, "04075"), 0).ID
		out := newUser("canbo.hanoi", ocop.RoleCommune, ocop.CommuneScope(permOtherProvince, permOtherCommune), 0)
		w.userOut = out.ID
		for _, rd := range []struct {
			province string
			dst      *int64
		}{{permProvince, &w.roundIn}, {permOtherProvince, &w.roundOut}} {
			r := &ocop.EvalRound{Level: ocop.RoundProvince, ProvinceCode: rd.province, Year: 2026, Number: 1,
				Kind: ocop.RoundRegular, ForwardedFrom: "2025-10-31", ForwardedTo: "2026-05-01", DecideBy: "2026-06-30",
				Status: ocop.RoundOpen}
			if err := tx.CreateRound(ctx, r); err != nil {
				t.Fatal(err)
			}
			*rd.dst = r.ID
		}
		for _, st := range []string{ocop.RoundOpen, ocop.RoundDecided} {
			mr := &ocop.EvalRound{Level: ocop.RoundMinistry, Year: 2026, Number: 1, Kind: ocop.RoundRegular,
				ForwardedFrom: "2026-01-31", ForwardedTo: "2026-07-31", DecideBy: "2026-09-30", Status: st}
			if st == ocop.RoundDecided {
				mr.Year = 2025
			}
			if err := tx.CreateRound(ctx, mr); err != nil {
				return err
			}
			w.roundMinistry, w.roundCentral = w.roundCentral, mr.ID
		}
		if err := tx.CreateDecision(ctx, &ocop.Decision{RoundID: w.roundCentral, Kind: ocop.DecisionRound,
			Number: "1/QĐ-BNNMT", Date: "2025-09-20", Signer: "Bộ trưởng"}); err != nil {
			return err
		}
		for _, sb := range []struct {
			province string
			dst      *int64
		}{{permProvince, &w.sandboxIn}, {permOtherProvince, &w.sandboxOut}} {
			s := &ocop.Sandbox{Name: "Lớp " + sb.province, ProvinceCode: sb.province, Seats: 1, Password: "x"}
			if err := tx.CreateSandbox(ctx, s, []string{"Thử"}); err != nil {
				t.Fatal(err)
			}
			*sb.dst = s.ID
		}
		w.otherToken, err = tx.CreateAPIToken(ctx, out, "của người khác", secret.HashToken(secret.NewToken()))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.documents(t)
	w.council(t)
	w.training = permTrainingSetup(t, svc)
	w.courseSessions = permSessionsSetup(t, svc, w.training)
	for role, u := range w.users {
		w.login(t, role)
		if _, err := svc.CreateAPIToken(ctx, u, "thử"); err != nil {
			t.Fatal(err)
		}
		toks, err := svc.APITokens(ctx, u)
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens of %s: %v %v", role, toks, err)
		}
		w.tokens[role] = toks[0].ID
	}
	return w
}

// council seats the council member as chair of Sơn La's round, which
// holds dossierIn, and the advisory member as lead of its team, so their
// routes have something to read.
func (w *permWorld) council(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	err := w.svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		r, err := w.svc.DB.RoundByID(ctx, w.roundIn)
		if err != nil {
			return err
		}
		if err := tx.AddRoundDossier(ctx, r, &ocop.Dossier{ID: w.dossierIn}); err != nil {
			return err
		}
		// The Ministry's round holds it too, as it would after a 90+ result.
		mr, err := w.svc.DB.RoundByID(ctx, w.roundMinistry)
		if err != nil {
			return err
		}
		if err := tx.AddRoundDossier(ctx, mr, &ocop.Dossier{ID: w.dossierIn}); err != nil {
			return err
		}
		c := &ocop.Council{RoundID: r.ID, Kind: ocop.CouncilBoard, DecisionNo: "1/QĐ-UBND", DecisionDate: "2026-03-01",
			Signer: "Chủ tịch", QuorumPercent: 75, RequireChair: true, Tolerance: 10}
		if err := tx.SaveCouncil(ctx, r, nil, c); err != nil {
			return err
		}
		if err := tx.AddCouncilMember(ctx, r, &ocop.CouncilMember{CouncilID: c.ID, UserID: w.users[ocop.RoleCouncil].ID,
			Position: "chair", Department: "nnmt"}); err != nil {
			return err
		}
		// The advisory member leads the round's advisory team.
		team := &ocop.Council{RoundID: r.ID, Kind: ocop.CouncilAdvisory, DecisionNo: "2/QĐ-UBND", DecisionDate: "2026-03-01",
			Signer: "Giám đốc Sở", QuorumPercent: 75, Tolerance: 10}
		if err := tx.SaveCouncil(ctx, r, nil, team); err != nil {
			return err
		}
		return tx.AddCouncilMember(ctx, r, &ocop.CouncilMember{CouncilID: team.ID, UserID: w.users[ocop.RoleAdvisory].ID,
			Position: "chair", Department: "nnmt"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// makePanels gives Sơn La's, Hà Nội's and the Ministry's open rounds a
// sub-panel each, and two spares to delete. Only the tests of panels call
// it: with panels, the other tests' rounds could not open scoring.
func (w *permWorld) makePanels(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	w.panels = map[string][3]int64{}
	err := w.svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		for _, id := range []int64{w.roundIn, w.roundOut, w.roundMinistry} {
			r, err := w.svc.DB.RoundByID(ctx, id)
			if err != nil {
				return err
			}
			var ids [3]int64
			for i, name := range []string{"Tiểu ban số 01", "Tiểu ban dự phòng 1", "Tiểu ban dự phòng 2"} {
				p := &ocop.Panel{RoundID: id, Name: name}
				if err := tx.CreatePanel(ctx, r, p); err != nil {
					return err
				}
				ids[i] = p.ID
			}
			w.panels[strconv.FormatInt(id, 10)] = ids
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (w *permWorld) login(t *testing.T, role ocop.Role) {
	t.Helper()
	token, _, err := w.svc.Login(context.Background(), w.users[role].Username, "mật khẩu thử nghiệm", "perm-test")
	if err != nil {
		t.Fatalf("login %s: %v", role, err)
	}
	w.sessions[role] = token
}

// permScopeOf places each role's user: commune roles in Chiềng Mai, the
// ministry nationally, everyone else in the province of Sơn La.
func permScopeOf(r ocop.Role) ocop.Scope {
	switch ocop.Role(r).ScopeLevels()[0] {
	case ocop.LevelCommune:
		return ocop.CommuneScope(permProvince, permCommune)
	case ocop.LevelCountry:
		return ocop.Country
	}
	return ocop.ProvinceScope(permProvince)
}

var paramRe = regexp.MustCompile(`\{[a-z]+\}`)

// pathFor fills a route pattern with a record inside (in=true) or outside
// the role's scope. ok is false when the route has no scoped parameter.
func (w *permWorld) pathFor(t *testing.T, rt web.RouteInfo, role ocop.Role, in bool) (path string, scoped bool) {
	path = strings.TrimSuffix(rt.Path, "{$}")
	if rt.Path == "/static/" {
		path = "/static/style.css"
	}
	round := ""
	for _, p := range paramRe.FindAllString(path, -1) {
		var v string
		switch p {
		case "{unit}": // public reference data, not scoped
			v = permProvince
		case "{decision}": // the public rulebook, not scoped
			v = "qd26-2026"
		case "{card}":
			v = "13"
		case "{date}": // the national calendar, not scoped
			v = "2026-02-16"
		case "{producer}":
			v, scoped = pick(in, w.producerIn, w.producerOut), true
			if in && strings.Contains(rt.Path, "xac-nhan") || in && strings.Contains(rt.Path, "tu-choi") ||
				in && strings.Contains(rt.Path, "confirm") || in && strings.Contains(rt.Path, "reject") {
				v = strconv.FormatInt(w.pendingIn, 10)
			}
		case "{product}":
			v, scoped = pick(in, w.productIn, w.productOut), true
		case "{user}":
			v, scoped = pick(in, w.userIn, w.userOut), true
		case "{kind}": // a council or an advisory team, within the round
			v = ocop.CouncilBoard
		case "{round}":
			v, scoped = pick(in, w.roundIn, w.roundOut), true
			switch {
			case rt.Perm == ocop.PermFiveStar: // a Ministry round's result, which each province reads for its own
				v, scoped = strconv.FormatInt(w.roundCentral, 10), false
			case role == ocop.RoleMinistry: // the Ministry runs its rounds, not the provinces'
				v = pick(in, w.roundMinistry, w.roundIn)
			}
		case "{panel}": // a sub-panel of the round the path names; deletions take a spare
			i := 0
			if strings.HasSuffix(rt.Path, "/tieu-ban/{panel}/xoa") {
				i = 1
			} else if strings.HasSuffix(rt.Path, "/panels/{panel}/delete") {
				i = 2
			}
			v = strconv.FormatInt(w.panels[round][i], 10)
		case "{dossier}":
			v, scoped = pick(in, w.dossierIn, w.dossierOut), true
		case "{evidence}":
			v, scoped = pick(in, w.evidenceIn, w.evidenceOut), true
			if in && strings.HasSuffix(rt.Path, "/xoa") {
				v = strconv.FormatInt(w.evidenceSpare[0], 10)
			} else if in && strings.HasSuffix(rt.Path, "/delete") {
				v = strconv.FormatInt(w.evidenceSpare[1], 10)
			}
		case "{photo}":
			v, scoped = pick(in, w.photoIn, w.photoOut), true
			if in && strings.HasSuffix(rt.Path, "/xoa") {
				v = strconv.FormatInt(w.photoSpare, 10) // deleting must not take the photo later routes read
			}
		case "{document}":
			v, scoped = pick(in, w.docIn, w.docOut), true
		case "{certificate}":
			v, scoped = pick(in, w.certIn, w.certOut), true
		case "{code}": // public: the verification code of a certificate
			v = w.codeIn
		case "{token}":
			v, scoped = pick(in, w.tokens[role], w.otherToken), true
		case "{sandbox}": // owned by the organiser's province; reset and delete need the version, so stay
			v, scoped = pick(in, w.sandboxIn, w.sandboxOut), true
		case "{session}", "{stop}", "{tourphoto}": // a course's sessions and study-tour stops
			v, scoped = w.courseSessions.param(p, rt, role, in), true
		case "{topic}", "{course}", "{enrolment}", "{material}", "{question}", "{testkind}", "{tcert}", "{tcode}", "{lecturer}":
			var sc bool
			v, sc = w.training.param(p, rt, role, in)
			scoped = scoped || sc
		default:
			t.Fatalf("route %s %s has parameter %s that the permission test does not know: add it to pathFor", rt.Method, rt.Path, p)
		}
		if p == "{round}" {
			round = v
		}
		path = strings.Replace(path, p, v, 1)
	}
	return path, scoped
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func pick(in bool, a, b int64) string {
	if in {
		return strconv.FormatInt(a, 10)
	}
	return strconv.FormatInt(b, 10)
}

// do sends a request as a role ("" for anonymous) with the session cookie.
func (w *permWorld) do(t *testing.T, method, path string, role ocop.Role) *http.Response {
	t.Helper()
	body := io.Reader(nil)
	req, err := http.NewRequest(method, w.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == "POST" {
		if strings.HasPrefix(path, "/api/") {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if role != "" {
		req.AddCookie(&http.Cookie{Name: "ocop_session", Value: w.sessions[role]})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestPermissionMatrix walks the route table: every route × anonymous and
// every role × a record inside and outside the user's unit.
func TestPermissionMatrix(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		w.makePanels(t)
		checked := 0
		// Deletions last, so the records they remove are still there for
		// the routes that read them.
		slices.SortStableFunc(w.routes, func(a, b web.RouteInfo) int {
			return cmp.Compare(b2i(permDeletes(a.Path)), b2i(permDeletes(b.Path)))
		})
		for _, rt := range w.routes {
			if rt.Method == "" && rt.Path == "/" {
				// The catch-all answers 404 to everyone, signed in or not.
				for _, role := range append([]ocop.Role{""}, ocop.Roles...) {
					if resp := w.do(t, "GET", "/khong-co-trang-nay", role); resp.StatusCode != http.StatusNotFound {
						t.Errorf("unknown path as %q: got %d, want 404", role, resp.StatusCode)
					}
				}
				continue
			}
			api := strings.HasPrefix(rt.Path, "/api/")
			name := rt.Method + " " + rt.Path
			// Anonymous visitors.
			path, _ := w.pathFor(t, rt, "", true)
			resp := w.do(t, rt.Method, path, "")
			switch {
			case rt.Perm == ocop.PermPublic:
				permAllowed(t, name+" anonymous", resp)
			case api && resp.StatusCode != http.StatusUnauthorized:
				t.Errorf("%s anonymous: got %d, want 401", name, resp.StatusCode)
			case !api && (resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap")):
				t.Errorf("%s anonymous: got %d to %q, want 303 to /dang-nhap", name, resp.StatusCode, resp.Header.Get("Location"))
			}
			for _, role := range ocop.Roles {
				u := w.users[role]
				for _, in := range []bool{true, false} {
					path, scoped := w.pathFor(t, rt, role, in)
					if !in && !scoped {
						continue
					}
					label := name + " as " + string(role) + map[bool]string{true: " inside", false: " outside"}[in]
					resp := w.do(t, rt.Method, path, role)
					checked++
					if rt.Path == "/dang-xuat" {
						w.login(t, role) // the request ended the session
					}
					outside := (!in && !permSeesEverywhere(u, rt)) || permRunsSession(u, rt) || permReadsPapers(u, rt)
					switch {
					case !u.Can(rt.Perm):
						if resp.StatusCode != http.StatusForbidden {
							t.Errorf("%s: got %d, want 403", label, resp.StatusCode)
						}
					case outside:
						if resp.StatusCode != http.StatusNotFound {
							t.Errorf("%s: got %d, want 404 (nothing may leak from another unit)", label, resp.StatusCode)
						}
					default:
						permAllowed(t, label, resp)
					}
				}
			}
		}
		t.Logf("%d routes, %d role×scope requests checked", len(w.routes), checked)
	})
}

// permSeesEverywhere: a national account sees records of every province,
// but runs only its own rounds.
func permSeesEverywhere(u *ocop.User, rt web.RouteInfo) bool {
	return u.Scope.Level == ocop.LevelCountry && !strings.Contains(rt.Path, "{token}") &&
		!(strings.Contains(rt.Path, "{round}") && rt.Perm == ocop.PermRoundManage)
}

// permReadsPapers: the advisory routes that print a round's outputs serve
// the Ministry's advisory members reading a proposed dossier's provincial
// papers; a province's advisory member finds nothing there, inside or out.
func permReadsPapers(u *ocop.User, rt web.RouteInfo) bool {
	return rt.Perm == ocop.PermAdvisoryReview && u.Scope.Level != ocop.LevelCountry && rt.Method == "GET" &&
		(strings.HasSuffix(rt.Path, "/tong-hop.pdf") || strings.HasSuffix(rt.Path, "/tong-hop.xlsx") ||
			strings.HasSuffix(rt.Path, "/bien-ban.pdf") || strings.Contains(rt.Path, "/phieu/{user}"))
}

// permAllowed accepts any outcome of an allowed request except refusals
// and server errors: validation (422) or conflicts (409) are fine, since
// the matrix sends empty bodies.
func permAllowed(t *testing.T, label string, resp *http.Response) {
	t.Helper()
	switch {
	case resp.StatusCode >= 500:
		t.Errorf("%s: server error %d", label, resp.StatusCode)
	case resp.StatusCode == 401 || resp.StatusCode == 403 || resp.StatusCode == 404:
		t.Errorf("%s: refused with %d, want access", label, resp.StatusCode)
	case resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap") && !strings.Contains(label, "/dang-"):
		t.Errorf("%s: sent to login although signed in", label)
	}
}

// Lists must not show other units' records either.
func TestListsStayInScope(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		for _, path := range []string{"/chu-the", "/san-pham", "/api/v1/producers", "/api/v1/products"} {
			for _, role := range []ocop.Role{ocop.RoleCommune, ocop.RoleProvince, ocop.RoleProducer} {
				body := w.get(t, path, role)
				if strings.Contains(body, "ngoài phạm vi") || strings.Contains(body, "Sản phẩm "+strconv.FormatInt(w.producerOut, 10)) {
					t.Errorf("%s as %s shows a record of Hà Nội", path, role)
				}
				if role != ocop.RoleProducer && !strings.Contains(body, "trong phạm vi") && !strings.Contains(body, "Sản phẩm "+strconv.FormatInt(w.producerIn, 10)) {
					t.Errorf("%s as %s does not show the record of its own unit", path, role)
				}
			}
		}
		if body := w.get(t, "/chu-the", ocop.RoleProducer); strings.Contains(body, "chờ xác nhận") {
			t.Error("a producer sees another producer of its commune")
		}
		if body := w.get(t, "/api/v1/users", ocop.RoleAdmin); strings.Contains(body, "canbo.hanoi") || !strings.Contains(body, "canbo.khac") {
			t.Errorf("provincial admin's user list is not limited to Sơn La: %s", body)
		}
	})
}

func (w *permWorld) get(t *testing.T, path string, role ocop.Role) string {
	t.Helper()
	req, _ := http.NewRequest("GET", w.srv.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: "ocop_session", Value: w.sessions[role]})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s as %s: %d", path, role, resp.StatusCode)
	}
	return string(b)
}

// permPDF is the smallest file the upload check accepts as a PDF.
var permPDF = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// documents gives producerIn a document uploaded by its own account and
// producerOut one stored directly (Hà Nội has no producer account here).
func (w *permWorld) documents(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	kept, err := files.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.svc.Files = kept
	d, err := w.svc.UploadDocument(ctx, w.users[ocop.RoleProducer], w.producerIn,
		service.DocumentInput{Kind: "attp", Title: "Giấy chứng nhận ATTP", FileName: "attp.pdf"}, bytes.NewReader(permPDF))
	if err != nil {
		t.Fatal(err)
	}
	w.docIn = d.ID
	saved, err := kept.Save(bytes.NewReader(permPDF), "hn.pdf")
	if err != nil {
		t.Fatal(err)
	}
	out := &ocop.Document{ProducerID: w.producerOut, CommuneCode: permOtherCommune, ProvinceCode: permOtherProvince, Kind: "attp",
		Title: "ATTP Hà Nội", FileName: "hn.pdf", FileKey: saved.Key, ContentType: saved.ContentType, Size: saved.Size, SHA256: saved.SHA256}
	if err := w.svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.CreateDocument(ctx, out) }); err != nil {
		t.Fatal(err)
	}
	w.docOut = out.ID
	var ev []int64
	w.dossierIn, ev = permDossier(t, w.svc, kept, w.productIn, ocop.CommuneScope(permProvince, permCommune), w.producerIn, 3)
	w.evidenceIn, w.evidenceSpare = ev[0], [2]int64{ev[1], ev[2]}
	w.dossierOut, ev = permDossier(t, w.svc, kept, w.productOut, ocop.CommuneScope(permOtherProvince, permOtherCommune), w.producerOut, 1)
	w.evidenceOut = ev[0]
	w.photoIn, w.photoSpare = permPhoto(t, w.svc, kept, w.productIn, true), permPhoto(t, w.svc, kept, w.productIn, false)
	w.photoOut = permPhoto(t, w.svc, kept, w.productOut, true)
	w.certIn, w.codeIn = permCertificate(t, w.svc, w.productIn, w.producerIn, permProvince, permCommune)
	w.certOut, _ = permCertificate(t, w.svc, w.productOut, w.producerOut, permOtherProvince, permOtherCommune)
}

// permJPEG is the smallest file the photo check accepts as a JPEG.
var permJPEG = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")

// permPhoto stores a photo of a product directly (Hà Nội has no producer account).
func permPhoto(t *testing.T, svc *service.Service, kept *files.Store, product int64, main bool) int64 {
	t.Helper()
	ctx := context.Background()
	saved, err := kept.SaveImage(bytes.NewReader(permJPEG), "anh.jpg")
	if err != nil {
		t.Fatal(err)
	}
	prod := &ocop.Product{ID: product}
	ph := &ocop.Photo{ProductID: product, FileName: "anh.jpg", FileKey: saved.Key, ContentType: saved.ContentType,
		Size: saved.Size, SHA256: saved.SHA256, Caption: "Ảnh sản phẩm", Main: main}
	if err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddPhoto(ctx, prod, ph) }); err != nil {
		t.Fatal(err)
	}
	return ph.ID
}

// permDossier opens a draft dossier with one evidence file for a product,
// written straight to the store (the Hà Nội producer has no account).
// permDossier makes a dossier the commune returned, so that officers see
// it and its producer may still change it, with n evidence files for
// criterion 1.1.
func permDossier(t *testing.T, svc *service.Service, kept *files.Store, product int64, sc ocop.Scope, producer int64, n int) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	d := &ocop.Dossier{ProductID: product, ProducerID: producer, CommuneCode: sc.Commune, ProvinceCode: sc.Province,
		Kind: ocop.DossierFirst, Decision: service.CurrentDecision, Card: 13, Status: ocop.DossierDraft, Sheet: "{}"}
	var ids []int64
	err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.CreateDossier(ctx, d); err != nil {
			return err
		}
		next := *d
		next.Status, next.SubmittedAt, next.ReturnReason = ocop.DossierReturned, tx.Now(), "Bổ sung minh chứng"
		if err := tx.UpdateDossier(ctx, d, &next, "dossier.return"); err != nil {
			return err
		}
		*d = next
		for range n {
			saved, err := kept.Save(bytes.NewReader(permPDF), "mc.pdf")
			if err != nil {
				return err
			}
			e := &ocop.Evidence{DossierID: d.ID, Criterion: "1.1", FileName: "mc.pdf", FileKey: saved.Key,
				ContentType: saved.ContentType, Size: saved.Size, SHA256: saved.SHA256}
			if err := tx.AddEvidence(ctx, d, e); err != nil {
				return err
			}
			ids = append(ids, e.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d.ID, ids
}

// permCertificate records a valid 3★ certificate of a product directly,
// with its verification code.
func permCertificate(t *testing.T, svc *service.Service, product, producer int64, province, commune string) (int64, string) {
	t.Helper()
	ctx := context.Background()
	c := &ocop.Certificate{Number: "01/GCN", ProductID: product, ProducerID: producer, ProvinceCode: province,
		CommuneCode: commune, Stars: 3, Level: ocop.LevelProvinceCert, DecisionNo: "1/QĐ", DecisionDate: "2025-01-02",
		IssuedOn: "2025-01-02", ExpiresOn: "2028-01-02", Status: ocop.CertValid, Source: ocop.CertRecorded}
	if err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.CreateCertificate(ctx, c) }); err != nil {
		t.Fatal(err)
	}
	if err := svc.EnsureCertificateCodes(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := svc.DB.Certificate(ctx, c.ID)
	if err != nil || got.Code == "" {
		t.Fatalf("certificate code: %v %v", got, err)
	}
	return c.ID, got.Code
}
