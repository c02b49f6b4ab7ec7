package ocop

import (
	"testing"
	"time"
)

func TestScope(t *testing.T) {
	sonLa, chiengMai := ProvinceScope("14"), CommuneScope("14", "04132")
	cases := []struct {
		s                 Scope
		province, commune string
		want              bool
	}{
		{Country, "01", "00577", true},
		{sonLa, "14", "04075", true},
		{sonLa, "01", "00577", false},
		{chiengMai, "14", "04132", true},
		{chiengMai, "14", "04075", false},
		{Scope{}, "14", "04132", false}, // an unset scope sees nothing
	}
	for _, c := range cases {
		if got := c.s.Contains(c.province, c.commune); got != c.want {
			t.Errorf("%+v contains %s/%s = %v, want %v", c.s, c.province, c.commune, got, c.want)
		}
	}
	covers := []struct {
		a, b Scope
		want bool
	}{
		{Country, sonLa, true}, {sonLa, chiengMai, true}, {sonLa, Country, false},
		{chiengMai, sonLa, false}, {sonLa, ProvinceScope("01"), false}, {chiengMai, chiengMai, true},
	}
	for _, c := range covers {
		if got := c.a.Covers(c.b); got != c.want {
			t.Errorf("%+v covers %+v = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles {
		if !r.Valid() || len(r.ScopeLevels()) == 0 {
			t.Errorf("role %s: valid %v, levels %v", r, r.Valid(), r.ScopeLevels())
		}
	}
	if Role("khach").Valid() {
		t.Error("unknown role accepted")
	}
	if RoleProducer.AllowsLevel(LevelCountry) || !RoleMinistry.AllowsLevel(LevelCountry) {
		t.Error("scope levels of producer or ministry are wrong")
	}
	pending := &User{Role: RoleCommune, Status: UserPending}
	if pending.Can(PermProducerView) || !pending.Can(PermSignedIn) {
		t.Error("a pending account may only use signed-in pages")
	}
	national := &User{Role: RoleAdmin, Scope: Country, Status: UserActive}
	provincial := &User{Role: RoleAdmin, Scope: ProvinceScope("14"), Status: UserActive}
	ministry := &User{Role: RoleMinistry, Scope: Country, Status: UserActive}
	if !national.Can(PermCalendarManage) || provincial.Can(PermCalendarManage) || ministry.Can(PermCalendarManage) {
		t.Error("only a national administrator may change the calendar")
	}
	var anon *User
	if anon.Can(PermSignedIn) || !anon.Can(PermPublic) {
		t.Error("anonymous permissions are wrong")
	}
	if RoleProducer.Can(PermProducerReview) || !RoleCommune.Can(PermProducerReview) {
		t.Error("only commune officers confirm producers")
	}
}

func TestRound(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	cases := []struct {
		day         time.Time
		year, round int
	}{
		{time.Date(2026, 1, 5, 9, 0, 0, 0, vn), 2026, 1},
		{time.Date(2026, 4, 30, 23, 0, 0, 0, vn), 2026, 1},
		{time.Date(2026, 4, 30, 17, 30, 0, 0, time.UTC), 2026, 2}, // 00:30 on 1/5 in Vietnam
		{time.Date(2026, 10, 30, 16, 0, 0, 0, vn), 2026, 2},
		{time.Date(2026, 10, 31, 8, 0, 0, 0, vn), 2027, 1},
		{time.Date(2026, 12, 31, 8, 0, 0, 0, vn), 2027, 1},
	}
	for _, c := range cases {
		if y, r := Round(c.day, vn); y != c.year || r != c.round {
			t.Errorf("%v: round %d/%d, want %d/%d", c.day, r, y, c.round, c.year)
		}
	}
}

func TestRoundWindowInvertsRound(t *testing.T) {
	zone := time.FixedZone("ICT", 7*3600)
	for day := time.Date(2025, 1, 1, 12, 0, 0, 0, zone); day.Year() < 2028; day = day.AddDate(0, 0, 1) {
		y, r := Round(day, zone)
		from, to := RoundWindow(y, r, zone)
		if day.Before(from) || !day.Before(to) {
			t.Fatalf("%s is in round %d/%d but outside its window %s–%s", day.Format("02/01/2006"), r, y, from, to)
		}
	}
}
