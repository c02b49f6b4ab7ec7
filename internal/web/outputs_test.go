package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The printed outputs of a round: a member prints their own sheet while
// scoring is blind and nobody else can; after closing the chair, the
// secretary and the office print every sheet, the summary (equal to the
// engine's council result), the minutes and the proposal list; another
// province sees none of it.
func TestRoundOutputs(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		w.acceptIn(t)
		office, chair := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleCouncil]
		sonLa := ocop.ProvinceScope(permProvince)
		m2, m2s := w.extraUser(t, "Nguyễn Thị Hoa", ocop.RoleCouncil, sonLa)
		m3, m3s := w.extraUser(t, "Lò Văn Minh", ocop.RoleCouncil, sonLa)
		sec, secs := w.extraUser(t, "Cầm Thị Lan", ocop.RoleCouncil, sonLa)
		_, hanoi := w.extraUser(t, "so.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		round, dossier := fmt.Sprint(w.roundIn), fmt.Sprint(w.dossierIn)
		base := "/dot-danh-gia/" + round + "/hoi-dong/council/thanh-vien"
		for _, m := range []struct {
			u        *ocop.User
			pos, dep string
			present  bool
		}{{m2, "member", "yte", true}, {m3, "member", "khcn", true}, {sec, "secretary", "nnmt", false}, {w.users[ocop.RoleCouncil], "", "", true}} {
			if m.pos != "" {
				if st, _ := w.send(t, office, "POST", base, url.Values{"user_id": {fmt.Sprint(m.u.ID)}, "position": {m.pos}, "department": {m.dep}}.Encode()); st != http.StatusSeeOther {
					t.Fatalf("seat %s: %d", m.u.FullName, st)
				}
			}
			if m.present {
				if st, _ := w.send(t, office, "POST", fmt.Sprintf("%s/%d/co-mat", base, m.u.ID), "present=1"); st != http.StatusSeeOther {
					t.Fatalf("presence: %d", st)
				}
			}
		}
		if st, _ := w.send(t, chair, "POST", "/hoi-dong/"+round+"/mo-cham", ""); st != http.StatusSeeOther {
			t.Fatalf("open scoring: %d", st)
		}
		d, _ := w.svc.DB.DossierByID(ctx, w.dossierIn)
		card, _ := rulebook.CardOf(d.Decision, d.Card)
		first, second := card.Criteria()[0], card.Criteria()[1]
		api := "/api/v1/council/rounds/" + round + "/dossiers/" + dossier + "/sheet"
		for _, s := range []struct {
			session string
			c       *rulebook.Criterion
		}{{m2s, first}, {chair, second}} {
			body := fmt.Sprintf(`{"answers":{%q:%g},"comments":{%q:"Đủ minh chứng về %s"},"submit":true}`, s.c.Code, s.c.Max, s.c.Code, s.c.Code)
			if st, b := w.send(t, s.session, "POST", api, body); st != 200 {
				t.Fatalf("submit: %d %s", st, b)
			}
		}

		m2Sheet := fmt.Sprintf("/ho-so/%s/phieu/%d", dossier, m2.ID)
		st, body := w.send(t, m2s, "GET", "/hoi-dong/"+round+m2Sheet, "")
		if st != 200 {
			t.Fatalf("m2 prints own sheet while scoring: %d", st)
		}
		if text, ok := pdfText(t, body); ok {
			for _, want := range []string{"PHIẾU CHẤM ĐIỂM SẢN PHẨM OCOP", "Nguyễn Thị Hoa", "Đủ minh chứng về " + first.Code,
				"Tổng điểm: " + i18n.Decimal(first.Max, 1), "Lần chấm thứ 1 — Đã nộp", "THÀNH VIÊN HỘI ĐỒNG"} {
				if !strings.Contains(text, want) {
					t.Errorf("sheet PDF lacks %q:\n%s", want, text)
				}
			}
		}
		if _, page := w.send(t, m2s, "GET", "/hoi-dong/"+round, ""); !strings.Contains(page, "/hoi-dong/"+round+m2Sheet) {
			t.Error("member's round page lacks the link to their sheet")
		}
		// Blind: before closing nobody else prints m2's sheet or the round's documents.
		blind := map[string]struct {
			session, path string
			want          int
		}{
			"member m3":  {m3s, "/hoi-dong/" + round + m2Sheet, http.StatusNotFound},
			"chair":      {chair, "/hoi-dong/" + round + m2Sheet, http.StatusConflict},
			"secretary":  {secs, "/hoi-dong/" + round + m2Sheet, http.StatusConflict},
			"office":     {office, "/dot-danh-gia/" + round + m2Sheet, http.StatusConflict},
			"summary":    {office, "/dot-danh-gia/" + round + "/tong-hop.xlsx", http.StatusConflict},
			"minutes":    {chair, "/hoi-dong/" + round + "/bien-ban.pdf", http.StatusConflict},
			"proposals":  {office, "/dot-danh-gia/" + round + "/de-nghi.xlsx", http.StatusConflict},
			"summaryPDF": {m2s, "/hoi-dong/" + round + "/tong-hop.pdf", http.StatusConflict},
		}
		for name, c := range blind {
			if st, body := w.send(t, c.session, "GET", c.path, ""); st != c.want || strings.Contains(body, "Đủ minh chứng") {
				t.Errorf("%s before closing: %d, want %d", name, st, c.want)
			}
		}

		if st, _ := w.send(t, chair, "POST", "/hoi-dong/"+round+"/khoa-cham", ""); st != http.StatusSeeOther {
			t.Fatalf("close: %d", st)
		}
		for name, c := range map[string]struct{ session, path string }{
			"chair": {chair, "/hoi-dong/" + round + m2Sheet}, "secretary": {secs, "/hoi-dong/" + round + m2Sheet},
			"office": {office, "/dot-danh-gia/" + round + m2Sheet},
		} {
			if st, body := w.send(t, c.session, "GET", c.path, ""); st != 200 || !strings.HasPrefix(body, "%PDF") {
				t.Errorf("%s prints m2's sheet after closing: %d", name, st)
			}
		}
		if st, _ := w.send(t, m3s, "GET", "/hoi-dong/"+round+m2Sheet, ""); st != http.StatusNotFound {
			t.Errorf("member m3 prints m2's sheet after closing: %d, want 404", st)
		}

		// The summary equals the engine's council result.
		res, err := w.svc.Results(ctx, w.users[ocop.RoleProvince], w.roundIn)
		if err != nil || len(res) != 1 || res[0].Result == nil {
			t.Fatalf("results: %v", err)
		}
		want := res[0].Result
		st, body = w.send(t, office, "GET", "/dot-danh-gia/"+round+"/tong-hop.xlsx", "")
		if st != 200 {
			t.Fatalf("summary xlsx: %d", st)
		}
		f, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Tổng hợp")
		if len(rows) < 4 {
			t.Fatalf("summary rows: %v", rows)
		}
		head, row := rows[2], rows[3]
		cell := func(name string) string {
			for i, h := range head {
				if h == name && i < len(row) {
					return row[i]
				}
			}
			return "?" + name
		}
		if cell("Điểm trung bình") != i18n.Decimal(want.Total, 2) || cell("Nguyễn Thị Hoa") != i18n.Decimal(first.Max, 1) ||
			cell("Chênh lệch") != i18n.Decimal(want.Spread, 1) || cell("Lò Văn Minh") != "—" || cell("Chấm lại") != "Không" {
			t.Errorf("summary row %v under %v, engine total %v spread %v", row, head, want.Total, want.Spread)
		}
		crit, _ := f.GetRows("Hồ sơ " + dossier)
		found := false
		for _, r := range crit {
			if len(r) > 2 && r[0] == first.Code {
				found = r[2] == fmt.Sprint(first.Max) || r[3] == fmt.Sprint(first.Max)
			}
		}
		if !found {
			t.Errorf("per-dossier sheet lacks m2's points on %s: %v", first.Code, crit)
		}

		st, body = w.send(t, chair, "GET", "/hoi-dong/"+round+"/tong-hop.pdf", "")
		if text, ok := pdfText(t, body); st != 200 || ok && (!strings.Contains(text, "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM") ||
			!strings.Contains(text, i18n.Decimal(want.Total, 2))) {
			t.Errorf("summary PDF: %d %s", st, text)
		}
		// The meeting's record: a bad date comes back beside the field with what was typed.
		meeting := url.Values{"meeting_date": {"31/02/2026"}, "meeting_place": {"Hội trường Sở NN&MT Sơn La"}, "meeting_version": {"0"}}
		if st, page := w.send(t, office, "POST", "/dot-danh-gia/"+round+"/cuoc-hop", meeting.Encode()); st != http.StatusUnprocessableEntity ||
			!strings.Contains(page, `id="e-meeting_date"`) || !strings.Contains(page, "Hội trường Sở NN&amp;MT Sơn La") {
			t.Errorf("bad meeting date: %d", st)
		}
		meeting.Set("meeting_date", "20/11/2026")
		meeting.Set("meeting_notes", "Hội đồng thống nhất kết quả.")
		if st, _ := w.send(t, office, "POST", "/dot-danh-gia/"+round+"/cuoc-hop", meeting.Encode()); st != http.StatusSeeOther {
			t.Fatalf("meeting: %d", st)
		}
		if st, _ := w.send(t, office, "POST", "/dot-danh-gia/"+round+"/cuoc-hop", meeting.Encode()); st != http.StatusConflict {
			t.Errorf("meeting saved over a newer version: %d, want 409", st)
		}
		if st, body := w.send(t, office, "GET", "/api/v1/rounds/"+round+"/meeting", ""); st != 200 || !strings.Contains(body, `"date":"2026-11-20"`) {
			t.Errorf("API meeting: %d %s", st, body)
		}
		if st, _ := w.send(t, hanoi, "POST", "/api/v1/rounds/"+round+"/meeting", `{"date":"20/11/2026","place":"Hà Nội"}`); st != http.StatusNotFound {
			t.Errorf("Hà Nội records Sơn La's meeting: %d, want 404", st)
		}
		st, body = w.send(t, office, "GET", "/dot-danh-gia/"+round+"/bien-ban.pdf", "")
		if text, ok := pdfText(t, body); st != 200 || ok {
			for _, s := range []string{"BIÊN BẢN HỌP HỘI ĐỒNG", "Cầm Thị Lan", "Vắng", "Có mặt", "Số thành viên có mặt: 3/4 (75,0%)", "Thời gian họp: 20/11/2026",
				"Địa điểm: Hội trường Sở NN&MT Sơn La", "Hội đồng thống nhất kết quả.",
				"đủ điều kiện họp", "Danh sách sản phẩm đề nghị công nhận", "CHỦ TỊCH HỘI ĐỒNG", "THƯ KÝ HỘI ĐỒNG"} {
				if !strings.Contains(text, s) {
					t.Errorf("minutes (%d) lack %q:\n%s", st, s, text)
				}
			}
		}
		st, body = w.send(t, office, "GET", "/dot-danh-gia/"+round+"/de-nghi.xlsx", "")
		if f, err := excelize.OpenReader(strings.NewReader(body)); st != 200 || err != nil {
			t.Errorf("proposal xlsx: %d %v", st, err)
		} else if rows, _ := f.GetRows("Đề nghị công nhận"); len(rows) < 3 || rows[2][0] != "STT" {
			t.Errorf("proposal rows: %v", rows)
		}
		if _, page := w.send(t, office, "GET", "/dot-danh-gia/"+round, ""); !strings.Contains(page, "/dot-danh-gia/"+round+"/bien-ban.pdf") ||
			!strings.Contains(page, "/dot-danh-gia/"+round+m2Sheet) {
			t.Error("office's round page lacks the output links")
		}

		// The API serves the same files; errors come back as JSON.
		apiSheet := fmt.Sprintf("/dossiers/%s/sheets/%d", dossier, m2.ID)
		for _, c := range []struct{ session, path, media string }{
			{office, "/api/v1/rounds/" + round + apiSheet, "application/pdf"},
			{office, "/api/v1/rounds/" + round + "/summary.xlsx", "spreadsheetml"},
			{chair, "/api/v1/council/rounds/" + round + "/minutes.pdf", "application/pdf"},
			{m2s, "/api/v1/council/rounds/" + round + "/proposals.xlsx", "spreadsheetml"},
		} {
			if st, body := w.send(t, c.session, "GET", c.path, ""); st != 200 || len(body) < 100 || (c.media == "application/pdf") != strings.HasPrefix(body, "%PDF") {
				t.Errorf("API %s: %d", c.path, st)
			}
		}
		if st, body := w.send(t, m3s, "GET", "/api/v1/council/rounds/"+round+apiSheet, ""); st != http.StatusNotFound || !strings.Contains(body, `"error"`) {
			t.Errorf("API: m3 reads m2's sheet: %d %s", st, body)
		}
		for _, p := range []string{m2Sheet, "/tong-hop.xlsx", "/tong-hop.pdf", "/bien-ban.pdf", "/de-nghi.xlsx"} {
			if st, _ := w.send(t, hanoi, "GET", "/dot-danh-gia/"+round+p, ""); st != http.StatusNotFound {
				t.Errorf("Hà Nội GET %s: %d, want 404", p, st)
			}
		}
	})
}
