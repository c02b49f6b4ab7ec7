package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

const dossierSetting = "demo_dossiers_loaded"

// DossierAccounts are the logins LoadDossiers adds so that the dossiers of
// Mộc Châu and Yên Châu have producers who filed them and officers who
// handled them. Same password as Accounts.
var DossierAccounts = []Account{
	{"chuthe.manhau", ocop.RoleProducer, ocop.CommuneScope(SonLa, MocChau), "Lò Thị Hoa", 1},
	{"chuthe.xoai", ocop.RoleProducer, ocop.CommuneScope(SonLa, YenChau), "Lường Văn Kiên", 2},
	{"canbo.mocchau", ocop.RoleCommune, ocop.CommuneScope(SonLa, MocChau), "Hà Thị Thu", -1},
	{"canbo.yenchau", ocop.RoleCommune, ocop.CommuneScope(SonLa, YenChau), "Sầm Văn Pản", -1},
	{"hoidong.bo", ocop.RoleCouncil, ocop.Country, "Vũ Thị Hạnh", -1},
	{"uyvien1.sonla", ocop.RoleCouncil, ocop.ProvinceScope(SonLa), "Lường Văn Hải", -1},
	{"uyvien2.sonla", ocop.RoleCouncil, ocop.ProvinceScope(SonLa), "Bạc Thị Dung", -1},
	// The first lecturer of the 2022 course, an expert of Sơn La's advisory
	// group: a lecturer's view without training.manage ("Buổi tôi giảng").
	{LecturerAccount, ocop.RoleAdvisory, ocop.ProvinceScope(SonLa), "Nguyễn Văn Minh", -1},
}

// LecturerAccount is the login linked to the 2022 course's first lecturer.
const LecturerAccount = "giangvien.tnu"

// newProducts are the demo products that only the dossiers need.
var newProducts = map[string][]service.ProductInput{
	"chuthe.manhau": {
		{Name: "Mứt mận hậu Mộc Châu", Card: 7, Description: "Mứt mận hậu dẻo, ít đường, hộp 250 g."},
		{Name: "Mận hậu tươi Mộc Châu", Card: 1, Description: "Mận hậu chín cây, thu hái tháng 5–6, hộp 2 kg."},
		{Name: "Ô mai mận hậu Mộc Châu", Card: 7, Description: "Ô mai mận hậu tẩm gừng, cam thảo, hộp 300 g."},
		{Name: "Mận hậu sấy lạnh Mộc Châu", Card: 7, Description: "Mận hậu sấy lạnh giữ màu và vị tươi, hộp 200 g."},
	},
	"chuthe.xoai": {
		{Name: "Nước ép xoài Yên Châu", Card: 7, Description: "Nước ép xoài tròn Yên Châu, chai 250 ml."},
		{Name: "Xoài xanh ngâm Yên Châu", Card: 7, Description: "Xoài xanh ngâm chua ngọt, hũ 500 g."},
		{Name: "Xoài sấy dẻo Yên Châu", Card: 7, Description: "Xoài tròn Yên Châu sấy dẻo, không đường, túi 200 g."},
		{Name: "Xoài sấy lạnh Yên Châu", Card: 7, Description: "Xoài tròn Yên Châu sấy lạnh, túi 150 g."},
	},
}

// step is one thing that happens to a dossier, a number of working days
// before today at an hour (Asia/Ho_Chi_Minh).
type step struct {
	ago, hour int
	what      string // fill, submit, receive, report, return, fix, forward, completion, accept
	reason    string // for return and completion
}

// story is one demo dossier from opening to the state a visitor finds it in.
type story struct {
	producer, officer, product, kind string
	report                           ocop.CommuneReport
	steps                            []step
}

// stories put a Sơn La dossier in every state, with dates that fit the
// commune's 15 working days: one due in a few days, one already late.
var stories = []story{
	{"chuthe.caphe", "canbo.chiengmai", "Cà phê Arabica rang xay Chiềng Ban", ocop.DossierUpgrade, ocop.CommuneReport{},
		[]step{{14, 9, "fill", ""}, {13, 10, "submit", ""}}}, // submitted, due soon
	{"chuthe.caphe", "canbo.chiengmai", "Cà phê nhân xanh Arabica Sơn La", ocop.DossierFirst, ocop.CommuneReport{},
		[]step{{2, 15, "draft", ""}}},
	{"chuthe.manhau", "canbo.mocchau", "Mận hậu tươi Mộc Châu", ocop.DossierFirst, ocop.CommuneReport{},
		[]step{{19, 14, "fill", ""}, {18, 8, "submit", ""}}}, // submitted, overdue
	{"chuthe.manhau", "canbo.mocchau", "Mận hậu sấy dẻo Mộc Châu", ocop.DossierRerating, ocop.CommuneReport{},
		[]step{{12, 9, "fill", ""}, {11, 16, "submit", ""}, {9, 8, "receive", ""},
			{8, 10, "return", "Bổ sung phiếu kết quả kiểm nghiệm chỉ tiêu vi sinh (còn hiệu lực) và hợp đồng thu mua mận với các hộ trồng."}}},
	{"chuthe.manhau", "canbo.mocchau", "Ô mai mận hậu Mộc Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Mận hậu của 26 hộ trồng tại phường Mộc Châu, có hợp đồng thu mua.", Labour: "8 lao động thường xuyên, 20 lao động thời vụ là người địa phương.",
		IdeaOrigin: "Cách làm ô mai truyền thống của gia đình.", Identity: "Gắn với vùng mận hậu cao nguyên Mộc Châu."},
		[]step{{32, 9, "fill", ""}, {31, 11, "submit", ""}, {29, 9, "receive", ""}, {26, 14, "report", ""}, {25, 10, "forward", ""},
			{10, 15, "completion", "Bổ sung phiếu kiểm nghiệm chỉ tiêu chất tạo ngọt và nhãn có đủ thông tin theo Nghị định 43/2017/NĐ-CP."}}},
	{"chuthe.xoai", "canbo.yenchau", "Xoài sấy dẻo Yên Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "100% xoài tròn Yên Châu của các thành viên hợp tác xã.", Labour: "15 thành viên và 40 hộ liên kết ở xã Yên Châu.",
		IdeaOrigin: "Hợp tác xã phát triển từ giống xoài bản địa.", Identity: "Xoài tròn Yên Châu, chỉ dẫn địa lý của tỉnh Sơn La."},
		[]step{{17, 9, "fill", ""}, {16, 10, "submit", ""}, {14, 8, "receive", ""}, {9, 14, "report", ""}, {8, 9, "forward", ""}}},
	{"chuthe.xoai", "canbo.yenchau", "Xoài tròn Yên Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Xoài tròn bản địa trồng tại xã Yên Châu.", Labour: "15 thành viên và 40 hộ liên kết ở xã Yên Châu.",
		IdeaOrigin: "Giống xoài bản địa được hợp tác xã bảo tồn.", Identity: "Xoài tròn Yên Châu, chỉ dẫn địa lý của tỉnh Sơn La."},
		[]step{{42, 9, "fill", ""}, {41, 10, "submit", ""}, {40, 8, "receive", ""},
			{38, 15, "return", "Thiếu giấy chứng nhận mã số vùng trồng và ảnh vườn xoài."}, {36, 9, "fix", ""}, {35, 10, "submit", ""},
			{33, 9, "report", ""}, {32, 14, "forward", ""}, {20, 10, "accept", ""}}},
}

// LoadDossiers plays the stories through the real use cases, so their
// audit rows and notifications are those the system writes. The store's
// clock is set back to each step's day while it runs. Every file is a
// generated illustration marked as such.
func LoadDossiers(ctx context.Context, svc *service.Service) error {
	// The paper certificates of Load get their verification codes, so a
	// visitor can verify them from the public list.
	if err := svc.EnsureCertificateCodes(ctx); err != nil {
		return err
	}
	if v, err := svc.DB.Setting(ctx, dossierSetting); err != nil || v != "" {
		return err
	}
	l := &loader{ctx: ctx, svc: svc, today: svc.DB.Now().In(i18n.Zone), users: map[string]*ocop.User{},
		products: map[string]*ocop.Product{}, photo: photo()}
	l.now = l.dayAt(finishedStart, 8)
	real := svc.DB.Now
	defer func() { svc.DB.Now = real }()
	svc.DB.Now = func() time.Time { l.now = l.now.Add(time.Second); return l.now }
	if err := l.accounts(); err != nil {
		return err
	}
	start := l.now
	if err := l.training(); err != nil {
		return fmt.Errorf("training 2022: %w", err)
	}
	if err := l.training2023(); err != nil {
		return fmt.Errorf("training 2023: %w", err)
	}
	l.now = start
	for _, name := range []string{"chuthe.caphe", "chuthe.manhau", "chuthe.xoai"} {
		if err := l.papers(name); err != nil {
			return err
		}
	}
	// The finished round is months older than every other story.
	if err := l.play(finishedStories); err != nil {
		return err
	}
	if err := l.finishedRound(); err != nil {
		return fmt.Errorf("finished round: %w", err)
	}
	if err := l.play(stories); err != nil {
		return err
	}
	if err := l.round(); err != nil {
		return fmt.Errorf("evaluation round: %w", err)
	}
	return svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.SetSetting(ctx, dossierSetting, "1") })
}

// loader holds what the stories share: accounts, products and the clock.
type loader struct {
	ctx      context.Context
	svc      *service.Service
	today    time.Time
	now      time.Time
	users    map[string]*ocop.User
	products map[string]*ocop.Product
	photo    []byte
}

// accounts adds DossierAccounts and reads every account the stories use.
func (l *loader) accounts() error {
	list, _, err := l.svc.DB.Producers(l.ctx, store.ProducerFilter{Scope: ocop.ProvinceScope(SonLa), Limit: 100})
	if err != nil {
		return err
	}
	hash := secret.HashPassword(Password)
	err = l.svc.DB.Update(l.ctx, ocop.System, func(tx *store.Tx) error {
		for _, a := range DossierAccounts {
			u := &ocop.User{Username: a.Username, FullName: a.FullName, Role: a.Role, Scope: a.Scope, Status: ocop.UserActive}
			if a.producer >= 0 {
				name := producers[a.producer].Name
				i := slices.IndexFunc(list, func(p *ocop.Producer) bool { return p.Name == name })
				if i < 0 {
					return fmt.Errorf("demo producer %q missing", name)
				}
				u.ProducerID = list[i].ID
			}
			if err := tx.CreateUser(l.ctx, u, hash); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range append(slices.Clone(Accounts), DossierAccounts...) {
		if l.users[a.Username], _, err = l.svc.DB.UserCredentials(l.ctx, a.Username); err != nil {
			return err
		}
	}
	for name, list := range newProducts {
		u := l.users[name]
		for _, in := range list {
			if _, err := l.svc.CreateProduct(l.ctx, u, u.ProducerID, in); err != nil {
				return err
			}
		}
	}
	all, _, err := l.svc.DB.Products(l.ctx, store.ProductFilter{Scope: ocop.ProvinceScope(SonLa), Limit: 100})
	for _, p := range all {
		l.products[p.Name] = p
	}
	return err
}

// papers uploads a producer's business registration and food-safety
// certificate, which every food dossier needs.
func (l *loader) papers(username string) error {
	u := l.users[username]
	p, err := l.svc.Producer(l.ctx, u, u.ProducerID)
	if err != nil {
		return err
	}
	issued := l.dayAt(300, 9)
	expires := l.today.AddDate(2, 0, 0).Format("02/01/2006")
	for _, doc := range []service.DocumentInput{
		{Kind: "dang_ky_kinh_doanh", Title: "Giấy chứng nhận đăng ký " + p.Name, Number: p.RegistrationNo,
			Issuer: "Sở Tài chính tỉnh Sơn La", IssuedOn: "12/06/2017"},
		{Kind: "attp", Title: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", Number: fmt.Sprintf("%d/%d/NNMT-SL", 40+u.ProducerID, issued.Year()),
			Issuer: "Sở Nông nghiệp và Môi trường tỉnh Sơn La", IssuedOn: issued.Format("02/01/2006"), ExpiresOn: expires},
	} {
		doc.FileName = doc.Kind + ".pdf"
		if _, err := l.svc.UploadDocument(l.ctx, u, u.ProducerID, doc, bytes.NewReader(illustration(doc.Title))); err != nil {
			return err
		}
	}
	return nil
}

// dayAt is a time on the working day n working days before today.
func (l *loader) dayAt(n, hour int) time.Time {
	cal, d := calendar.Default(), l.today
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	y, m, day := d.Date()
	return time.Date(y, m, day, hour, 0, 0, 0, i18n.Zone)
}

// play runs every story's steps in the order of their dates, so the audit
// trail reads forward in time.
func (l *loader) play(stories []story) error {
	type event struct {
		at time.Time
		s  *storyRun
		st step
	}
	var events []event
	for i := range stories {
		run := &storyRun{l: l, story: &stories[i]}
		for _, st := range stories[i].steps {
			events = append(events, event{l.dayAt(st.ago, st.hour), run, st})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int { return a.at.Compare(b.at) })
	for _, e := range events {
		l.now = e.at
		if err := e.s.do(e.st); err != nil {
			return fmt.Errorf("%s, %s: %w", e.s.product, e.st.what, err)
		}
	}
	return nil
}

// storyRun is a story being played: its dossier as last saved.
type storyRun struct {
	l *loader
	*story
	d     *ocop.Dossier
	sheet rulebook.Sheet
	file  []byte // the dossier's illustration, made once
}

func (r *storyRun) do(st step) error {
	l, ctx := r.l, r.l.ctx
	actor := map[string]string{"fill": r.producer, "draft": r.producer, "fix": r.producer, "submit": r.producer,
		"completion": "vanphong.sonla", "accept": "vanphong.sonla"}[st.what]
	if actor == "" {
		actor = r.officer
	}
	u := l.users[actor]
	// Whoever acts has read what the system told them.
	if err := l.svc.DB.MarkNotificationsRead(ctx, u.ID); err != nil {
		return err
	}
	var err error
	switch st.what {
	case "fill", "draft":
		return r.fill(u, st.what == "draft")
	case "fix":
		return r.fix(u)
	case "submit":
		r.d, err = l.svc.Submit(ctx, u, r.d.ID, r.d.Version)
	case "receive":
		r.d, err = l.svc.ReceiveDossier(ctx, u, r.d.ID, r.d.Version)
	case "report":
		r.d, err = l.svc.SaveCommuneReport(ctx, u, r.d.ID, r.d.Version, r.report)
	case "return":
		r.d, err = l.svc.ReturnDossier(ctx, u, r.d.ID, r.d.Version, st.reason)
	case "forward":
		r.d, err = l.svc.ForwardDossier(ctx, u, r.d.ID, r.d.Version)
	case "completion":
		r.d, err = l.svc.RequestCompletion(ctx, u, r.d.ID, r.d.Version, st.reason)
	case "accept":
		r.d, err = l.svc.AcceptDossier(ctx, u, r.d.ID, r.d.Version)
	default:
		err = fmt.Errorf("unknown step %q", st.what)
	}
	return err
}

// fill opens the dossier and answers it: the best option on parts A and
// C, a middle one on marketing (B), with evidence for every criterion that
// scores and a photo of the growing area. A draft is left half done.
func (r *storyRun) fill(u *ocop.User, draft bool) error {
	l, ctx := r.l, r.l.ctx
	prod := l.products[r.product]
	if prod == nil {
		return fmt.Errorf("demo product missing")
	}
	d, err := l.svc.OpenDossier(ctx, u, prod.ID, r.kind)
	if err != nil {
		return err
	}
	card, err := service.DossierCard(d)
	if err != nil {
		return err
	}
	r.sheet = rulebook.Sheet{Answers: map[string]float64{}}
	for i, cr := range card.Criteria() {
		opts := cr.Choices()
		switch {
		case draft && i >= 3:
		case cr.YesNo:
			r.sheet.Answers[cr.Code] = cr.Max
		case card.PartOf(cr.Code) == "B":
			r.sheet.Answers[cr.Code] = opts[len(opts)/2].Points
		default:
			r.sheet.Answers[cr.Code] = opts[len(opts)-1].Points
		}
	}
	if r.d, err = l.svc.SaveSheet(ctx, u, d.ID, d.Version, r.sheet); err != nil {
		return err
	}
	if !draft {
		if r.d, err = l.svc.SaveSelfReport(ctx, u, d.ID, r.d.Version, reports[r.producer]); err != nil {
			return err
		}
	}
	r.file = illustration("Minh chứng hồ sơ OCOP: " + r.product)
	for i, cr := range card.Criteria() {
		if r.sheet.Answers[cr.Code] == 0 || draft && i > 0 {
			continue
		}
		if err := r.evidence(u, cr.Code, "minh-chung-"+cr.Code+".pdf", r.file); err != nil {
			return err
		}
	}
	return r.evidence(u, card.Criteria()[0].Code, "anh-vung-nguyen-lieu.png", l.photo)
}

// fix answers the producer's part of a return: a better answer on the
// first marketing criterion, with its evidence.
func (r *storyRun) fix(u *ocop.User) error {
	card, err := service.DossierCard(r.d)
	if err != nil {
		return err
	}
	for _, cr := range card.Criteria() {
		if card.PartOf(cr.Code) != "B" || cr.YesNo {
			continue
		}
		opts := cr.Choices()
		r.sheet.Answers[cr.Code] = opts[len(opts)-1].Points
		if r.d, err = r.l.svc.SaveSheet(r.l.ctx, u, r.d.ID, r.d.Version, r.sheet); err != nil {
			return err
		}
		return r.evidence(u, cr.Code, "bo-sung-"+cr.Code+".pdf", r.file)
	}
	return nil
}

func (r *storyRun) evidence(u *ocop.User, code, name string, data []byte) error {
	_, err := r.l.svc.AddEvidence(r.l.ctx, u, r.d.ID, code, name, bytes.NewReader(data))
	return err
}

// reports are the producers' Mẫu 02 parts I, II and IV, by account.
var reports = map[string]ocop.SelfReport{
	"chuthe.caphe": coffeeReport,
	"chuthe.manhau": {
		History:     "Hợp tác xã thành lập năm 2019 từ tổ hợp tác trồng mận của 26 hộ ở Mộc Châu; chế biến mận sấy và ô mai từ năm 2021.",
		RawMaterial: "32 ha mận hậu của thành viên và hộ liên kết tại phường Mộc Châu, thu mua theo hợp đồng.",
		Technology:  "Lò sấy nhiệt 500 kg/mẻ, bếp sên ô mai, máy hàn túi.",
		Market:      "Bán tại chợ du lịch Mộc Châu, các điểm bán sản phẩm OCOP của tỉnh và qua mạng xã hội.",
		Results: []ocop.YearResult{
			{Year: 2024, Output: "6 tấn sản phẩm", Revenue: 980_000_000, Profit: 120_000_000},
			{Year: 2025, Output: "8 tấn sản phẩm", Revenue: 1_340_000_000, Profit: 175_000_000},
		},
		PlanGoals:  "Đạt 3 sao cho ba sản phẩm mận; 10 tấn sản phẩm năm 2027.",
		PlanMarket: "Đưa sản phẩm vào chuỗi siêu thị ở Hà Nội.",
		PlanInvest: "Đầu tư kho lạnh 20 tấn.",
	},
	"chuthe.xoai": {
		History:     "Hợp tác xã thành lập năm 2015, bảo tồn giống xoài tròn Yên Châu; sản phẩm xoài sấy dẻo có từ năm 2020.",
		RawMaterial: "60 ha xoài tròn Yên Châu của thành viên, có mã số vùng trồng.",
		Technology:  "Máy sấy bơm nhiệt, dây chuyền gọt, thái và đóng gói.",
		Market:      "Bán trong tỉnh, tại Hà Nội và xuất khẩu thử sang Trung Quốc.",
		Results: []ocop.YearResult{
			{Year: 2024, Output: "180 tấn quả tươi, 12 tấn sấy dẻo", Revenue: 3_600_000_000, Profit: 420_000_000},
			{Year: 2025, Output: "210 tấn quả tươi, 15 tấn sấy dẻo", Revenue: 4_250_000_000, Profit: 510_000_000},
		},
		PlanGoals:  "Nâng hạng xoài sấy dẻo lên 4 sao.",
		PlanMarket: "Mở rộng xuất khẩu chính ngạch.",
		PlanInvest: "Thêm một máy sấy bơm nhiệt 1 tấn/mẻ.",
	},
}

// coffeeReport is the demo cooperative's Mẫu 02 parts I, II and IV.
var coffeeReport = ocop.SelfReport{
	History: "Hợp tác xã thành lập năm 2016 từ tổ hợp tác trồng cà phê Arabica của 32 hộ đồng bào Thái; " +
		"sản phẩm cà phê rang xay ra đời năm 2019, được công nhận OCOP 3 sao năm 2023.",
	RawMaterial: "45 ha cà phê Arabica của thành viên tại xã Chiềng Mai, đã được cấp mã số vùng trồng.",
	Technology:  "Máy rang 15 kg/mẻ điều khiển nhiệt độ, máy xay và máy đóng gói hút chân không.",
	Changes:     "Từ năm 2024: bao bì mới có van một chiều, nhãn ghi mã truy xuất nguồn gốc, công bố lại tiêu chuẩn cơ sở.",
	Market:      "Bán tại các điểm bán sản phẩm OCOP của tỉnh, hai chuỗi cửa hàng ở Hà Nội và trên sàn thương mại điện tử.",
	Results: []ocop.YearResult{
		{Year: 2024, Output: "9 tấn cà phê rang", Revenue: 2_150_000_000, Profit: 310_000_000},
		{Year: 2025, Output: "12 tấn cà phê rang", Revenue: 2_980_000_000, Profit: 455_000_000},
	},
	PlanGoals:  "Nâng hạng sản phẩm lên 4 sao; đạt 15 tấn cà phê rang năm 2027.",
	PlanMarket: "Mở thêm đại lý tại Hà Nội và Hải Phòng; xuất khẩu thử nghiệm sang Hàn Quốc.",
	PlanInvest: "Đầu tư máy rang 30 kg/mẻ và kho bảo quản (1,2 tỷ đồng, vốn hợp tác xã và hỗ trợ của tỉnh).",
}

// illustration is a one-page PDF that says plainly it is demo material.
func illustration(title string) []byte {
	doc, err := pdf.New(title)
	if err != nil {
		return nil
	}
	doc.NationalHeader()
	doc.Heading(title)
	doc.Paragraph("Tài liệu minh họa của dữ liệu thử nghiệm (--demo). Không phải văn bản thật.")
	b, _ := doc.Bytes()
	return b
}

// photo is a small PNG standing for a photograph of the growing area:
// green hills under a pale sky.
func photo() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 240, 160))
	for y := range 160 {
		for x := range 240 {
			c := color.RGBA{200, 225, 240, 255}
			if y > 90+(x%60-30)*(x%60-30)/30 {
				c = color.RGBA{60, uint8(120 + y/4), 60, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
