package ocop

// Perm is a capability a route requires. Every route in the route table
// names exactly one.
type Perm string

const (
	PermPublic          Perm = "public"           // anyone, no login
	PermSignedIn        Perm = "signed_in"        // any logged-in account, even pending
	PermProducerView    Perm = "producer.view"    // producers and their products in scope
	PermProducerReview  Perm = "producer.review"  // confirm or reject producer registrations
	PermProducerEdit    Perm = "producer.edit"    // a producer keeps its own profile up to date
	PermDossierCommune  Perm = "dossier.commune"  // receive, assess, return or forward dossiers (UBND cấp xã)
	PermDossierProvince Perm = "dossier.province" // take forwarded dossiers into evaluation or ask for completion
	PermUserManage      Perm = "user.manage"      // create, reset, disable accounts in scope
	PermAuditView       Perm = "audit.view"       // read and verify the audit trail
	// PermCalendarManage edits the working-day calendar (holidays, nghỉ bù,
	// swapped days). Holidays are national, so it is a national permission.
	PermCalendarManage Perm = "calendar.manage"
	// PermCertRevoke revokes certificates (Điều 8): the province its own
	// 3★ and 4★, the Ministry 5★ (checked by the service).
	PermCertRevoke Perm = "certificate.revoke"
	// PermRoundManage runs evaluation rounds: the province's office its
	// province's, the Ministry's office the Ministry's 5★ rounds; it
	// creates them, gathers dossiers, sets up the council and its members,
	// and records the decisions.
	PermRoundManage Perm = "round.manage"
	// PermFiveStar is the province's side of the 5★ level: its office
	// proposes dossiers of 90 points or more to the Ministry and records
	// the Chairman's 3★/4★ decision from a central result below 5★.
	PermFiveStar Perm = "fivestar.province"
	// PermCouncilScore lets a council member declare conflicts of interest
	// and score the dossiers of the rounds they sit in.
	PermCouncilScore Perm = "council.score"
	// PermAdvisoryReview lets an advisory team member review the dossiers
	// of the rounds whose team seats them (notes, site visits, lab tests,
	// pre-screening verdicts) before the council session.
	PermAdvisoryReview Perm = "advisory.review"
	// PermSandboxManage lets a training organiser (the province office or
	// a trainer) create, reset and delete practice sandboxes owned by
	// their province; they never see another province's sandboxes.
	PermSandboxManage Perm = "sandbox.manage"
	// PermTrainingManage runs training in scope: plans, topic materials and
	// questions, courses, sessions, lecturers and enrolment lists. A
	// province's managers see only its courses; national ones manage all.
	PermTrainingManage Perm = "training.manage"
	// PermTrainingJoin lets a user see the open courses of their province
	// (and national ones) and register themselves.
	PermTrainingJoin Perm = "training.join"
)

// National reports whether a permission changes data of the whole country
// and so is held only by accounts with the national scope (a provincial
// administrator may not move the country's holidays).
func (p Perm) National() bool { return p == PermCalendarManage }

// rolePerms is the role matrix. Administrative units are public reference
// data, so no permission guards them. Roles whose work arrives with later
// issues hold little yet: trainers only run practice sandboxes so far.
var rolePerms = map[Role][]Perm{
	RoleProducer: {PermProducerView, PermProducerEdit, PermTrainingJoin},
	RoleCommune:  {PermProducerView, PermProducerReview, PermDossierCommune, PermTrainingJoin},
	RoleProvince: {PermProducerView, PermDossierProvince, PermCertRevoke, PermRoundManage, PermFiveStar,
		PermSandboxManage, PermTrainingManage, PermTrainingJoin},
	RoleCouncil:  {PermProducerView, PermCouncilScore, PermTrainingJoin},
	RoleAdvisory: {PermProducerView, PermAdvisoryReview, PermTrainingJoin},
	RoleMinistry: {PermProducerView, PermCertRevoke, PermRoundManage, PermTrainingManage, PermTrainingJoin},
	RoleTrainer:  {PermSandboxManage, PermTrainingManage, PermTrainingJoin},
	RoleAdmin:    {PermProducerView, PermUserManage, PermAuditView, PermCalendarManage},
}

// Can reports whether a role holds a permission. Public and signed-in
// permissions are decided by the caller, who knows whether there is a user.
func (r Role) Can(p Perm) bool {
	if p == PermPublic || p == PermSignedIn {
		return true
	}
	for _, x := range rolePerms[r] {
		if x == p {
			return true
		}
	}
	return false
}
