package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func profileOf(p *ocop.Producer) service.ProfileInput {
	return service.ProfileInput{Version: p.Version, Name: p.Name, LegalType: p.LegalType, Address: "Bản Nà Ban",
		Representative: "Lò Thị Hoa", Phone: "0912345678", RepGender: "nu", RepEthnicity: "Thái",
		FoundedOn: "05/03/2019", TaxCode: "5500123456", Website: "https://caphe.example.vn"}
}

func TestUpdateProfile(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		u, p, officer := confirmedProducer(t, db, svc)

		got, err := svc.UpdateProfile(ctx, u, p.ID, profileOf(p))
		if err != nil {
			t.Fatal(err)
		}
		if got.FoundedOn != "2019-03-05" || got.RepGender != "nu" || !got.RepresentativeQualifies() || got.Version != p.Version+1 {
			t.Errorf("after update: %+v", got)
		}
		// The same form again carries the old version: a conflict that
		// reports the profile as it now is, and nothing is overwritten.
		in := profileOf(p)
		in.Name = "Tên khác"
		_, err = svc.UpdateProfile(ctx, u, p.ID, in)
		var conflict *service.ProfileConflict
		if !errors.As(err, &conflict) || ocop.ErrorCode(err) != ocop.ECONFLICT || conflict.Current.Version != got.Version {
			t.Fatalf("stale save: %v", err)
		}
		if now, _ := svc.Producer(ctx, u, p.ID); now.Name == "Tên khác" {
			t.Error("a stale save overwrote the profile")
		}
		bad := []struct {
			change func(*service.ProfileInput)
			field  string
			key    string
		}{
			{func(i *service.ProfileInput) { i.TaxCode = "12345" }, "tax_code", "err.tax_code"},
			{func(i *service.ProfileInput) { i.FoundedOn = "31/02/2020" }, "founded_on", "err.date_format"},
			{func(i *service.ProfileInput) { i.FoundedOn = "01/01/2999" }, "founded_on", "err.date_future"},
			{func(i *service.ProfileInput) { i.Website = "javascript:alert(1)" }, "website", "err.url_format"},
			{func(i *service.ProfileInput) { i.RepGender = "x" }, "rep_gender", "err.choose"},
			{func(i *service.ProfileInput) { i.Representative = "" }, "representative", "err.required"},
		}
		for _, b := range bad {
			in := profileOf(got)
			b.change(&in)
			if _, err := svc.UpdateProfile(ctx, u, p.ID, in); fieldErrors(err)[b.field] != b.key {
				t.Errorf("%s: got %v, want %s", b.field, err, b.key)
			}
		}
		// Only the producer itself edits: the commune officer may not, and
		// another producer's account does not even see it.
		if _, err := svc.UpdateProfile(ctx, officer, p.ID, profileOf(got)); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("commune officer editing: %v", err)
		}
		other := &ocop.User{ID: 999, Role: ocop.RoleProducer, ProducerID: p.ID + 1000, Status: ocop.UserActive,
			Scope: ocop.CommuneScope("14", "04132")}
		if _, err := svc.UpdateProfile(ctx, other, p.ID, profileOf(got)); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("another producer editing: %v", err)
		}
	})
}

func TestRepresentativeQualifies(t *testing.T) {
	cases := []struct {
		p    ocop.Producer
		want bool
	}{
		{ocop.Producer{RepGender: "nam", RepEthnicity: "Kinh"}, false},
		{ocop.Producer{RepGender: "nam", RepEthnicity: " kinh "}, false},
		{ocop.Producer{RepGender: "nu", RepEthnicity: "Kinh"}, true},
		{ocop.Producer{RepGender: "nam", RepEthnicity: "Mông"}, true},
		{ocop.Producer{RepGender: "nam", RepDisabled: true}, true},
		{ocop.Producer{}, false},
	}
	for _, c := range cases {
		if got := c.p.RepresentativeQualifies(); got != c.want {
			t.Errorf("%+v: %v, want %v", c.p, got, c.want)
		}
	}
}
