// Package demo loads a small, realistic demo province — Sơn La, the
// province of the seed articles — with producers, products and one account
// for every role. It runs only when the server is started with --demo.
package demo

import (
	"context"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// Password is the password of every demo account. It is printed at start
// and in the README: demo data is for trying the system, never production.
const Password = "ocop-demo-2026"

// Sơn La and the communes the demo uses (codes of Decision 19/2025/QĐ-TTg).
const (
	SonLa      = "14"
	ChiengMai  = "04132" // Xã Chiềng Mai, which absorbed the coffee commune Chiềng Ban
	MocChau    = "03980" // Phường Mộc Châu
	YenChau    = "04075" // Xã Yên Châu
	settingKey = "demo_loaded"
)

// Account is a demo login.
type Account struct {
	Username string
	Role     ocop.Role
	Scope    ocop.Scope
	FullName string
	producer int // index into producers, -1 for staff
}

// Accounts lists the demo logins, one per role.
var Accounts = []Account{
	{"chuthe.caphe", ocop.RoleProducer, ocop.CommuneScope(SonLa, ChiengMai), "Lò Văn Thắng", 0},
	{"canbo.chiengmai", ocop.RoleCommune, ocop.CommuneScope(SonLa, ChiengMai), "Cầm Thị Hương", -1},
	{"vanphong.sonla", ocop.RoleProvince, ocop.ProvinceScope(SonLa), "Hoàng Văn Nam", -1},
	{"hoidong.sonla", ocop.RoleCouncil, ocop.ProvinceScope(SonLa), "Nguyễn Thị Mai", -1},
	{"totuvan.sonla", ocop.RoleAdvisory, ocop.ProvinceScope(SonLa), "Đinh Công Sơn", -1},
	{"vanphong.bo", ocop.RoleMinistry, ocop.Country, "Trần Quốc Việt", -1},
	{"giangvien.sonla", ocop.RoleTrainer, ocop.ProvinceScope(SonLa), "Phạm Thu Trang", -1},
	{"quantri.sonla", ocop.RoleAdmin, ocop.ProvinceScope(SonLa), "Quàng Văn Dũng", -1},
}

type producer struct {
	ocop.Producer
	products []ocop.Product
}

var producers = []producer{
	{ocop.Producer{Name: "Hợp tác xã Cà phê Arabica Chiềng Ban", LegalType: "hop_tac_xa", RegistrationNo: "5500123456",
		TaxCode: "5500123456", Address: "Bản Nà Ban, xã Chiềng Mai", CommuneCode: ChiengMai, Representative: "Lò Văn Thắng",
		Phone: "0912345678", Status: ocop.UserActive, FoundedOn: "2017-06-12", RepGender: "nam", RepEthnicity: "Thái",
		RepAddress:   "Bản Nà Ban, xã Chiềng Mai, tỉnh Sơn La",
		Organisation: "Hội đồng quản trị 3 thành viên; Giám đốc; bộ phận kỹ thuật trồng và chăm sóc; xưởng sơ chế, rang xay; bộ phận kinh doanh. 45 thành viên, 120 hộ liên kết."}, []ocop.Product{
		{Name: "Cà phê Arabica rang xay Chiềng Ban", Category: "Sản phẩm cà phê, ca cao", Stars: 4, Card: 13,
			Description: "Cà phê Arabica trồng ở độ cao trên 700 m, rang mộc, đóng gói 250 g và 500 g."},
		{Name: "Cà phê nhân xanh Arabica Sơn La", Category: "Sản phẩm cà phê, ca cao", Stars: 3, Card: 13,
			Description: "Cà phê nhân sơ chế ướt, phân loại sàng 16–18."},
	}},
	{ocop.Producer{Name: "Hộ kinh doanh Mận sấy Lò Thị Hoa", LegalType: "ho_gia_dinh", RegistrationNo: "14A8001234",
		Address: "Tiểu khu 4, phường Mộc Châu", CommuneCode: MocChau, Representative: "Lò Thị Hoa",
		Phone: "0987654321", Status: ocop.UserActive, FoundedOn: "2020-03-02", RepGender: "nu", RepEthnicity: "Thái"}, []ocop.Product{
		{Name: "Mận hậu sấy dẻo Mộc Châu", Category: "Chế biến từ rau, củ, quả, hạt", Stars: 3, Card: 7,
			Description: "Mận hậu Mộc Châu sấy dẻo, không chất bảo quản, túi 300 g."},
	}},
	{ocop.Producer{Name: "Hợp tác xã Xoài Yên Châu", LegalType: "hop_tac_xa", RegistrationNo: "5500654321",
		TaxCode: "5500654321", Address: "Bản Cóc, xã Yên Châu", CommuneCode: YenChau, Representative: "Lường Văn Kiên",
		Phone: "0977111222", Status: ocop.UserActive, FoundedOn: "2015-09-20", RepGender: "nam", RepEthnicity: "Thái"}, []ocop.Product{
		{Name: "Xoài tròn Yên Châu", Category: "Rau, củ, quả, hạt tươi", Stars: 0, Card: 1,
			Description: "Xoài tròn bản địa, thu hoạch tháng 5–6."},
	}},
	// Waiting for the commune officer of Chiềng Mai: shows the confirmation step.
	{ocop.Producer{Name: "Tổ hợp tác Mật ong bạc hà Chiềng Mai", LegalType: "to_hop_tac", Address: "Bản Hụm, xã Chiềng Mai",
		CommuneCode: ChiengMai, Representative: "Tòng Thị Lan", Phone: "0966333444", Status: ocop.UserPending}, nil},
}

// Loaded reports whether the demo data is in the database.
func Loaded(ctx context.Context, db *store.DB) (bool, error) {
	v, err := db.Setting(ctx, settingKey)
	return v != "", err
}

// Load adds the demo data once; it does nothing if already loaded.
func Load(ctx context.Context, db *store.DB) error {
	if ok, err := Loaded(ctx, db); err != nil || ok {
		return err
	}
	hash := secret.HashPassword(Password)
	return db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		ids := make([]int64, len(producers))
		for i, pr := range producers {
			p := pr.Producer
			p.ProvinceCode = SonLa
			if err := tx.CreateProducer(ctx, &p); err != nil {
				return err
			}
			ids[i] = p.ID
			for _, prod := range pr.products {
				prod.ProducerID, prod.CommuneCode, prod.ProvinceCode = p.ID, p.CommuneCode, SonLa
				if err := tx.CreateProduct(ctx, &prod); err != nil {
					return err
				}
				if err := recordCertificate(ctx, tx, &prod); err != nil {
					return err
				}
			}
		}
		pending := &ocop.User{Username: "chuthe.matong", FullName: "Tòng Thị Lan", Role: ocop.RoleProducer,
			Scope: ocop.CommuneScope(SonLa, ChiengMai), ProducerID: ids[3], Status: ocop.UserPending}
		if err := tx.CreateUser(ctx, pending, hash); err != nil {
			return err
		}
		for _, a := range Accounts {
			u := &ocop.User{Username: a.Username, FullName: a.FullName, Role: a.Role, Scope: a.Scope, Status: ocop.UserActive}
			if a.producer >= 0 {
				u.ProducerID = ids[a.producer]
			}
			if err := tx.CreateUser(ctx, u, hash); err != nil {
				return err
			}
		}
		return tx.SetSetting(ctx, settingKey, "1")
	})
}

// certificates are the paper certificates of the demo products, recognised
// before the platform: how many days from today each expires (the roasted
// coffee well within its term, so it can be upgraded; the dried plums
// inside the re-rating window) and its numbers.
var certificates = map[string]struct {
	expiresIn          int
	number, decisionNo string
}{
	"Cà phê Arabica rang xay Chiềng Ban": {660, "0412/GCN-OCOP", "2145/QĐ-UBND"},
	"Mận hậu sấy dẻo Mộc Châu":           {150, "0187/GCN-OCOP", "1532/QĐ-UBND"},
}

// recordCertificate records a demo product's certificate, dated from today
// so the demo always shows the same situation.
func recordCertificate(ctx context.Context, tx *store.Tx, p *ocop.Product) error {
	c, ok := certificates[p.Name]
	if !ok {
		return nil
	}
	expires := time.Now().In(i18n.Zone).AddDate(0, 0, c.expiresIn)
	issued := expires.AddDate(0, -ocop.CertificateMonths, 0).Format("2006-01-02")
	return tx.CreateCertificate(ctx, &ocop.Certificate{Number: c.number, ProductID: p.ID, ProducerID: p.ProducerID,
		ProvinceCode: p.ProvinceCode, CommuneCode: p.CommuneCode, Stars: p.Stars, Level: ocop.LevelProvinceCert,
		DecisionNo: c.decisionNo, DecisionDate: issued, Signer: "Phó Chủ tịch UBND tỉnh Sơn La", IssuedOn: issued,
		ExpiresOn: expires.Format("2006-01-02"), Status: ocop.CertValid, Source: ocop.CertRecorded})
}
