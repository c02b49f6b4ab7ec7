package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The training API from course to waitlist promotion, each answer checked
// against its documented schema.
func TestTrainingAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		_, body := w.send(t, "", "GET", "/api/openapi.json", "")
		var doc map[string]any
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		paths := doc["paths"].(map[string]any)
		call := func(role ocop.Role, method, template, path, body string, want int) map[string]any {
			t.Helper()
			st, out := w.send(t, w.sessions[role], method, path, body)
			if st != want {
				t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, role, st, want, out)
			}
			var v any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("%s %s: not JSON: %v", method, path, err)
			}
			op := paths[template].(map[string]any)[strings.ToLower(method)].(map[string]any)
			schema := successSchema(doc, op["responses"].(map[string]any))
			checkShape(func(f string, a ...any) { t.Errorf(f, a...) }, doc, schema, v, method+" "+path)
			m, _ := v.(map[string]any)
			return m
		}
		office, producer, commune := ocop.RoleProvince, ocop.RoleProducer, ocop.RoleCommune
		c := call(office, "POST", "/api/v1/training/courses", "/api/v1/training/courses", `{"title":"Chuyển đổi số trong OCOP",
			"organiser":"Văn phòng Điều phối NTM tỉnh Sơn La","course_type":"online","start_date":"2026-10-01",
			"end_date":"2026-10-01","capacity":1,"audiences":["producer","commune_official"],"status":"open"}`, 201)
		id := fmt.Sprint(c["id"])
		base := "/api/v1/training/courses/" + id
		call(office, "POST", "/api/v1/training/courses/{course}/sessions", base+"/sessions",
			`{"session_date":"01/10/2026","start_time":"08:00","end_time":"11:00","topic_code":"digital"}`, 201)
		e := call(producer, "POST", "/api/v1/training/courses/{course}/register", base+"/register", "", 201)
		if e["status"] != "enrolled" || e["audience"] != "producer" {
			t.Errorf("producer's registration: %v", e)
		}
		e = call(commune, "POST", "/api/v1/training/courses/{course}/register", base+"/register", "", 201)
		if e["status"] != "waitlisted" || e["waitlist_pos"] != 1.0 {
			t.Errorf("officer's registration: %v", e)
		}
		call(producer, "POST", "/api/v1/training/courses/{course}/cancel", base+"/cancel", "", 200)
		v := call(commune, "GET", "/api/v1/training/courses/{course}", base, "", 200)
		if mine, _ := v["my_enrolment"].(map[string]any); mine["status"] != "enrolled" {
			t.Errorf("officer not promoted: %v", v["my_enrolment"])
		}
		res := call(office, "POST", "/api/v1/training/courses/{course}/enrolments", base+"/enrolments",
			`{"trainees":[{"full_name":"Lò Văn Minh","unit_name":"UBND xã Chiềng Cơi","audience":"Cán bộ cấp xã"},
			{"full_name":"","unit_name":"HTX","audience":"vip"}]}`, 200)
		rs := res["results"].([]any)
		if len(rs) != 2 || rs[0].(map[string]any)["enrolment"] == nil || len(rs[1].(map[string]any)["errors"].([]any)) != 2 {
			t.Errorf("list results: %v", rs)
		}
		v = call(office, "GET", "/api/v1/training/courses/{course}", base, "", 200)
		if cc := v["course"].(map[string]any); cc["enrolled"] != 1.0 || cc["waitlisted"] != 1.0 {
			t.Errorf("counts: %v", cc)
		}
		call(office, "GET", "/api/v1/training/courses", "/api/v1/training/courses", "", 200)
		call(office, "POST", "/api/v1/training/plan", "/api/v1/training/plan", `{"year":2026,"target_courses":4,
			"targets":{"producer":40,"commune_official":20}}`, 200)
		p := call(office, "GET", "/api/v1/training/plan", "/api/v1/training/plan?year=2026", "", 200)
		if pr := p["progress"].(map[string]any); pr["courses_planned"] != 2.0 {
			t.Errorf("progress: %v", pr)
		}
		call(office, "POST", "/api/v1/training/lecturers", "/api/v1/training/lecturers",
			`{"full_name":"Nguyễn Văn A","title":"TS.","organisation":"Trường Đại học Nông Lâm Thái Nguyên"}`, 201)
		call(office, "GET", "/api/v1/training/lecturers", "/api/v1/training/lecturers", "", 200)
		call(producer, "GET", "/api/v1/training/topics", "/api/v1/training/topics", "", 200)
		tv := call(office, "GET", "/api/v1/training/topics/{topic}", "/api/v1/training/topics/digital", "", 200)
		if tv["questions"] == nil {
			t.Error("a manager does not see the question bank")
		}
		if tv := call(producer, "GET", "/api/v1/training/topics/{topic}", "/api/v1/training/topics/digital", "", 200); tv["questions"] != nil {
			t.Error("a trainee sees the question bank with its answers")
		}
		if st, _ := w.send(t, w.sessions[office], "POST", base, `{"title":"x","version":99}`); st != http.StatusUnprocessableEntity {
			t.Errorf("invalid update: %d", st)
		}
	})
}
