package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// trainWalk is the training walkthrough's state: the permission world, the
// organiser, another province's manager and the producer who try the
// organiser's requests, and the clock the test moves.
type trainWalk struct {
	*permWorld
	ctx                     context.Context
	office, hanoi, producer string
	now                     time.Time
	courseID                int64
	base                    string // the course's API path
	planBefore              map[string]any
	courseBody              string // what created the course
}

// at moves the server's clock.
func (k *trainWalk) at(t time.Time) {
	k.now = t
	k.svc.DB.Now = func() time.Time { return k.now }
}

// obj sends a request that must answer want and decodes its JSON object.
func (k *trainWalk) obj(t *testing.T, who, method, path, body string, want int) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(k.expect(t, who, method, path, body, want)), &m); err != nil {
		t.Fatalf("%s %s: not a JSON object: %v", method, path, err)
	}
	return m
}

// lastAudit is the newest audit row.
func (k *trainWalk) lastAudit(t *testing.T) store.AuditEntry {
	t.Helper()
	rows, err := k.svc.DB.AuditEntries(k.ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("audit: %v %v", rows, err)
	}
	return rows[0]
}

// audited checks that the newest audit row is action on the course.
func (k *trainWalk) audited(t *testing.T, action string) {
	t.Helper()
	if a := k.lastAudit(t); a.Action != action || (a.Entity == "course" && a.EntityID != fmt.Sprint(k.courseID)) {
		t.Errorf("audit row: %s %s %s, want %s on course %d", a.Action, a.Entity, a.EntityID, action, k.courseID)
	}
}

// refused has Hà Nội's manager send the organiser's request (not found)
// and the producer (forbidden, a trainee's role; not found for a session's
// screens, which any lecturer's role may reach and the service refuses),
// and checks that neither left an audit row, so nothing changed.
func (k *trainWalk) refused(t *testing.T, method, path, body string) {
	t.Helper()
	seq := k.lastAudit(t).Seq
	k.expect(t, k.hanoi, method, path, body, http.StatusNotFound)
	producer := http.StatusForbidden
	if strings.HasPrefix(path, "/api/v1/training/sessions/") {
		producer = http.StatusNotFound
	}
	k.expect(t, k.producer, method, path, body, producer)
	if a := k.lastAudit(t); a.Seq != seq {
		t.Errorf("a refused %s %s changed something: %s", method, path, a.Action)
	}
}

// Issue 6's walkthrough through the JSON API: a year's plan, a lecturer,
// a course of two seats and two sessions, three registrations (the third
// waitlisted, then promoted and notified when the organiser cancels one),
// QR attendance (replay and expiry refused, marks by hand), pre- and
// post-tests from the question bank, feedback on the last day,
// certificates only to whoever meets the rule, the public page valid and
// then revoked, and the plan's progress counting the course.
func TestTrainingWalkthroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		w.svc.BaseURL = w.srv.URL
		_, hanoi := w.extraUser(t, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		k := &trainWalk{permWorld: w, ctx: context.Background(), office: w.sessions[ocop.RoleProvince], hanoi: hanoi,
			producer: w.sessions[ocop.RoleProducer]}
		// Sign-ins happen at the real time, after every moment the clock
		// is set to below, so that none of them runs out.
		third, thirdSession := w.extraUser(t, "hocvien.thu3", ocop.RoleCommune, ocop.CommuneScope(permProvince, permCommune))
		k.at(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
		sessions := k.setUp(t)
		trainees := k.enrol(t, trainee{user: third, session: thirdSession})
		k.attend(t, sessions, trainees)
		k.tests(t, trainees)
		k.certify(t, trainees)
		k.progress(t)
	})
}

// setUp sets the year's plan, adds a lecturer, opens a course of two
// seats and adds its two sessions; it returns the sessions' ids.
func (k *trainWalk) setUp(t *testing.T) [2]int64 {
	t.Helper()
	k.planBefore = k.obj(t, k.office, "GET", "/api/v1/training/plan?year=2026", "", 200)["progress"].(map[string]any)
	plan := `{"province_code":"14","year":2026,"target_courses":6,"targets":{"producer":60,"commune_official":30}}`
	k.refused(t, "POST", "/api/v1/training/plan", plan)
	p := k.obj(t, k.office, "POST", "/api/v1/training/plan", plan, 200)
	if p["target_courses"] != 6.0 {
		t.Errorf("plan: %v", p)
	}
	if a := k.lastAudit(t); a.Action != "training.plan_create" || a.UnitCode != permProvince {
		t.Errorf("plan audit: %+v", a)
	}

	lecturer := `{"full_name":"Nguyễn Thị Lan","title":"ThS.","organisation":"Trường Cao đẳng Sơn La"}`
	k.expect(t, k.producer, "POST", "/api/v1/training/lecturers", lecturer, http.StatusForbidden)
	l := k.obj(t, k.office, "POST", "/api/v1/training/lecturers", lecturer, 201)
	k.audited(t, "training.lecturer_add")

	course := `{"title":"Kỹ năng bán hàng sản phẩm OCOP","organiser":"Văn phòng Điều phối NTM tỉnh Sơn La",
		"course_type":"classroom","start_date":"2026-10-05","end_date":"2026-10-06","venue":"Hội trường UBND tỉnh",
		"capacity":2,"audiences":["producer","commune_official"],"status":"open"}`
	k.courseBody = course
	k.expect(t, k.producer, "POST", "/api/v1/training/courses", course, http.StatusForbidden)
	c := k.obj(t, k.office, "POST", "/api/v1/training/courses", course, 201)
	k.courseID = int64(c["id"].(float64))
	k.base = fmt.Sprintf("/api/v1/training/courses/%d", k.courseID)
	k.audited(t, "training.course_create")
	if c["status"] != "open" || c["capacity"] != 2.0 || c["min_attendance_pct"] != 80.0 || c["min_posttest_pct"] != 50.0 {
		t.Errorf("course: %v", c)
	}

	var ids [2]int64
	for i, topic := range []string{"brand", "digital"} {
		se := fmt.Sprintf(`{"session_date":"0%d/10/2026","start_time":"08:00","end_time":"11:30","topic_code":%q,
			"lecturer_id":%v}`, 5+i, topic, l["id"])
		k.refused(t, "POST", k.base+"/sessions", se)
		s := k.obj(t, k.office, "POST", k.base+"/sessions", se, 201)
		ids[i] = int64(s["id"].(float64))
		k.audited(t, "training.session_add")
	}
	v := k.obj(t, k.office, "GET", k.base, "", 200)
	if ss := v["sessions"].([]any); len(ss) != 2 || len(v["lecturers"].([]any)) != 1 {
		t.Errorf("course view: %v", v)
	}
	k.expect(t, k.hanoi, "GET", k.base, "", http.StatusNotFound)
	return ids
}

// trainee is one registered trainee: their login and enrolment.
type trainee struct {
	user    *ocop.User
	session string
	enrol   int64
}

// enrol registers three trainees for two seats: the third waits until the
// organiser cancels the second, and is then told. It returns the two who
// keep their seats.
func (k *trainWalk) enrol(t *testing.T, third trainee) [2]trainee {
	t.Helper()
	all := []trainee{{k.users[ocop.RoleProducer], k.producer, 0},
		{k.users[ocop.RoleCommune], k.sessions[ocop.RoleCommune], 0}, third}
	for i, want := range []string{"enrolled", "enrolled", "waitlisted"} {
		e := k.obj(t, all[i].session, "POST", k.base+"/register", "", 201)
		if e["status"] != want {
			t.Errorf("registration %d: %v, want %s", i+1, e["status"], want)
		}
		all[i].enrol = int64(e["id"].(float64))
		k.audited(t, "training.enrol")
	}
	c := k.obj(t, k.office, "GET", k.base, "", 200)["course"].(map[string]any)
	if c["enrolled"] != 2.0 || c["waitlisted"] != 1.0 {
		t.Errorf("counts after registration: %v", c)
	}

	cancel := fmt.Sprintf("%s/enrolments/%d/cancel", k.base, all[1].enrol)
	k.refused(t, "POST", cancel, "")
	k.expect(t, k.office, "POST", cancel, "", 200)
	k.audited(t, "training.enrol_promote")
	mine := k.obj(t, third.session, "GET", k.base, "", 200)["my_enrolment"].(map[string]any)
	if mine["status"] != "enrolled" {
		t.Errorf("the waitlisted trainee is not promoted: %v", mine)
	}
	notes, _, err := k.svc.DB.Notifications(k.ctx, third.user.ID, 10)
	if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Message, "Kỹ năng bán hàng sản phẩm OCOP") ||
		!strings.Contains(notes[0].Message, "chuyển từ danh sách chờ") {
		t.Errorf("the promoted trainee is not told: %v %v", notes, err)
	}
	for _, e := range k.obj(t, k.office, "GET", k.base, "", 200)["enrolments"].([]any) {
		if e := e.(map[string]any); e["id"] == float64(all[1].enrol) && e["status"] != "cancelled" {
			t.Errorf("the cancelled enrolment: %v", e)
		}
	}
	return [2]trainee{all[0], all[2]}
}

// attend checks both trainees in to both sessions: the first with the
// organiser's code (its replay refused), the second too late with the
// same code, then marked by hand with a reason.
func (k *trainWalk) attend(t *testing.T, sessions [2]int64, trainees [2]trainee) {
	t.Helper()
	for day, id := range sessions {
		k.at(time.Date(2026, 10, 5+day, 1, 30, 0, 0, time.UTC)) // 08:30 in Sơn La
		codePath := fmt.Sprintf("/api/v1/training/sessions/%d/code", id)
		k.refused(t, "GET", codePath, "")
		code := k.obj(t, k.office, "GET", codePath, "", 200)
		if code["enrolled"] != 2.0 || code["present"] != 0.0 || !strings.HasSuffix(code["url"].(string), "/diem-danh/"+code["code"].(string)) {
			t.Fatalf("code: %v", code)
		}
		body := fmt.Sprintf(`{"code":%q}`, code["code"])
		ci := k.obj(t, trainees[0].session, "POST", "/api/v1/training/check-in", body, 201)
		if a := ci["attendance"].(map[string]any); a["present"] != true || a["method"] != "qr" {
			t.Errorf("check-in: %v", ci)
		}
		k.expect(t, trainees[0].session, "POST", "/api/v1/training/check-in", body, http.StatusConflict)

		k.at(k.now.Add(2 * service.AttendanceWindow))
		seq := k.lastAudit(t).Seq
		late := k.expect(t, trainees[1].session, "POST", "/api/v1/training/check-in", body, http.StatusUnprocessableEntity)
		if !strings.Contains(late, "attendance_code_expired") && !strings.Contains(late, "hết hạn") {
			t.Errorf("an expired code: %s", late)
		}
		if k.lastAudit(t).Seq != seq {
			t.Error("an expired code changed something")
		}

		mark := fmt.Sprintf("/api/v1/training/sessions/%d/attendance", id)
		byHand := fmt.Sprintf(`{"enrolment_id":%d,"present":true,"reason":"Điện thoại hết pin, ký sổ tại lớp"}`, trainees[1].enrol)
		k.refused(t, "POST", mark, byHand)
		m := k.obj(t, k.office, "POST", mark, byHand, 200)
		if m["method"] == "qr" || m["reason"] != "Điện thoại hết pin, ký sổ tại lớp" {
			t.Errorf("mark by hand: %v", m)
		}
		if sheet := k.obj(t, k.office, "GET", mark, "", 200); sheet["present"] != 2.0 {
			t.Errorf("sheet of session %d: %v", day+1, sheet["present"])
		}
	}
}

// tests builds both tests from questions added to the bank (all of
// whose right answer is the second option); the first trainee goes
// from 25 % to 100 %, the second from 0 % to 25 %.
func (k *trainWalk) tests(t *testing.T, trainees [2]trainee) {
	t.Helper()
	var ids []string
	for i := range 4 {
		q := &ocop.TopicQuestion{TopicCode: "brand", Body: fmt.Sprintf("Câu hỏi bán hàng %d?", i+1),
			Options: []string{"Sai", "Đúng"}, Correct: 1}
		if err := k.svc.DB.Update(k.ctx, ocop.System, func(tx *store.Tx) error { return tx.AddTopicQuestion(k.ctx, q) }); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, fmt.Sprint(q.ID))
	}
	answers := map[string][2]string{"pre": {"[1,0,0,0]", "[0,0,0,0]"}, "post": {"[1,1,1,1]", "[1,0,0,0]"}}
	for _, kind := range []string{"pre", "post"} {
		build := fmt.Sprintf(`{"kind":%q,"status":"open","question_ids":[%s]}`, kind, strings.Join(ids, ","))
		k.refused(t, "POST", k.base+"/tests", build)
		ct := k.obj(t, k.office, "POST", k.base+"/tests", build, 200)
		if qs, _ := ct["questions"].([]any); len(qs) != 4 {
			t.Errorf("%s-test: %v", kind, ct)
		}
		k.audited(t, "training.test_save")
		for i, tr := range trainees {
			k.obj(t, tr.session, "POST", k.base+"/tests/"+kind+"/answers", `{"answers":`+answers[kind][i]+`}`, 201)
			k.audited(t, "training.test_submit")
		}
		k.expect(t, k.hanoi, "GET", k.base+"/tests/"+kind, "", http.StatusNotFound)
	}
	res := k.obj(t, k.office, "GET", k.base+"/results", "", 200)
	got := map[float64]string{}
	for _, r := range res["rows"].([]any) {
		r := r.(map[string]any)
		if r["post_pct"] != nil {
			got[r["enrolment"].(map[string]any)["id"].(float64)] = fmt.Sprint(r["pre_pct"], "→", r["post_pct"], " +", r["improvement"])
		}
	}
	want := map[float64]string{float64(trainees[0].enrol): "25→100 +75", float64(trainees[1].enrol): "0→25 +25"}
	if fmt.Sprint(got) != fmt.Sprint(want) || res["avg_improvement"] != 50.0 {
		t.Errorf("results: %v, average %v; want %v, average 50", got, res["avg_improvement"], want)
	}
}

// certify has both trainees answer the survey on the last day, issues
// the certificates (only the first trainee's post-test passes), checks
// the public page, and revokes.
func (k *trainWalk) certify(t *testing.T, trainees [2]trainee) {
	t.Helper()
	survey := `{"ratings":{"content":5,"lecturers":5,"organisation":4,"usefulness":5},"comment":"Nhiều ví dụ thực tế"}`
	k.at(time.Date(2026, 10, 4, 3, 0, 0, 0, time.UTC))
	k.expect(t, trainees[0].session, "POST", k.base+"/feedback", survey, http.StatusConflict) // before the course
	k.at(time.Date(2026, 10, 6, 9, 0, 0, 0, time.UTC))                                        // 16:00 on the last day
	for _, tr := range trainees {
		k.expect(t, tr.session, "POST", k.base+"/feedback", survey, 201)
		k.audited(t, "training.feedback")
	}
	k.refused(t, "POST", k.base+"/certificates", "")
	issued := k.obj(t, k.office, "POST", k.base+"/certificates", "", 200)["issued"].([]any)
	if len(issued) != 1 {
		t.Fatalf("issued %d certificates, want 1 (the second trainee scored 25 %%): %v", len(issued), issued)
	}
	cert := issued[0].(map[string]any)
	if cert["enrolment_id"] != float64(trainees[0].enrol) || cert["sessions_attended"] != 2.0 || cert["status"] != "valid" {
		t.Errorf("certificate: %v", cert)
	}
	k.audited(t, "training.cert_issue")
	comp := k.obj(t, k.office, "GET", k.base+"/certificates", "", 200)
	if n := strings.Count(fmt.Sprint(comp), "completes:true"); n != 1 {
		t.Errorf("completion: %d complete: %v", n, comp)
	}
	if again := k.obj(t, k.office, "POST", k.base+"/certificates", "", 200)["issued"].([]any); len(again) != 0 {
		t.Errorf("issued twice: %v", again)
	}

	code := cert["code"].(string)
	if st := k.publicState(t, code); st != "found valid" {
		t.Errorf("public page: %s", st)
	}
	revoke := fmt.Sprintf("%s/certificates/%v/revoke", k.base, cert["id"])
	reason := `{"reason":"Cấp nhầm, học viên vắng buổi 2"}`
	k.refused(t, "POST", revoke, reason)
	k.expect(t, k.office, "POST", revoke, reason, 200)
	k.audited(t, "training.cert_revoke")
	if st := k.publicState(t, code); st != "found revoked" {
		t.Errorf("public page after revocation: %s", st)
	}
}

// publicState reads a training certificate's public page as JSON.
func (k *trainWalk) publicState(t *testing.T, code string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", k.srv.URL+"/xac-minh-tap-huan/"+code, nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Result      string
		Certificate struct{ Status string }
	}
	json.NewDecoder(resp.Body).Decode(&a)
	return a.Result + " " + a.Certificate.Status
}

// progress has the organiser close the course as finished and checks
// that the plan now counts it, held, and its two trainees by audience
// (the cancelled one not).
func (k *trainWalk) progress(t *testing.T) {
	t.Helper()
	c := k.obj(t, k.office, "GET", k.base, "", 200)["course"].(map[string]any)
	finished := strings.Replace(k.courseBody, `"status":"open"`, fmt.Sprintf(`"status":"finished","version":%v`, c["version"]), 1)
	k.refused(t, "POST", k.base, finished)
	if c := k.obj(t, k.office, "POST", k.base, finished, 200); c["status"] != "finished" {
		t.Errorf("finished course: %v", c)
	}
	k.audited(t, "training.course_update")
	v := k.obj(t, k.office, "GET", "/api/v1/training/plan?year=2026", "", 200)
	if p := v["plan"].(map[string]any); p["target_courses"] != 6.0 {
		t.Errorf("plan: %v", p)
	}
	after := v["progress"].(map[string]any)
	count := func(p map[string]any, audience string) float64 {
		n, _ := p["trainees"].(map[string]any)[audience].(float64)
		return n
	}
	for _, c := range []struct {
		what string
		got  float64
		want float64
	}{
		{"courses planned", after["courses_planned"].(float64) - k.planBefore["courses_planned"].(float64), 1},
		{"courses held", after["courses_held"].(float64) - k.planBefore["courses_held"].(float64), 1},
		{"trainees", after["trainees_total"].(float64) - k.planBefore["trainees_total"].(float64), 2},
		{"producers", count(after, "producer") - count(k.planBefore, "producer"), 1},
		{"commune officials", count(after, "commune_official") - count(k.planBefore, "commune_official"), 1},
	} {
		if c.got != c.want {
			t.Errorf("progress: %s grew by %v, want %v (%v → %v)", c.what, c.got, c.want, k.planBefore, after)
		}
	}
}
