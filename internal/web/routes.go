package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
)

// handler serves one route for the (possibly nil) signed-in user. A
// returned error is rendered by the wrapper: as a Vietnamese page for the
// UI, as JSON for the API.
type handler func(w http.ResponseWriter, r *http.Request, u *ocop.User) error

// route is one line of the route table.
type route struct {
	Method string
	Path   string
	Perm   ocop.Perm
	h      handler
}

// API reports whether the route belongs to the JSON API.
func (rt route) API() bool { return len(rt.Path) >= 5 && rt.Path[:5] == "/api/" }

// routes is the one route table. Reviewing who may do what means reading
// this list; the permission test walks it for every role and scope.
func (s *Server) routes() []route {
	pub, in := ocop.PermPublic, ocop.PermSignedIn
	view, review, edit := ocop.PermProducerView, ocop.PermProducerReview, ocop.PermProducerEdit
	commune, province := ocop.PermDossierCommune, ocop.PermDossierProvince
	users, audit, cal := ocop.PermUserManage, ocop.PermAuditView, ocop.PermCalendarManage
	revoke := ocop.PermCertRevoke
	rounds, score, adv := ocop.PermRoundManage, ocop.PermCouncilScore, ocop.PermAdvisoryReview
	sandbox := ocop.PermSandboxManage
	return []route{
		{"GET", "/{$}", pub, s.landing},
		{"GET", "/static/", pub, s.static},
		{"GET", "/healthz", pub, s.healthz},
		{"GET", "/dang-nhap", pub, s.loginForm},
		{"POST", "/dang-nhap", pub, s.login},
		{"POST", "/dang-xuat", in, s.logout},
		{"GET", "/dang-ky", pub, s.registerForm},
		{"POST", "/dang-ky", pub, s.register},
		{"GET", "/don-vi", pub, s.unitList},
		{"GET", "/don-vi/{unit}", pub, s.unitShow},
		{"GET", "/don-vi/{unit}/xa", pub, s.communeOptions},
		{"GET", "/bo-tieu-chi", pub, s.rulebookIndex},
		{"GET", "/bo-tieu-chi/{decision}/{card}", pub, s.rulebookCard},
		{"GET", "/tu-danh-gia", pub, s.selfAssessIndex},
		{"GET", "/tu-danh-gia/{decision}/{card}", pub, s.selfAssessForm},
		{"POST", "/tu-danh-gia/{decision}/{card}", pub, s.selfAssess},
		{"GET", "/verify/{code}", pub, s.verify}, // the QR code's address; JSON to Accept: application/json
		{"GET", "/verify/{code}/anh", pub, s.verifyPhoto},
		{"GET", "/xac-minh", pub, s.verifyForm},
		{"GET", "/san-pham-ocop", pub, s.publicList},

		{"GET", "/tong-quan", in, s.dashboard},
		{"GET", "/thong-bao", in, s.notifications},
		{"GET", "/tai-khoan/mat-khau", in, s.passwordForm},
		{"POST", "/tai-khoan/mat-khau", in, s.passwordChange},
		{"GET", "/tai-khoan/api", in, s.tokenList},
		{"POST", "/tai-khoan/api", in, s.tokenCreate},
		{"POST", "/tai-khoan/api/{token}/thu-hoi", in, s.tokenRevoke},

		{"GET", "/chu-the", view, s.producerList},
		{"GET", "/chu-the/{producer}", view, s.producerShow},
		{"GET", "/chu-the/{producer}/sua", edit, s.profileEditForm},
		{"POST", "/chu-the/{producer}/sua", edit, s.profileSave},
		{"POST", "/chu-the/{producer}/giay-to", edit, s.documentUpload},
		{"GET", "/chu-the/{producer}/giay-to/{document}", view, s.documentDownload},
		{"POST", "/chu-the/{producer}/giay-to/{document}/xoa", edit, s.documentDelete},
		{"POST", "/chu-the/{producer}/xac-nhan", review, s.producerConfirm},
		{"POST", "/chu-the/{producer}/tu-choi", review, s.producerReject},
		{"GET", "/san-pham", view, s.productList},
		{"GET", "/san-pham/moi", edit, s.productNewForm},
		{"POST", "/san-pham", edit, s.productCreate},
		{"GET", "/san-pham/{product}", view, s.productShow},
		{"GET", "/san-pham/{product}/sua", edit, s.productEditForm},
		{"GET", "/san-pham/{product}/mau-01.pdf", view, s.mau01},
		{"POST", "/san-pham/{product}/ho-so", edit, s.dossierOpen},
		{"POST", "/san-pham/{product}/anh", edit, s.photoUpload},
		{"GET", "/san-pham/{product}/anh/{photo}", view, s.photoGet},
		{"POST", "/san-pham/{product}/anh/{photo}/anh-chinh", edit, s.photoMain},
		{"POST", "/san-pham/{product}/anh/{photo}/xoa", edit, s.photoDelete},
		{"POST", "/san-pham/{product}/giay-chung-nhan", province, s.certificateRecord},
		{"GET", "/san-pham/{product}/giay-chung-nhan/{certificate}/gcn.pdf", view, s.certificatePDF},
		{"POST", "/san-pham/{product}/giay-chung-nhan/{certificate}/thu-hoi", revoke, s.certificateRevoke},
		{"GET", "/ho-so", view, s.dossierList},
		{"GET", "/ho-so/xuat.xlsx", view, s.dossierExport},
		{"GET", "/ho-so/{dossier}", view, s.dossierShow},
		{"POST", "/ho-so/{dossier}", edit, s.dossierSave},
		{"POST", "/ho-so/{dossier}/minh-chung", edit, s.dossierEvidenceAdd},
		{"GET", "/ho-so/{dossier}/minh-chung/{evidence}", view, s.dossierEvidenceGet},
		{"POST", "/ho-so/{dossier}/minh-chung/{evidence}/xoa", edit, s.dossierEvidenceRemove},
		{"POST", "/ho-so/{dossier}/mau-02", edit, s.selfReportSave},
		{"GET", "/ho-so/{dossier}/mau-02.pdf", view, s.mau02},
		{"GET", "/ho-so/{dossier}/phien-ban", view, s.dossierVersions},
		{"POST", "/ho-so/{dossier}/nop", edit, s.dossierSubmit},
		{"POST", "/ho-so/{dossier}/tiep-nhan", commune, s.dossierReceive},
		{"POST", "/ho-so/{dossier}/danh-gia-xa", commune, s.dossierReport},
		{"POST", "/ho-so/{dossier}/tra-lai", commune, s.dossierReturn},
		{"POST", "/ho-so/{dossier}/chuyen-tinh", commune, s.dossierForward},
		{"GET", "/ho-so/{dossier}/mau-03.pdf", view, s.mau03},
		{"POST", "/ho-so/{dossier}/tiep-nhan-tinh", province, s.dossierAccept},
		{"POST", "/ho-so/{dossier}/yeu-cau-hoan-thien", province, s.dossierCompletion},
		{"POST", "/san-pham/{product}/sua", edit, s.productSave},
		{"GET", "/dot-danh-gia", rounds, s.roundList},
		{"POST", "/dot-danh-gia", rounds, s.roundCreate},
		{"GET", "/dot-danh-gia/{round}", rounds, s.roundShow},
		{"POST", "/dot-danh-gia/{round}/ho-so", rounds, s.roundDossierAdd},
		{"POST", "/dot-danh-gia/{round}/ho-so/{dossier}/xoa", rounds, s.roundDossierRemove},
		{"POST", "/dot-danh-gia/{round}/quyet-dinh", rounds, s.decisionRecord},
		{"POST", "/dot-danh-gia/{round}/hoi-dong/{kind}", rounds, s.councilSave},
		{"POST", "/dot-danh-gia/{round}/hoi-dong/{kind}/thanh-vien", rounds, s.councilMemberAdd},
		{"POST", "/dot-danh-gia/{round}/hoi-dong/{kind}/thanh-vien/{user}/co-mat", rounds, s.councilMemberPresence},
		{"POST", "/dot-danh-gia/{round}/hoi-dong/{kind}/thanh-vien/{user}/xoa", rounds, s.councilMemberRemove},
		{"GET", "/dot-danh-gia/{round}/ho-so/{dossier}/phieu/{user}", rounds, s.sheetPDF},
		{"POST", "/dot-danh-gia/{round}/cuoc-hop", rounds, s.meetingSave},
		{"GET", "/dot-danh-gia/{round}/tong-hop.xlsx", rounds, s.summaryXLSX},
		{"GET", "/dot-danh-gia/{round}/tong-hop.pdf", rounds, s.summaryPDF},
		{"GET", "/dot-danh-gia/{round}/bien-ban.pdf", rounds, s.minutesPDF},
		{"GET", "/dot-danh-gia/{round}/de-nghi.xlsx", rounds, s.proposalXLSX},
		{"GET", "/hoi-dong/{round}/ho-so/{dossier}/phieu/{user}", score, s.sheetPDF},
		{"GET", "/hoi-dong/{round}/tong-hop.xlsx", score, s.summaryXLSX},
		{"GET", "/hoi-dong/{round}/tong-hop.pdf", score, s.summaryPDF},
		{"GET", "/hoi-dong/{round}/bien-ban.pdf", score, s.minutesPDF},
		{"GET", "/hoi-dong/{round}/de-nghi.xlsx", score, s.proposalXLSX},
		{"GET", "/dot-danh-gia/{round}/ho-so/{dossier}/cham-diem", score, s.sheetShow},
		{"POST", "/dot-danh-gia/{round}/ho-so/{dossier}/cham-diem", score, s.sheetSave},
		{"POST", "/dot-danh-gia/{round}/ho-so/{dossier}/rut-khoi", score, s.sheetRecuse},
		{"GET", "/hoi-dong", score, s.councilHome},
		{"POST", "/hoi-dong/xung-dot", score, s.conflictDeclare},
		{"POST", "/hoi-dong/xung-dot/{producer}/xoa", score, s.conflictWithdraw},
		{"GET", "/hoi-dong/{round}", score, s.memberRoundShow},
		{"POST", "/hoi-dong/{round}/mo-cham", score, s.scoringOpen},
		{"POST", "/hoi-dong/{round}/khoa-cham", score, s.scoringClose},
		{"POST", "/hoi-dong/{round}/cham-lai", score, s.scoringRescore},
		{"GET", "/hoi-dong/{round}/ho-so/{dossier}/tu-van/tep", score, s.reviewFile},
		{"GET", "/dot-danh-gia/{round}/ho-so/{dossier}/tu-van", rounds, s.officeReviewShow},
		{"GET", "/dot-danh-gia/{round}/ho-so/{dossier}/tu-van/tep", rounds, s.reviewFile},
		{"POST", "/dot-danh-gia/{round}/ho-so/{dossier}/bo-sung", rounds, s.roundCompletion},
		{"GET", "/tu-van", adv, s.advisoryHome},
		{"GET", "/tu-van/{round}", adv, s.advisoryRoundShow},
		{"POST", "/tu-van/{round}/bao-cao", adv, s.advisoryReport},
		{"GET", "/tu-van/{round}/ho-so/{dossier}", adv, s.advisoryDossierShow},
		{"GET", "/tu-van/{round}/ho-so/{dossier}/tep", adv, s.reviewFile},
		{"POST", "/tu-van/{round}/ho-so/{dossier}/ghi-chu", adv, s.advisoryNote},
		{"POST", "/tu-van/{round}/ho-so/{dossier}/khao-sat", adv, s.advisoryVisit},
		{"POST", "/tu-van/{round}/ho-so/{dossier}/khao-sat/anh", adv, s.advisoryVisitPhoto},
		{"POST", "/tu-van/{round}/ho-so/{dossier}/kiem-nghiem", adv, s.advisoryLab},
		{"POST", "/tu-van/{round}/ho-so/{dossier}/kiem-nghiem/ket-qua", adv, s.advisoryLabResult},
		{"POST", "/tu-van/{round}/ho-so/{dossier}/ket-luan", adv, s.advisoryVerdict},
		{"GET", "/thuc-hanh", sandbox, s.sandboxList},
		{"POST", "/thuc-hanh", sandbox, s.sandboxCreate},
		{"GET", "/thuc-hanh/{sandbox}", sandbox, s.sandboxShow},
		{"POST", "/thuc-hanh/{sandbox}/dat-lai", sandbox, s.sandboxReset},
		{"POST", "/thuc-hanh/{sandbox}/xoa", sandbox, s.sandboxDelete},

		{"GET", "/quan-tri/tai-khoan", users, s.userList},
		{"GET", "/quan-tri/tai-khoan/moi", users, s.userNewForm},
		{"POST", "/quan-tri/tai-khoan", users, s.userCreate},
		{"GET", "/quan-tri/tai-khoan/{user}", users, s.userShow},
		{"POST", "/quan-tri/tai-khoan/{user}/dat-lai-mat-khau", users, s.userReset},
		{"POST", "/quan-tri/tai-khoan/{user}/khoa", users, s.userDisable},
		{"POST", "/quan-tri/tai-khoan/{user}/mo-khoa", users, s.userEnable},
		{"GET", "/quan-tri/nhat-ky", audit, s.auditList},
		{"GET", "/quan-tri/thu-dien-tu", audit, s.outboxList},
		{"GET", "/quan-tri/lich-lam-viec", in, s.calendarPage},
		{"POST", "/quan-tri/lich-lam-viec", cal, s.calendarAdd},
		{"GET", "/quan-tri/lich-lam-viec/{date}/sua", cal, s.calendarEditForm},
		{"POST", "/quan-tri/lich-lam-viec/{date}/sua", cal, s.calendarSave},
		{"POST", "/quan-tri/lich-lam-viec/{date}/xac-nhan", cal, s.calendarConfirm},
		{"POST", "/quan-tri/lich-lam-viec/{date}/xoa", cal, s.calendarDelete},

		{"GET", "/api/openapi.json", pub, s.openAPI},
		{"GET", "/api/v1/me", in, s.apiMe},
		{"GET", "/api/v1/units", pub, s.apiUnits},
		{"GET", "/api/v1/units/{unit}", pub, s.apiUnit},
		{"GET", "/api/v1/rulebook", pub, s.apiRulebook},
		{"GET", "/api/v1/rulebook/{decision}/{card}", pub, s.apiRulebookCard},
		{"POST", "/api/v1/score", pub, s.apiScore},
		{"GET", "/api/v1/producers", view, s.apiProducers},
		{"GET", "/api/v1/producers/{producer}", view, s.apiProducer},
		{"POST", "/api/v1/producers/{producer}", edit, s.apiProfileSave},
		{"GET", "/api/v1/producers/{producer}/documents", view, s.apiDocuments},
		{"POST", "/api/v1/producers/{producer}/documents", edit, s.apiDocumentUpload},
		{"GET", "/api/v1/producers/{producer}/documents/{document}", view, s.documentDownload},
		{"POST", "/api/v1/producers/{producer}/confirm", review, s.apiProducerConfirm},
		{"POST", "/api/v1/producers/{producer}/reject", review, s.apiProducerReject},
		{"GET", "/api/v1/products", view, s.apiProducts},
		{"POST", "/api/v1/products", edit, s.apiProductCreate},
		{"GET", "/api/v1/products/{product}", view, s.apiProduct},
		{"POST", "/api/v1/products/{product}", edit, s.apiProductSave},
		{"POST", "/api/v1/products/{product}/dossiers", edit, s.apiDossierOpen},
		{"GET", "/api/v1/products/{product}/photos", view, s.apiPhotos},
		{"POST", "/api/v1/products/{product}/photos", edit, s.apiPhotoAdd},
		{"GET", "/api/v1/products/{product}/photos/{photo}", view, s.photoGet},
		{"GET", "/api/v1/products/{product}/certificates", view, s.apiCertificates},
		{"POST", "/api/v1/products/{product}/certificates", province, s.apiCertificateRecord},
		{"POST", "/api/v1/products/{product}/certificates/{certificate}/revoke", revoke, s.apiCertificateRevoke},
		{"GET", "/api/v1/public/certificates", pub, s.apiPublicCertificates},
		{"GET", "/api/v1/dossiers/{dossier}", view, s.apiDossier},
		{"POST", "/api/v1/dossiers/{dossier}/sheet", edit, s.apiDossierSheet},
		{"POST", "/api/v1/dossiers/{dossier}/self-report", edit, s.apiSelfReport},
		{"GET", "/api/v1/dossiers/{dossier}/versions", view, s.apiDossierVersions},
		{"GET", "/api/v1/dossiers/{dossier}/evidence", view, s.apiEvidenceList},
		{"POST", "/api/v1/dossiers/{dossier}/evidence", edit, s.apiEvidenceAdd},
		{"GET", "/api/v1/dossiers/{dossier}/evidence/{evidence}", view, s.dossierEvidenceGet},
		{"POST", "/api/v1/dossiers/{dossier}/evidence/{evidence}/delete", edit, s.apiEvidenceRemove},
		{"POST", "/api/v1/dossiers/{dossier}/submit", edit, s.apiDossierSubmit},
		{"POST", "/api/v1/dossiers/{dossier}/receive", commune, s.apiDossierReceive},
		{"POST", "/api/v1/dossiers/{dossier}/commune-report", commune, s.apiDossierReport},
		{"POST", "/api/v1/dossiers/{dossier}/return", commune, s.apiDossierReturn},
		{"POST", "/api/v1/dossiers/{dossier}/forward", commune, s.apiDossierForward},
		{"POST", "/api/v1/dossiers/{dossier}/accept", province, s.apiDossierAccept},
		{"POST", "/api/v1/dossiers/{dossier}/request-completion", province, s.apiDossierCompletion},
		{"GET", "/api/v1/rounds", rounds, s.apiRounds},
		{"POST", "/api/v1/rounds", rounds, s.apiRoundCreate},
		{"GET", "/api/v1/rounds/{round}", rounds, s.apiRound},
		{"POST", "/api/v1/rounds/{round}/dossiers", rounds, s.apiRoundDossierAdd},
		{"GET", "/api/v1/rounds/{round}/councils/{kind}", rounds, s.apiCouncil},
		{"POST", "/api/v1/rounds/{round}/councils/{kind}", rounds, s.apiCouncilSave},
		{"POST", "/api/v1/rounds/{round}/councils/{kind}/members", rounds, s.apiCouncilMemberAdd},
		{"POST", "/api/v1/rounds/{round}/councils/{kind}/members/{user}/presence", rounds, s.apiCouncilMemberPresence},
		{"POST", "/api/v1/rounds/{round}/councils/{kind}/members/{user}/delete", rounds, s.apiCouncilMemberRemove},
		{"GET", "/api/v1/rounds/{round}/results", rounds, s.apiResults},
		{"GET", "/api/v1/rounds/{round}/dossiers/{dossier}/sheets/{user}", rounds, s.sheetPDF},
		{"GET", "/api/v1/rounds/{round}/meeting", rounds, s.apiMeeting},
		{"POST", "/api/v1/rounds/{round}/meeting", rounds, s.apiMeetingSave},
		{"GET", "/api/v1/rounds/{round}/summary.xlsx", rounds, s.summaryXLSX},
		{"GET", "/api/v1/rounds/{round}/summary.pdf", rounds, s.summaryPDF},
		{"GET", "/api/v1/rounds/{round}/minutes.pdf", rounds, s.minutesPDF},
		{"GET", "/api/v1/rounds/{round}/proposals.xlsx", rounds, s.proposalXLSX},
		{"GET", "/api/v1/council/rounds/{round}/dossiers/{dossier}/sheets/{user}", score, s.sheetPDF},
		{"GET", "/api/v1/council/rounds/{round}/summary.xlsx", score, s.summaryXLSX},
		{"GET", "/api/v1/council/rounds/{round}/summary.pdf", score, s.summaryPDF},
		{"GET", "/api/v1/council/rounds/{round}/minutes.pdf", score, s.minutesPDF},
		{"GET", "/api/v1/council/rounds/{round}/proposals.xlsx", score, s.proposalXLSX},
		{"GET", "/api/v1/rounds/{round}/decision", rounds, s.apiDecision},
		{"POST", "/api/v1/rounds/{round}/decision", rounds, s.apiDecisionRecord},
		{"GET", "/api/v1/council/rounds", score, s.apiMemberRounds},
		{"GET", "/api/v1/council/rounds/{round}", score, s.apiMemberRound},
		{"POST", "/api/v1/council/rounds/{round}/open", score, s.apiScoringOpen},
		{"POST", "/api/v1/council/rounds/{round}/close", score, s.apiScoringClose},
		{"POST", "/api/v1/council/rounds/{round}/rescore", score, s.apiScoringRescore},
		{"GET", "/api/v1/council/rounds/{round}/results", score, s.apiResults},
		{"GET", "/api/v1/council/rounds/{round}/dossiers/{dossier}/sheet", score, s.apiSheet},
		{"POST", "/api/v1/council/rounds/{round}/dossiers/{dossier}/sheet", score, s.apiSheetSave},
		{"POST", "/api/v1/council/rounds/{round}/dossiers/{dossier}/recuse", score, s.apiRecuse},
		{"GET", "/api/v1/council/conflicts", score, s.apiConflicts},
		{"POST", "/api/v1/council/conflicts", score, s.apiConflictDeclare},
		{"POST", "/api/v1/council/conflicts/{producer}/delete", score, s.apiConflictWithdraw},
		{"GET", "/api/v1/council/rounds/{round}/dossiers/{dossier}/review", score, s.apiAdvisoryFor},
		{"GET", "/api/v1/rounds/{round}/dossiers/{dossier}/review", rounds, s.apiAdvisoryFor},
		{"POST", "/api/v1/rounds/{round}/dossiers/{dossier}/completion", rounds, s.apiRoundCompletion},
		{"GET", "/api/v1/advisory/rounds", adv, s.apiAdvisoryRounds},
		{"GET", "/api/v1/advisory/rounds/{round}", adv, s.apiAdvisoryRound},
		{"POST", "/api/v1/advisory/rounds/{round}/report", adv, s.apiAdvisoryReport},
		{"GET", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}", adv, s.apiAdvisoryDossier},
		{"GET", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/file", adv, s.reviewFile},
		{"POST", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/notes", adv, s.apiAdvisoryNote},
		{"POST", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/visits", adv, s.apiAdvisoryVisit},
		{"POST", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/visits/photos", adv, s.apiAdvisoryVisitPhoto},
		{"POST", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/labs", adv, s.apiAdvisoryLab},
		{"POST", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/labs/result", adv, s.apiAdvisoryLabResult},
		{"POST", "/api/v1/advisory/rounds/{round}/dossiers/{dossier}/verdict", adv, s.apiAdvisoryVerdict},
		// After the routes that read the fixture's dossier in its round.
		{"POST", "/api/v1/rounds/{round}/dossiers/{dossier}/delete", rounds, s.apiRoundDossierRemove},
		{"GET", "/api/v1/sandboxes", sandbox, s.apiSandboxes},
		{"POST", "/api/v1/sandboxes", sandbox, s.apiSandboxCreate},
		{"GET", "/api/v1/sandboxes/{sandbox}", sandbox, s.apiSandbox},
		{"POST", "/api/v1/sandboxes/{sandbox}/reset", sandbox, s.apiSandboxReset},
		{"POST", "/api/v1/sandboxes/{sandbox}/delete", sandbox, s.apiSandboxDelete},
		{"GET", "/api/v1/users", users, s.apiUsers},
		{"POST", "/api/v1/users", users, s.apiUserCreate},
		{"GET", "/api/v1/users/{user}", users, s.apiUser},
		{"POST", "/api/v1/users/{user}/reset-password", users, s.apiUserReset},
		{"POST", "/api/v1/users/{user}/disable", users, s.apiUserDisable},
		{"POST", "/api/v1/users/{user}/enable", users, s.apiUserEnable},
		{"GET", "/api/v1/audit", audit, s.apiAudit},
		{"GET", "/api/v1/audit/verify", audit, s.apiAuditVerify},
		{"GET", "/api/v1/calendar", in, s.apiCalendar},
		{"POST", "/api/v1/calendar", cal, s.apiCalendarAdd},
		{"POST", "/api/v1/calendar/{date}", cal, s.apiCalendarSave},
		{"POST", "/api/v1/calendar/{date}/delete", cal, s.apiCalendarDelete},

		{"", "/", pub, s.notFound}, // anything else: the Vietnamese 404 (JSON under /api/)
	}
}

// RouteInfo describes a route for tests and documentation.
type RouteInfo struct {
	Method, Path string
	Perm         ocop.Perm
}

// Routes lists the route table without handlers.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range s.routes() {
		out = append(out, RouteInfo{rt.Method, rt.Path, rt.Perm})
	}
	return out
}
