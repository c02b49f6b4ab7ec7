package i18n

import (
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
)

// The labels of training values are built from their value lists.
func TestTrainingKeys(t *testing.T) {
	lists := map[string][]string{"training.type.": ocop.CourseTypes, "training.status.": ocop.CourseStatuses,
		"training.enrol.": {ocop.EnrolEnrolled, ocop.EnrolWaitlisted, ocop.EnrolCancelled}}
	for _, a := range ocop.Audiences {
		lists["training.audience."] = append(lists["training.audience."], string(a))
		lists["training.target."] = append(lists["training.target."], string(a))
	}
	for _, f := range []string{"full_name", "unit_name", "audience", "phone", "email"} {
		lists["training.field."] = append(lists["training.field."], f)
	}
	for prefix, values := range lists {
		for _, v := range values {
			if _, ok := vi[prefix+v]; !ok {
				t.Errorf("missing key %s%s", prefix, v)
			}
		}
	}
}
