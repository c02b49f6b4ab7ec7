package web_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

// loadOpenAPI serves GET /api/openapi.json and decodes it.
func loadOpenAPI(t *testing.T, srv http.Handler) map[string]any {
	t.Helper()
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/api/openapi.json", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: status %d", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET /api/openapi.json: Content-Type %q, want application/json", ct)
	}
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not a JSON object: %v", err)
	}
	return doc
}

// httpMethods are the operation keys of an OpenAPI path item.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

var pathParamRe = regexp.MustCompile(`\{([^}]*)\}`)

// openAPIPath turns a ServeMux pattern into an OpenAPI path: {name} is the
// same, {name...} loses its dots and {$} (end anchor) disappears.
func openAPIPath(pattern string) string {
	pattern = strings.ReplaceAll(pattern, "{$}", "")
	return pathParamRe.ReplaceAllStringFunc(pattern, func(m string) string { return strings.Replace(m, "...", "", 1) })
}

func pathParams(path string) []string {
	var out []string
	for _, m := range pathParamRe.FindAllStringSubmatch(path, -1) {
		out = append(out, m[1])
	}
	return out
}

// resolveRef follows a local JSON pointer ("#/components/…").
func resolveRef(doc map[string]any, ref string) (any, error) {
	if !strings.HasPrefix(ref, "#/") {
		return nil, fmt.Errorf("$ref %q is not a local reference", ref)
	}
	var cur any = doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q: %q is not inside an object", ref, tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %q: no %q", ref, tok)
		}
	}
	return cur, nil
}

// deref follows $ref until it reaches an object without one.
func deref(t *testing.T, doc map[string]any, v any) map[string]any {
	t.Helper()
	for range 20 {
		m, _ := v.(map[string]any)
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var err error
		if v, err = resolveRef(doc, ref); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("$ref chain too long at %v", v)
	return nil
}

// checkRefs reports every $ref in the document that does not resolve.
func checkRefs(t *testing.T, doc map[string]any, v any, at string) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			n++
			if _, err := resolveRef(doc, ref); err != nil {
				t.Errorf("%s: %v", at, err)
			}
		}
		for k, c := range x {
			n += checkRefs(t, doc, c, at+"/"+k)
		}
	case []any:
		for i, c := range x {
			n += checkRefs(t, doc, c, fmt.Sprintf("%s/%d", at, i))
		}
	}
	return n
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	db := testutil.NewSQLite(t)
	srv, err := web.New(service.New(db, slog.New(slog.DiscardHandler)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := loadOpenAPI(t, srv)
	if doc["openapi"] != "3.1.0" {
		t.Errorf(`"openapi" is %v, want "3.1.0"`, doc["openapi"])
	}
	if info, _ := doc["info"].(map[string]any); info == nil || info["title"] != "OCOP API" || info["version"] != "1" {
		t.Errorf("info = %v, want title \"OCOP API\" and version \"1\"", doc["info"])
	}
	if n := checkRefs(t, doc, doc, "#"); n < 20 {
		t.Errorf("only %d $refs found; the walker is not reaching the document", n)
	}
	schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	if len(schemes) == 0 {
		t.Fatal("components.securitySchemes is empty")
	}
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("the document has no paths")
	}

	// Route table → document.
	routes := map[string]web.RouteInfo{} // "GET /api/v1/…" in OpenAPI form
	for _, rt := range srv.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/") {
			continue
		}
		p := openAPIPath(rt.Path)
		key := rt.Method + " " + p
		routes[key] = rt
		item, _ := paths[p].(map[string]any)
		if item == nil {
			t.Errorf("route %s %s: path %s is not in openapi.json", rt.Method, rt.Path, p)
			continue
		}
		if _, ok := item[strings.ToLower(rt.Method)]; !ok {
			t.Errorf("route %s %s: openapi.json has path %s but no %q operation", rt.Method, rt.Path, p, strings.ToLower(rt.Method))
		}
	}
	if len(routes) < 18 {
		t.Fatalf("only %d API routes in the route table; Routes() looks wrong", len(routes))
	}

	// Document → route table, operation by operation.
	opIDs := map[string]string{}
	ops := 0
	for p, rawItem := range paths {
		item := deref(t, doc, rawItem)
		for _, method := range httpMethods {
			rawOp, ok := item[method]
			if !ok {
				continue
			}
			ops++
			name := strings.ToUpper(method) + " " + p
			op, _ := rawOp.(map[string]any)
			rt, ok := routes[name]
			if !ok {
				t.Errorf("operation %s is documented but is not in the route table", name)
				continue
			}
			if got := op["x-permission"]; got != string(rt.Perm) {
				t.Errorf("route %s %s: x-permission %v, want %q", rt.Method, rt.Path, got, rt.Perm)
			}
			sec, hasSec := op["security"].([]any)
			switch {
			case !hasSec:
				t.Errorf("route %s %s: operation has no security array", rt.Method, rt.Path)
			case rt.Perm == "public" && len(sec) != 0:
				t.Errorf("route %s %s is public but its security is %v, want []", rt.Method, rt.Path, sec)
			case rt.Perm != "public" && len(sec) == 0:
				t.Errorf("route %s %s needs %q but its security is empty", rt.Method, rt.Path, rt.Perm)
			}
			for _, req := range sec {
				for scheme := range req.(map[string]any) {
					if _, ok := schemes[scheme]; !ok {
						t.Errorf("route %s %s: security names unknown scheme %q", rt.Method, rt.Path, scheme)
					}
				}
			}
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("route %s %s: no operationId", rt.Method, rt.Path)
			} else if prev, dup := opIDs[id]; dup {
				t.Errorf("route %s %s: operationId %q already used by %s", rt.Method, rt.Path, id, prev)
			}
			opIDs[id] = name
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("route %s %s: no summary", rt.Method, rt.Path)
			}

			// Path parameters: every {name} declared (on the path item or the
			// operation), required, and nothing declared that is not in the path.
			declared := map[string]bool{}
			for _, list := range []any{item["parameters"], op["parameters"]} {
				params, _ := list.([]any)
				for _, raw := range params {
					prm := deref(t, doc, raw)
					if prm["in"] != "path" {
						continue
					}
					pname, _ := prm["name"].(string)
					declared[pname] = true
					if prm["required"] != true {
						t.Errorf("route %s %s: path parameter %q is not required", rt.Method, rt.Path, pname)
					}
					if !slices.Contains(pathParams(p), pname) {
						t.Errorf("route %s %s: declares path parameter %q that the path lacks", rt.Method, rt.Path, pname)
					}
				}
			}
			for _, pname := range pathParams(p) {
				if !declared[pname] {
					t.Errorf("route %s %s: path parameter {%s} is not declared", rt.Method, rt.Path, pname)
				}
			}

			// Responses: a documented success answer, and the error answers
			// that the middleware gives every non-public route.
			responses, _ := op["responses"].(map[string]any)
			if successSchema(doc, responses) == nil && !binarySuccess(responses) {
				t.Errorf("route %s %s: no 200/201 response with a schema", rt.Method, rt.Path)
			}
			if rt.Perm != "public" {
				if _, ok := responses["401"]; !ok {
					t.Errorf("route %s %s: needs %q but documents no 401", rt.Method, rt.Path, rt.Perm)
				}
			}
			if rt.Perm != "public" && rt.Perm != "signed_in" {
				if _, ok := responses["403"]; !ok {
					t.Errorf("route %s %s: needs %q but documents no 403", rt.Method, rt.Path, rt.Perm)
				}
			}
			if len(pathParams(p)) > 0 {
				if _, ok := responses["404"]; !ok {
					t.Errorf("route %s %s: has path parameters but documents no 404", rt.Method, rt.Path)
				}
			}
		}
	}
	if ops != len(routes) {
		t.Errorf("openapi.json has %d operations, the route table %d API routes", ops, len(routes))
	}
}

// successSchema returns the schema of the 200 (or 201) answer: JSON, or
// binary for a file download.
func successSchema(doc map[string]any, responses map[string]any) any {
	for _, code := range []string{"200", "201"} {
		r, ok := responses[code].(map[string]any)
		if !ok {
			continue
		}
		if ref, ok := r["$ref"].(string); ok {
			x, err := resolveRef(doc, ref)
			if err != nil {
				return nil
			}
			r, _ = x.(map[string]any)
		}
		content, _ := r["content"].(map[string]any)
		// File downloads are the one kind of answer that is not JSON.
		for _, mt := range []string{"application/json", "application/octet-stream"} {
			media, _ := content[mt].(map[string]any)
			if s, ok := media["schema"]; ok {
				return s
			}
		}
	}
	return nil
}

// binarySuccess reports a 200 answer that is a file (an image), described
// as a binary string under a non-JSON media type.
func binarySuccess(responses map[string]any) bool {
	r, _ := responses["200"].(map[string]any)
	content, _ := r["content"].(map[string]any)
	for media, v := range content {
		schema, _ := v.(map[string]any)["schema"].(map[string]any)
		if media != "application/json" && schema["format"] == "binary" {
			return true
		}
	}
	return false
}

// checkShape walks a value against a schema: types, enums, patterns,
// date-times, required properties, and properties the schema does not
// list. It handles objects, arrays and $ref, which is all the document
// uses. Problems go to report.
func checkShape(report func(format string, args ...any), doc map[string]any, schema, v any, at string) {
	for range 20 {
		m, _ := schema.(map[string]any)
		ref, ok := m["$ref"].(string)
		if !ok {
			break
		}
		var err error
		if schema, err = resolveRef(doc, ref); err != nil {
			report("%s: %v", at, err)
			return
		}
	}
	s, _ := schema.(map[string]any)
	if s == nil {
		report("%s: no schema", at)
		return
	}
	if types := schemaTypes(s["type"]); len(types) > 0 && !slices.Contains(types, jsonType(v)) &&
		!(jsonType(v) == "integer" && slices.Contains(types, "number")) {
		report("%s: %s value %v, schema says %v", at, jsonType(v), v, types)
		return
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		report("%s: %v is not one of %v", at, v, enum)
	}
	if str, ok := v.(string); ok {
		if pat, ok := s["pattern"].(string); ok && !regexp.MustCompile(pat).MatchString(str) {
			report("%s: %q does not match %s", at, str, pat)
		}
		if s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				report("%s: %q is not a date-time", at, str)
			}
		}
	}
	switch x := v.(type) {
	case map[string]any:
		required, _ := s["required"].([]any)
		for _, r := range required {
			if _, ok := x[r.(string)]; !ok {
				report("%s: required property %q missing", at, r)
			}
		}
		props, _ := s["properties"].(map[string]any)
		for k, val := range x {
			if ps, ok := props[k]; ok {
				checkShape(report, doc, ps, val, at+"."+k)
			} else if extra, ok := s["additionalProperties"].(map[string]any); ok {
				checkShape(report, doc, extra, val, at+"."+k)
			} else if props != nil {
				report("%s: property %q is not documented", at, k)
			}
		}
	case []any:
		if items, ok := s["items"]; ok {
			for i, it := range x {
				checkShape(report, doc, items, it, fmt.Sprintf("%s[%d]", at, i))
			}
		}
	}
}

func schemaTypes(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, s := range x {
			out = append(out, fmt.Sprint(s))
		}
		return out
	}
	return nil
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if x == float64(int64(x)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// TestOpenAPIResponseShapes calls endpoints as suitable demo users and
// checks the answers against the documented 200/201 schemas.
func TestOpenAPIResponseShapes(t *testing.T) {
	testutil.ForEachDB(t, testResponseShapes)
}

func testResponseShapes(t *testing.T, db *store.DB) {
	e := newAPIEnv(t, db)
	doc := loadOpenAPI(t, e.srv)
	paths := doc["paths"].(map[string]any)
	cases := []struct {
		who, method, template, path, body string
		status                            int
		listKey                           string // an array that must not be empty, so items get checked
	}{
		{"quantri.sonla", "GET", "/api/v1/me", "/api/v1/me", "", 200, ""},
		{"chuthe.caphe", "GET", "/api/v1/me", "/api/v1/me", "", 200, ""},
		{"", "GET", "/api/v1/units", "/api/v1/units", "", 200, "items"},
		{"", "GET", "/api/v1/units/{unit}", "/api/v1/units/14", "", 200, "communes"},
		{"", "GET", "/api/v1/units/{unit}", "/api/v1/units/04132", "", 200, "old_communes"},
		{"vanphong.bo", "GET", "/api/v1/producers", "/api/v1/producers", "", 200, "items"},
		{"vanphong.bo", "GET", "/api/v1/producers/{producer}", "/api/v1/producers/{{hanoi}}", "", 200, ""},
		{"vanphong.bo", "GET", "/api/v1/products", "/api/v1/products", "", 200, "items"},
		{"vanphong.bo", "GET", "/api/v1/products/{product}", "/api/v1/products/{{product.caphe}}", "", 200, ""},
		{"canbo.chiengmai", "POST", "/api/v1/producers/{producer}/confirm", "/api/v1/producers/{{pending}}/confirm", `{"version":{{pending.version}}}`, 200, ""},
		{"quantri.sonla", "GET", "/api/v1/users", "/api/v1/users", "", 200, "items"},
		{"quantri.sonla", "GET", "/api/v1/users/{user}", "/api/v1/users/{{user.chuthe.caphe}}", "", 200, ""},
		{"quantri.sonla", "POST", "/api/v1/users", "/api/v1/users",
			`{"username":"truong.hoidong","full_name":"Cầm Văn Hội","role":"council_member","level":"province","province":"14"}`, 201, ""},
		{"quantri.sonla", "POST", "/api/v1/users/{user}/reset-password", "/api/v1/users/{{user.totuvan.sonla}}/reset-password", "", 200, ""},
		{"quantri.sonla", "POST", "/api/v1/users/{user}/disable", "/api/v1/users/{{user.totuvan.sonla}}/disable", "", 200, ""},
		{"quantri.sonla", "GET", "/api/v1/audit", "/api/v1/audit", "", 200, "items"},
		{"quantri.sonla", "GET", "/api/v1/audit/verify", "/api/v1/audit/verify", "", 200, ""},
		{"vanphong.bo", "GET", "/api/v1/calendar", "/api/v1/calendar?year=2027", "", 200, "days"},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path+" as "+c.who, func(t *testing.T) {
			item, _ := paths[c.template].(map[string]any)
			op, _ := item[strings.ToLower(c.method)].(map[string]any)
			if op == nil {
				t.Fatalf("route %s %s is not documented", c.method, c.template)
			}
			responses, _ := op["responses"].(map[string]any)
			schema := successSchema(doc, responses)
			if schema == nil {
				t.Fatalf("route %s %s documents no success schema", c.method, c.template)
			}
			if _, ok := responses[fmt.Sprint(c.status)]; !ok {
				t.Errorf("route %s %s answers %d, which is not documented", c.method, c.template, c.status)
			}
			w := e.do(t, c.who, c.method, e.expand(t, c.path), e.expand(t, c.body), nil)
			if w.Code != c.status {
				t.Fatalf("route %s %s: status %d, want %d: %.300s", c.method, c.template, w.Code, c.status, w.Body)
			}
			var v any
			if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
			if c.listKey != "" {
				if list, _ := v.(map[string]any)[c.listKey].([]any); len(list) == 0 {
					t.Fatalf("route %s %s: %q is empty, so its items would go unchecked", c.method, c.template, c.listKey)
				}
			}
			checkShape(t.Errorf, doc, schema, v, c.method+" "+c.template)
		})
	}

	// The walker itself must catch a missing required property, an
	// undocumented one and a wrong type, or the checks above prove nothing.
	t.Run("walker catches drift", func(t *testing.T) {
		var got []string
		report := func(format string, args ...any) { got = append(got, fmt.Sprintf(format, args...)) }
		bad := map[string]any{"id": "1", "username": "x", "surprise": true, "scope": map[string]any{"level": "planet"}}
		checkShape(report, doc, map[string]any{"$ref": "#/components/schemas/User"}, bad, "User")
		for _, want := range []string{`required property "full_name" missing`, `property "surprise" is not documented`,
			`User.id: string value`, `User.scope.level: planet is not one of`} {
			if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, want) }) {
				t.Errorf("walker did not report %q; it reported %q", want, got)
			}
		}
	})
}
