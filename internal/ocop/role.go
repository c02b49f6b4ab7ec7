package ocop

// Role is what a user does in the programme. The values are stored in the
// database and appear in the API.
type Role string

const (
	RoleProducer Role = "producer"        // chủ thể OCOP
	RoleCommune  Role = "commune_officer" // cán bộ UBND cấp xã
	RoleProvince Role = "province_office" // cơ quan tham mưu OCOP cấp tỉnh
	RoleCouncil  Role = "council_member"  // thành viên Hội đồng
	RoleAdvisory Role = "advisory_member" // thành viên Tổ tư vấn
	RoleMinistry Role = "ministry_office" // cơ quan tham mưu OCOP của Bộ
	RoleTrainer  Role = "trainer"         // giảng viên / đơn vị tập huấn
	RoleAdmin    Role = "admin"           // quản trị hệ thống
)

// Roles lists every role in display order.
var Roles = []Role{RoleProducer, RoleCommune, RoleProvince, RoleCouncil, RoleAdvisory, RoleMinistry, RoleTrainer, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// ScopeLevels returns the levels a user of this role may be scoped to:
// councils and advisory teams exist at province and central level, the
// ministry works nationally, communes and producers locally.
func (r Role) ScopeLevels() []Level {
	switch r {
	case RoleProducer, RoleCommune:
		return []Level{LevelCommune}
	case RoleProvince:
		return []Level{LevelProvince}
	case RoleMinistry:
		return []Level{LevelCountry}
	default: // council, advisory, trainer, admin
		return []Level{LevelProvince, LevelCountry}
	}
}

// AllowsLevel reports whether a user of role r may be scoped at level l.
func (r Role) AllowsLevel(l Level) bool {
	for _, x := range r.ScopeLevels() {
		if x == l {
			return true
		}
	}
	return false
}

// UserStatus is the life cycle of an account.
type UserStatus string

const (
	UserPending  UserStatus = "pending" // producer waiting for the commune's confirmation
	UserActive   UserStatus = "active"
	UserDisabled UserStatus = "disabled"
	UserRejected UserStatus = "rejected" // registration refused by the commune
)

// ProducerTypes are the legal forms that may apply (QĐ 26/2026 Điều 2.3);
// the last three only for community and eco-tourism products.
var ProducerTypes = []string{
	"hop_tac_xa", "to_hop_tac", "doanh_nghiep", "trang_trai", "ho_san_xuat", "ho_gia_dinh",
	"hoi", "hiep_hoi", "trung_tam_dieu_hanh",
}

// ValidProducerType reports whether t is one of ProducerTypes.
func ValidProducerType(t string) bool {
	for _, x := range ProducerTypes {
		if x == t {
			return true
		}
	}
	return false
}
