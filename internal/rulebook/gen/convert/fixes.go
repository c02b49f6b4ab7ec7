package convert

import (
	"strconv"
	"strings"
)

// optionFix corrects or annotates one printed option.
type optionFix struct {
	crit string // criterion code
	opt  int    // 1-based option index in printed order (across cases)
	// printed is the points cell as printed; checked when points is set.
	printed string
	points  *float64 // value used instead of the printed one; nil: keep
	// bullet accepts an "o " bullet instead of "□ "; spacedStars accepts a
	// star marker printed with spaces ("* * * *").
	bullet, spacedStars bool
	note                string // Option.Note (Vietnamese, then English)
}

// cardFixes are the known source issues of one scorecard file.
type cardFixes struct {
	options []optionFix
	notes   []string // Card.Notes
	// flags acknowledge the "⚠" lines of the transcription (substrings).
	flags []string
	// allow: "A:printed" (Phần heading prints other points than its
	// maximum), "C:sum" (sections do not add up to the part maximum),
	// "B:title" (irregular Phần title), "legend" (no star legend).
	allow map[string]bool
	// relabel corrects the letter of a QĐ 148 criterion heading.
	relabel []relabel
}

// relabel gives criterion "from)" of a section, whose title starts with
// title, the letter "to".
type relabel struct{ section, from, title, to string }

func (f *cardFixes) relabeling(section, from, title string) (int, *relabel) {
	for i, r := range f.relabel {
		if r.section == section && r.from == from && strings.HasPrefix(title, r.title) {
			return i, &f.relabel[i]
		}
	}
	return -1, nil
}

func (f *cardFixes) option(crit string, opt int) (int, *optionFix) {
	for i := range f.options {
		if f.options[i].crit == crit && f.options[i].opt == opt {
			return i, &f.options[i]
		}
	}
	return -1, nil
}

func pts(v float64) *float64 { return &v }

// fixes by file key ("qd26-04"). Every entry is a documented source issue;
// values are chosen so that the maxima add up.
var fixes = map[string]*cardFixes{
	"qd26-03": {
		options: []optionFix{
			{crit: "5.1", opt: 5, spacedStars: true, note: spacedStarsNote},
		},
		flags: []string{"Criterion 5.1, option 5: the source prints the 4★ marker with spaces"},
	},
	"qd26-04": {
		options: []optionFix{
			{crit: "1.2", opt: 1, printed: "", points: pts(0), note: blankZeroNote},
			{crit: "7", opt: 3, printed: "13", points: pts(3),
				note: "Nguồn in \"13\"; dùng 3 để khớp điểm tối đa (source prints 13; 3 matches the maximum)"},
		},
		flags: []string{"7. DINH DƯỠNG (Chỉ ra hàm lượng của các chỉ t: declared max 3, best option 13", "Source prints \"13\""},
	},
	"qd26-07": {
		options: []optionFix{
			{crit: "1.2", opt: 1, printed: "", points: pts(0), note: blankZeroNote},
			{crit: "3.1", opt: 2, note: "Nguồn in 1 điểm, trong khi 20 bộ tiêu chí khác và bộ số 7 của QĐ 148 cho 2 điểm; " +
				"giữ nguyên 1 điểm như bản in cho tới khi đối chiếu bản ký (source prints 1 point where the other cards and " +
				"QĐ 148 card 7 give 2; kept as printed until checked against the signed PDF)"},
			{crit: "7", opt: 4, bullet: true, note: "Nguồn in ký hiệu «o» thay cho ô «□» (source prints an \"o\" bullet instead of the box)"},
		},
		flags: []string{"option bullet \"o\" instead of \"□\"", "Criterion 3.1, option 2 (Công ty TNHH …) prints 1 point"},
	},
	"qd26-10": {
		options: []optionFix{
			{crit: "1.2", opt: 1, printed: "", points: pts(0), note: blankZeroNote},
		},
	},
	"qd26-11": {
		options: []optionFix{
			{crit: "1.2", opt: 1, printed: "", points: pts(0), note: blankZeroNote},
			{crit: "6.1.1", opt: 2, printed: "11", points: pts(1),
				note: "Nguồn in \"11\"; dùng 1 để khớp điểm tối đa 2 (source prints 11; 1 fits the maximum of 2)"},
		},
		flags: []string{"6.1.1. Tạp chất: declared max 2, best option 11", "Source prints \"11\""},
	},
	"qd26-23": {
		options: []optionFix{
			{crit: "6.2", opt: 1, note: "Nguồn in 1 điểm, bằng phương án 2, trong khi 7 bộ tiêu chí khác cho 0 điểm; giữ nguyên như bản in " +
				"cho tới khi đối chiếu bản ký (source prints 1 point, the same as option 2, where 7 other cards give 0; kept as printed " +
				"until checked against the signed PDF)"},
		},
		notes: []string{"Ô điểm của tiêu chí 9 (Hướng dẫn sử dụng) in \"4 1\"; dùng 4 vì phương án cao nhất là 4 và Phần C chỉ đủ 35 điểm với 4 " +
			"(criterion 9 prints its points cell as \"4 1\"; 4 is used: the best option is 4 and Part C adds up to 35 only with 4)"},
		flags: []string{"points cell reads \"4 1\" in source", "Criterion 9 (Hướng dẫn sử dụng) prints its points cell as \"4 1\"",
			"Criterion 6.2, option 1 (Chấp nhận được) prints 1 point"},
	},
	"qd26-26": {
		notes: []string{
			"Tiêu đề Phần A in \"(35 Điểm)\" nhưng điểm tối đa là 40 và các mục cộng lại được 40; dùng 40 " +
				"(the Part A heading prints \"(35 Điểm)\" but its maximum is 40 and the sections add up to 40; 40 is used)",
			"Bản chép của bộ tiêu chí 26 không có dòng «Hồ sơ bị loại khi» và dòng chú thích dấu sao " +
				"(the transcript of card 26 has no \"Hồ sơ bị loại khi\" knock-out line and no star-legend line)",
		},
		flags: []string{"In this transcript item 26 has no \"Hồ sơ bị loại khi\" line"},
		allow: map[string]bool{"A:printed": true, "legend": true},
	},
	"qd148-02": {notes: []string{nangcNote}, allow: map[string]bool{"B:title": true}},
	"qd148-03": {
		notes: []string{nangcNote},
		flags: []string{"7. DINH DƯỠNG (Chỉ ra hàm lượng của các : declared 2, criteria sum 0", "8. TÍNH ĐỘC ĐÁO: declared 5, criteria sum 0",
			"10. ĐẢM BẢO CHẤT LƯỢNG SẢN PHẨM: declared 5, criteria sum 0", "12. CƠ HỘI THỊ TRƯỜNG TOÀN CẦU: declared 3, criteria sum 0",
			"a): declared , best option", "a ) CƠ HỘI THỊ TRƯỜNG TOÀN CẦU: declared , best option 3"},
		allow: map[string]bool{"B:title": true},
	},
	"qd148-04": {notes: []string{nangcNote}, allow: map[string]bool{"B:title": true}},
	"qd148-05": {notes: []string{nangcNote}, allow: map[string]bool{"B:title": true}},
	"qd148-06": {notes: []string{nangcNote}, allow: map[string]bool{"B:title": true}},
	"qd148-07": {
		options: []optionFix{
			{crit: "6d", opt: 3, printed: "3", points: pts(4),
				note: "Bản CSV in 3 điểm nhưng tiêu chí tối đa 4 điểm và mục 6 chỉ cộng đủ 16 điểm với 4; dùng 4 " +
					"(the CSV prints 3 but the criterion maximum is 4 and section 6 adds up to 16 only with 4)"},
		},
		notes: []string{nangcNote},
		flags: []string{"d) Mùi: declared 4, best option 3"},
		allow: map[string]bool{"B:title": true},
	},
	"qd148-11": {
		notes: []string{partCShortNote(32)},
		flags: []string{"Phần C CHẤT LƯỢNG SẢN PHẨM (35: declared 35, sections sum 32", "6. CHỈ TIÊU CẢM QUAN: declared 13, criteria sum 26"},
		allow: map[string]bool{"C:sum": true},
	},
	"qd148-12": {
		notes: []string{partCShortNote(32)},
		flags: []string{"Phần C CHẤT LƯỢNG SẢN PHẨM (35: declared 35, sections sum 32"},
		allow: map[string]bool{"C:sum": true},
	},
	"qd148-13": {
		notes: []string{partCShortNote(33)},
		flags: []string{"Phần C. CHẤT LƯỢNG SẢN PHẨM: declared 35, sections sum 33"},
		allow: map[string]bool{"C:sum": true},
	},
	"qd148-17": {
		options: []optionFix{
			{crit: "1d", opt: 2, printed: "", points: pts(1), note: ocrNote("l")},
		},
		flags: []string{"CSV score cell for \"□ Có hợp đồng liên kết sản xuất từ 50% đến dưới 75\" reads 'l'"},
	},
	"qd148-18": {
		options: []optionFix{
			{crit: "1b", opt: 2, printed: "", points: pts(1), note: ocrNote("t")},
		},
		relabel: []relabel{{section: "3", from: "c", title: "Sở hữu trí tuệ", to: "e"}},
		flags:   []string{"CSV score cell for \"□ Chế biến đơn giản\" reads 't'"},
	},
	"qd148-19": {
		relabel: []relabel{{section: "3", from: "c", title: "Sở hữu trí tuệ", to: "e"}},
	},
	"qd148-26": {
		// The converter summed both "Trường hợp" of criteria 8, 9 and 15;
		// they are alternatives (one is used), modelled as such.
		flags: []string{"8. CHẤT LƯỢNG VỀ ĐIỀU KIỆN KINH DOANH DỊ: declared 3, criteria sum 6",
			"9. CHẤT LƯỢNG AN TOÀN VÀ AN NINH TRẬT TỰ: declared 2, criteria sum 4", "15. TIỆN NGHI: declared 3, criteria sum 6"},
	},
}

const (
	spacedStarsNote = "Nguồn in dấu sao có khoảng trắng (\"* * * *\"); hiểu là mức tối thiểu 4 sao như ở các bộ tiêu chí khác " +
		"(source prints the marker as \"* * * *\"; read as the 4★ minimum, as on the other cards)"
	blankZeroNote = "Nguồn để trống ô điểm; dùng 0 như ở bộ tiêu chí số 1 (source leaves the points cell blank; 0 used, as on card 1)"
	nangcNote     = "Tiêu đề Phần B in «KHẢ NĂNC TIẾP THỊ» (lỗi chính tả của «KHẢ NĂNG»); giữ nguyên như bản in " +
		"(the Part B heading prints \"KHẢ NĂNC\", a typo for \"KHẢ NĂNG\"; kept as printed)"
)

func ocrNote(cell string) string {
	return "Ô điểm trong bản CSV ghi «" + cell + "» (nhiều khả năng là chữ số 1 bị nhận dạng sai); dùng 1, nằm giữa phương án trước (0) và sau (2) " +
		"(the CSV score cell reads \"" + cell + "\", most likely a misread 1; 1 is used, between the options before (0) and after (2))"
}

func partCShortNote(sum int) string {
	s := strconv.Itoa(sum)
	d := strconv.Itoa(35 - sum)
	return "Phần C in tối đa 35 điểm nhưng các mục cộng lại chỉ được " + s + " (bản CSV thiếu " + d + " điểm, không xác định được ở mục nào); " +
		"giữ 35 như bản in, nên điểm tối đa đạt được của phiếu là " + strconv.Itoa(65+sum) + " " +
		"(Part C is printed as 35 but its sections add up to " + s + ": the CSV lacks " + d + " points somewhere; 35 is kept as printed, " +
		"so the highest reachable total is " + strconv.Itoa(65+sum) + ")"
}

// phuLucEntry is a Phụ lục I path.
type phuLucEntry struct{ typ, group, subgroup string }

// phuLucI maps card numbers to the Phụ lục I classification of QĐ 26/2026
// (ocop-rules.md §1.1; QĐ 148 had the same groups, §1.2). The top level is
// written as on the forms ("Thực phẩm", not "SẢN PHẨM THỰC PHẨM").
var phuLucI = map[int]phuLucEntry{
	1:  {"Thực phẩm", "Thực phẩm tươi sống", "Rau, củ, quả, hạt tươi"},
	2:  {"Thực phẩm", "Thực phẩm tươi sống", "Thịt, thủy sản, trứng, sữa tươi"},
	3:  {"Thực phẩm", "Thực phẩm thô, sơ chế", "Gạo, ngũ cốc, hạt sơ chế khác"},
	4:  {"Thực phẩm", "Thực phẩm thô, sơ chế", "Mật ong, mật khác và nông sản thực phẩm khác"},
	5:  {"Thực phẩm", "Thực phẩm chế biến", "Đồ ăn nhanh"},
	6:  {"Thực phẩm", "Thực phẩm chế biến", "Chế biến từ gạo, ngũ cốc"},
	7:  {"Thực phẩm", "Thực phẩm chế biến", "Chế biến từ rau, củ, quả, hạt"},
	8:  {"Thực phẩm", "Thực phẩm chế biến", "Chế biến từ thịt, trứng, sữa, thủy sản, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác"},
	9:  {"Thực phẩm", "Gia vị", "Tương, nước mắm, gia vị dạng lỏng khác"},
	10: {"Thực phẩm", "Gia vị", "Gia vị khác"},
	11: {"Thực phẩm", "Chè", "Chè tươi, chế biến"},
	12: {"Thực phẩm", "Chè", "Sản phẩm chè từ thực vật khác"},
	13: {"Thực phẩm", "Cà phê, ca cao", ""},
	14: {"Đồ uống", "Đồ uống có cồn", "Rượu trắng"},
	15: {"Đồ uống", "Đồ uống có cồn", "Đồ uống có cồn khác"},
	16: {"Đồ uống", "Đồ uống không cồn", "Nước khoáng thiên nhiên, nước uống đóng chai"},
	17: {"Đồ uống", "Đồ uống không cồn", "Đồ uống không cồn"},
	18: {"Dược liệu và sản phẩm từ dược liệu", "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", ""},
	19: {"Dược liệu và sản phẩm từ dược liệu", "Mỹ phẩm có thành phần từ dược liệu", ""},
	20: {"Dược liệu và sản phẩm từ dược liệu", "Tinh dầu và dược liệu khác", ""},
	21: {"Hàng thủ công mỹ nghệ", "Thủ công mỹ nghệ gia dụng, trang trí", ""},
	22: {"Hàng thủ công mỹ nghệ", "Vải, may mặc", ""},
	23: {"Sinh vật cảnh", "Hoa", ""},
	24: {"Sinh vật cảnh", "Cây cảnh", ""},
	25: {"Sinh vật cảnh", "Động vật cảnh", ""},
	26: {"Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", ""},
}
