package service

import (
	"context"
	"fmt"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// The fictional communes of every sandbox (ocop.SandboxCommunes of them).
var sandboxCommuneNames = []string{"Thực hành An Lạc", "Thực hành Bình Minh", "Thực hành Hòa Phong"}

// SandboxRole is one kind of practice account: the role, the word in its
// username and the level it works at.
type SandboxRole struct {
	Role  ocop.Role
	Word  string
	Level ocop.Level
}

// SandboxRoles are the practice accounts a sandbox has, Seats of each:
// producers and commune officers paired commune by commune, province
// officers and council members.
var SandboxRoles = []SandboxRole{
	{ocop.RoleProducer, "chuthe", ocop.LevelCommune},
	{ocop.RoleCommune, "canboxa", ocop.LevelCommune},
	{ocop.RoleProvince, "tinh", ocop.LevelProvince},
	{ocop.RoleCouncil, "hoidong", ocop.LevelProvince},
}

// SandboxUsername is the readable login of the n-th (1-based) account of
// a role word in a sandbox: "th7.chuthe01".
func SandboxUsername(sb *ocop.Sandbox, word string, n int) string {
	return fmt.Sprintf("th%d.%s%02d", sb.ID, word, n)
}

// practice producers: legal forms and two products each, on scorecards
// the current decision has, so a dossier can be opened at once.
var (
	sandboxLegal = []struct{ kind, label string }{
		{"hop_tac_xa", "Hợp tác xã"}, {"ho_san_xuat", "Hộ sản xuất"}, {"doanh_nghiep", "Công ty TNHH"}, {"to_hop_tac", "Tổ hợp tác"},
	}
	sandboxProducts = []ProductInput{
		{Name: "Mứt gừng Thực hành %02d", Card: 7, Description: "Sản phẩm hư cấu để thực hành: mứt gừng dẻo, hộp 250 g."},
		{Name: "Rau cải sạch Thực hành %02d", Card: 1, Description: "Sản phẩm hư cấu để thực hành: rau cải tươi, bó 500 g."},
	}
)

// cast is who and what a filled sandbox has, for the practice steps.
type cast struct {
	sb       *ocop.Sandbox
	users    map[ocop.Role][]*ocop.User
	products [][]*ocop.Product // per producer account
}

// fill makes an empty sandbox ready for a class, inside the caller's
// transaction so a sandbox is never left half made: the accounts,
// producers and products, then the practice steps.
func fill(ctx context.Context, tx *store.Tx, sb *ocop.Sandbox) error {
	c, err := populate(ctx, tx, sb)
	if err != nil {
		return err
	}
	return practise(ctx, tx, c)
}

// populate fills an empty sandbox: Seats accounts of each SandboxRole,
// one producer per producer account with its products. All accounts share
// the sandbox's password and keep it (the sheet must stay true).
func populate(ctx context.Context, tx *store.Tx, sb *ocop.Sandbox) (*cast, error) {
	c := &cast{sb: sb, users: map[ocop.Role][]*ocop.User{}}
	hash := secret.HashPassword(sb.Password)
	for i := 1; i <= sb.Seats; i++ {
		commune := ocop.SandboxCommuneCode(sb.ID, (i-1)%ocop.SandboxCommunes+1)
		for _, r := range SandboxRoles {
			u := &ocop.User{Username: SandboxUsername(sb, r.Word, i), Role: r.Role, Status: ocop.UserActive,
				FullName: fmt.Sprintf("Học viên %02d (%s)", i, i18n.T("role."+string(r.Role))),
				Scope:    ocop.ProvinceScope(sb.UnitCode)}
			if r.Level == ocop.LevelCommune {
				u.Scope = ocop.CommuneScope(sb.UnitCode, commune)
			}
			if r.Role == ocop.RoleProducer {
				products, err := practiceProducer(ctx, tx, sb, i, commune)
				if err != nil {
					return nil, err
				}
				u.ProducerID = products[0].ProducerID
				c.products = append(c.products, products)
			}
			if err := tx.CreateUser(ctx, u, hash); err != nil {
				return nil, err
			}
			c.users[r.Role] = append(c.users[r.Role], u)
		}
	}
	return c, nil
}

// practiceProducer creates the i-th practice producer and its products.
func practiceProducer(ctx context.Context, tx *store.Tx, sb *ocop.Sandbox, i int, commune string) ([]*ocop.Product, error) {
	legal := sandboxLegal[(i-1)%len(sandboxLegal)]
	p := &ocop.Producer{Name: fmt.Sprintf("%s Thực hành %02d", legal.label, i), LegalType: legal.kind,
		Address: fmt.Sprintf("Thôn %d, %s", i, sandboxCommuneNames[(i-1)%ocop.SandboxCommunes]), CommuneCode: commune,
		ProvinceCode: sb.UnitCode, Representative: fmt.Sprintf("Học viên %02d", i), Phone: fmt.Sprintf("09000000%02d", i%100),
		Status: ocop.UserActive}
	if err := tx.CreateProducer(ctx, p); err != nil {
		return nil, err
	}
	var out []*ocop.Product
	for _, in := range sandboxProducts {
		in.Name = fmt.Sprintf(in.Name, i)
		prod := &ocop.Product{ProducerID: p.ID, CommuneCode: commune, ProvinceCode: sb.UnitCode}
		if err := productFrom(prod, in); err != nil {
			return nil, err
		}
		if err := tx.CreateProduct(ctx, prod); err != nil {
			return nil, err
		}
		out = append(out, prod)
	}
	return out, nil
}

// practise plays the first steps under the use cases' rules, as the
// sandbox's own accounts would: every producer has a draft dossier for its
// first product, and the first province officer's office has this
// period's round with a council seating every council member, present, so
// scoring can be practised once dossiers reach the round.
func practise(ctx context.Context, tx *store.Tx, c *cast) error {
	for _, products := range c.products {
		d, err := newDossier(products[0], ocop.DossierFirst)
		if err != nil {
			return err
		}
		if err := tx.CreateDossier(ctx, d); err != nil {
			return err
		}
	}
	year, number := ocop.Round(tx.Now(), i18n.Zone)
	r, err := newRound(c.users[ocop.RoleProvince][0], RoundInput{Year: year, Number: number, Kind: ocop.RoundRegular,
		Title: "Đợt thực hành"})
	if err != nil {
		return err
	}
	if err := tx.CreateRound(ctx, r); err != nil {
		return err
	}
	return practiceCouncil(ctx, tx, c, r)
}

// practiceCouncil saves the practice round's council with its decision
// and seats every council account, the first as chair, all present.
func practiceCouncil(ctx context.Context, tx *store.Tx, c *cast, r *ocop.EvalRound) error {
	cv := newCouncil(r, ocop.CouncilBoard)
	before := *cv.Council
	err := councilFrom(cv.Council, CouncilInput{DecisionNo: "01/QĐ-TH",
		DecisionDate: tx.Now().In(i18n.Zone).Format("02/01/2006"), Signer: "Chủ tịch UBND Tỉnh " + c.sb.ProvinceName()})
	if err != nil {
		return err
	}
	if err := tx.SaveCouncil(ctx, r, &before, cv.Council); err != nil {
		return err
	}
	for i, u := range c.users[ocop.RoleCouncil] {
		position := "member"
		if i == 0 {
			position = "chair"
		}
		m, err := seatFor(cv, r, u, MemberInput{UserID: u.ID, Position: position, Department: "other"})
		if err != nil {
			return err
		}
		if err := tx.AddCouncilMember(ctx, r, m); err != nil {
			return err
		}
		cv.Members = append(cv.Members, m)
		if err := tx.SetMemberPresent(ctx, r, m, true); err != nil {
			return err
		}
	}
	return nil
}
