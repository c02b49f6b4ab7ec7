package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/skip2/go-qrcode"
)

// A course's tests, results, feedback survey and completion certificates
// (issue 6 items 7, 8): one page per course for organisers and trainees,
// a phone-friendly page to take a test, the certificate PDF and the
// public verification page its QR code opens.

func courseTestsURL(id int64) string { return courseURL(id) + "/kiem-tra" }

// testKind reads the {testkind} path parameter.
func testKind(r *http.Request) (string, error) {
	k := r.PathValue("testkind")
	if k != ocop.TestPre && k != ocop.TestPost {
		return "", ocop.ErrNotFound()
	}
	return k, nil
}

// courseAndKind reads the {course} and {testkind} path parameters.
func courseAndKind(r *http.Request) (int64, string, error) {
	id, err := pathID(r, "course")
	if err != nil {
		return 0, "", err
	}
	kind, err := testKind(r)
	return id, kind, err
}

// courseAndCert reads the {course} and {tcert} path parameters.
func courseAndCert(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "course")
	if err != nil {
		return 0, 0, err
	}
	cid, err := pathID(r, "tcert")
	return id, cid, err
}

// testsView is what course_tests.html needs besides the service's page.
type testsView struct {
	*service.TestsPage
	Kinds    []option
	Statuses []option
	Aspects  []string
	Scores   []string // 1–5
	Trainees []option // for paper results
}

func (s *Server) courseTests(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderCourseTests(w, r, u, http.StatusOK, s.page(r, u, "tests.title"))
}

func (s *Server) renderCourseTests(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	tp, err := s.svc.CourseTestsPage(r.Context(), u, id)
	if err != nil {
		return err
	}
	v := testsView{TestsPage: tp, Aspects: ocop.FeedbackAspects, Scores: []string{"1", "2", "3", "4", "5"}}
	for _, k := range ocop.TestKinds {
		v.Kinds = append(v.Kinds, option{k, i18n.T("tests.kind." + k)})
	}
	for _, st := range []string{ocop.TestOpen, ocop.TestClosed} {
		v.Statuses = append(v.Statuses, option{st, i18n.T("tests.status." + st)})
	}
	if tp.Results != nil {
		for _, row := range tp.Results.Rows {
			v.Trainees = append(v.Trainees, option{strconv.FormatInt(row.Enrolment.ID, 10), row.Enrolment.FullName})
		}
	}
	p.Data = v
	s.render(w, r, st, "course_tests", p)
	return nil
}

// formError renders the tests page again with what was typed and the
// errors of a failed form; other errors go to the error page.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, u *ocop.User, err error) error {
	switch ocop.ErrorCode(err) {
	case ocop.EINVALID:
		return s.renderCourseTests(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "tests.title").withInput(r, err))
	case ocop.ECONFLICT:
		return s.renderCourseTests(w, r, u, http.StatusConflict, s.page(r, u, "tests.title").withInput(r, err))
	}
	return err
}

func ids(vals []string) []int64 {
	var out []int64
	for _, v := range vals {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func (s *Server) courseTestSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	version, _ := strconv.ParseInt(f.Get("version_"+f.Get("kind")), 10, 64)
	in := service.TestInput{Kind: f.Get("kind"), Status: f.Get("status"), QuestionIDs: ids(f["question_ids"]),
		Random: atoi(f.Get("random")), Version: version}
	if _, err := s.svc.SaveCourseTest(r.Context(), u, id, in); err != nil {
		return s.formError(w, r, u, err)
	}
	return s.redirect(w, r, courseTestsURL(id), i18n.T("tests.saved"))
}

// takeView is what course_test_take.html needs.
type takeView struct {
	*service.TakeView
	CourseID   int64
	Letters    []string
	DraftSaved string // hh:mm of the server's draft, "" without one
}

// draftForm is a draft as the test form's values (q0, q1, …).
func draftForm(d *ocop.TestDraft) url.Values {
	f := url.Values{}
	for i, a := range d.Answers {
		if a >= 0 {
			f.Set("q"+strconv.Itoa(i), strconv.Itoa(a))
		}
	}
	return f
}

func (s *Server) courseTestTake(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderTake(w, r, u, http.StatusOK, s.page(r, u, "tests.take_title"))
}

func (s *Server) renderTake(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	id, kind, err := courseAndKind(r)
	if err != nil {
		return err
	}
	v, _, err := s.svc.TakeTest(r.Context(), u, id, kind)
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return s.redirect(w, r, courseTestsURL(id), errText(err))
	} else if err != nil {
		return err
	}
	tv := takeView{TakeView: v, CourseID: id, Letters: []string{"A", "B", "C", "D", "E", "F"}}
	if v.Draft != nil {
		tv.DraftSaved = newDraftAnswer(v.Draft).SavedTime
		if len(p.Form) == 0 { // what was just typed wins over the saved draft
			p.Form = draftForm(v.Draft)
		}
	}
	p.Data = tv
	s.render(w, r, st, "course_test_take", p)
	return nil
}

// errText is the message of a typed error.
func errText(err error) string {
	if e, ok := err.(*ocop.Error); ok {
		return i18n.T(e.Message, e.Args...)
	}
	return err.Error()
}

func (s *Server) courseTestSubmit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, kind, err := courseAndKind(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	n := atoi(r.PostForm.Get("count"))
	if n < 0 || n > service.MaxTestQuestions {
		n = 0
	}
	answers := make([]int, n)
	for i := range answers {
		answers[i] = -1
		if v := r.PostForm.Get("q" + strconv.Itoa(i)); v != "" {
			answers[i] = atoi(v)
		}
	}
	res, err := s.svc.SubmitTest(r.Context(), u, id, kind, answers)
	switch ocop.ErrorCode(err) {
	case "":
		return s.redirect(w, r, courseTestsURL(id), i18n.T("tests.submitted", pct(res.Pct())))
	case ocop.EINVALID:
		return s.renderTake(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "tests.take_title").withInput(r, err))
	case ocop.ECONFLICT:
		return s.redirect(w, r, courseTestsURL(id), errText(err))
	}
	return err
}

// short writes a number with at most one decimal, the Vietnamese way:
// 80, 66,7.
func short(x float64) string {
	return strings.TrimSuffix(strings.TrimSuffix(i18n.Decimal(x, 1), "0"), ",")
}

// pct shows a percentage: "66,7 %".
func pct(p float64) string { return short(p) + "\u00a0%" }

// points shows an improvement in percentage points with its sign.
func points(p float64) string {
	if p > 0 {
		return "+" + short(p)
	}
	return short(p)
}

// pctText shows a percentage, or a dash for none.
func pctText(p *float64) string {
	if p == nil {
		return "—"
	}
	return pct(*p)
}

func init() {
	funcs["pct"] = pctText
	funcs["points"] = func(p *float64) string {
		if p == nil {
			return "—"
		}
		return points(*p)
	}
	funcs["score"] = func(r *ocop.TestResult) string {
		if r == nil {
			return "—"
		}
		return pct(r.Pct())
	}
	funcs["avg"] = func(x float64) string { return short(x) }
}

func (s *Server) coursePaperResult(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	eid, _ := strconv.ParseInt(f.Get("enrolment_id"), 10, 64)
	score := -1
	if f.Get("score_pct") != "" {
		if n, err := strconv.Atoi(f.Get("score_pct")); err == nil {
			score = n
		}
	}
	in := service.PaperInput{EnrolmentID: eid, Kind: f.Get("paper_kind"), ScorePct: score}
	if _, err := s.svc.EnterPaperResult(r.Context(), u, id, in); err != nil {
		return s.formError(w, r, u, paperFields(err))
	}
	return s.redirect(w, r, courseTestsURL(id), i18n.T("tests.paper_saved"))
}

// paperFields names the paper form's kind field apart from the builder's.
func paperFields(err error) error {
	if e, ok := err.(*ocop.Error); ok && e.Fields["kind"] != "" {
		e.Fields["paper_kind"] = e.Fields["kind"]
		delete(e.Fields, "kind")
	}
	return err
}

func (s *Server) courseFeedback(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	in := service.FeedbackInput{Ratings: map[string]int{}, Comment: r.PostForm.Get("comment")}
	for _, a := range ocop.FeedbackAspects {
		in.Ratings[a] = atoi(r.PostForm.Get("rating_" + a))
	}
	if _, err := s.svc.SubmitFeedback(r.Context(), u, id, in); err != nil {
		return s.formError(w, r, u, err)
	}
	return s.redirect(w, r, courseTestsURL(id), i18n.T("tests.feedback_saved"))
}

func (s *Server) courseCertsIssue(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	issued, err := s.svc.IssueTrainingCertificates(r.Context(), u, id)
	if err != nil {
		return s.formError(w, r, u, err)
	}
	return s.redirect(w, r, courseTestsURL(id)+"#chung-nhan", i18n.T("tests.issued", len(issued)))
}

func (s *Server) courseCertRevoke(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, cid, err := courseAndCert(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	if _, err := s.svc.RevokeTrainingCertificate(r.Context(), u, id, cid, r.PostForm.Get("reason")); err != nil {
		if e, ok := err.(*ocop.Error); ok && e.Fields["reason"] != "" {
			e.Fields["reason_"+strconv.FormatInt(cid, 10)] = e.Fields["reason"]
		}
		return s.formError(w, r, u, err)
	}
	return s.redirect(w, r, courseTestsURL(id)+"#chung-nhan", i18n.T("tests.revoked"))
}

// courseCertPDF is a certificate's PDF for the course's organiser.
func (s *Server) courseCertPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, cid, err := courseAndCert(r)
	if err != nil {
		return err
	}
	ct, err := s.svc.TrainingCertificateOf(r.Context(), u, id, cid)
	if err != nil {
		return err
	}
	return s.sendTrainingCert(w, ct)
}

// myCertPDF is a trainee's own certificate; without one, back to the page.
func (s *Server) myCertPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	ct, err := s.svc.MyTrainingCertificate(r.Context(), u, id)
	switch {
	case ocop.ErrorCode(err) == ocop.ECONFLICT:
		return s.redirect(w, r, courseTestsURL(id), errText(err))
	case err != nil:
		return err
	case ct == nil:
		return s.redirect(w, r, courseTestsURL(id), i18n.T("tests.no_certificate"))
	}
	return s.sendTrainingCert(w, ct)
}

// sendTrainingCert renders a completion certificate with the QR code of
// its public verification page.
func (s *Server) sendTrainingCert(w http.ResponseWriter, ct *ocop.TrainingCertificate) error {
	qr, err := qrcode.Encode(s.svc.TrainingVerifyURL(ct), qrcode.Medium, 512)
	if err != nil {
		return err
	}
	doc, err := pdf.New(i18n.T("tcertpdf.title", ct.Number) + " — " + ct.FullName)
	if err != nil {
		return err
	}
	doc.NationalHeader()
	doc.Heading(i18n.T("tcertpdf.heading"))
	doc.Heading(i18n.T("certpdf.number", ct.Number))
	doc.Paragraph(i18n.T("tcertpdf.lead", ct.Organiser))
	doc.Field(i18n.T("tcertpdf.name"), ct.FullName)
	if ct.UnitName != "" {
		doc.Field(i18n.T("tcertpdf.unit"), ct.UnitName)
	}
	doc.Paragraph(i18n.T("tcertpdf.completed"))
	doc.Field(i18n.T("tcertpdf.course"), ct.CourseTitle)
	doc.Field(i18n.T("tcertpdf.dates"), isoDate(ct.StartDate)+" – "+isoDate(ct.EndDate))
	doc.Field(i18n.T("tcertpdf.attended"), i18n.T("tcertpdf.attended_value", ct.SessionsAttended, ct.SessionsTotal,
		short(ct.Hours), short(ct.CourseHours)))
	if ct.Status == ocop.TrainingCertRevoked {
		doc.Paragraph(i18n.T("tcertpdf.revoked", ct.RevokeReason))
	}
	caption := i18n.T("certpdf.qr_caption", ct.Code, s.svc.BaseURL+"/xac-minh-tap-huan")
	doc.ImageBeside(qr, qrSize, caption, func() {
		doc.Signature("", pdf.FormatDate(ct.IssuedAt.In(i18n.Zone)), i18n.T("tcertpdf.signer"), ct.Organiser)
	})
	return sendPDF(w, doc, "chung-nhan-tap-huan-"+ct.Number+".pdf")
}

// trainingVerifyAnswer is the JSON answer of /xac-minh-tap-huan/{tcode}.
type trainingVerifyAnswer struct {
	Result      string                    `json:"result"` // found, not_found, forged
	Message     string                    `json:"message"`
	Certificate *ocop.TrainingCertificate `json:"certificate,omitempty"`
}

func trainingVerifyMessage(v service.TrainingVerification) string {
	if v.Result != service.VerifyFound {
		return i18n.T("verify." + v.Result)
	}
	return i18n.T("tverify." + v.Cert.Status)
}

// trainingVerify is the public page a completion certificate's QR code
// opens: forged codes are a bad request, unknown ones not found.
func (s *Server) trainingVerify(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	v, err := s.svc.VerifyTraining(r.Context(), r.PathValue("tcode"))
	if err != nil {
		return err
	}
	status := verifyStatus[v.Result]
	if v.Cert != nil {
		c := *v.Cert // the public sees what was printed, not who issued it
		c.IssuedBy, c.EnrolmentID = 0, 0
		v.Cert = &c
	}
	if wantsJSON(r) {
		writeJSON(w, status, trainingVerifyAnswer{Result: v.Result, Message: trainingVerifyMessage(v), Certificate: v.Cert})
		return nil
	}
	p := s.page(r, u, "tverify.title")
	p.Data = map[string]any{"Form": false, "V": v, "Message": trainingVerifyMessage(v),
		"Live": v.Cert != nil && v.Cert.Status == ocop.TrainingCertValid, "Code": secret.Normalize(r.PathValue("tcode"))}
	s.render(w, r, status, "course_test_verify", p)
	return nil
}

// trainingVerifyForm sends a typed code to its page.
func (s *Server) trainingVerifyForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if code := secret.Normalize(r.URL.Query().Get("ma")); code != "" {
		http.Redirect(w, r, "/xac-minh-tap-huan/"+url.PathEscape(code), http.StatusSeeOther)
		return nil
	}
	p := s.page(r, u, "tverify.title")
	p.Data = map[string]any{"Form": true}
	s.render(w, r, http.StatusOK, "course_test_verify", p)
	return nil
}
