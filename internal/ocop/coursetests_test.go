package ocop

import (
	"slices"
	"testing"
)

func TestCompletesEdges(t *testing.T) {
	c := &Course{MinAttendancePct: DefaultMinAttendancePct, MinPostTestPct: DefaultMinPostTestPct}
	post := func(correct, total int) *TestResult { return &TestResult{Correct: correct, Total: total} }
	for _, tc := range []struct {
		name  string
		f     CompletionFacts
		short []string
	}{
		{"exactly 80 % and exactly 50 %", CompletionFacts{Sessions: 5, Attended: 4, HasPost: true, Post: post(5, 10)}, nil},
		{"just under 80 %", CompletionFacts{Sessions: 6, Attended: 4, HasPost: true, Post: post(5, 10)}, []string{ShortAttendance}},
		{"just under 50 %", CompletionFacts{Sessions: 5, Attended: 4, HasPost: true, Post: post(4, 9)}, []string{ShortPostTest}},
		{"paper score 50 of 100", CompletionFacts{Sessions: 10, Attended: 8, HasPost: true, Post: post(50, 100)}, nil},
		{"post-test not taken", CompletionFacts{Sessions: 5, Attended: 5, HasPost: true}, []string{ShortNoPostTest}},
		{"course without a post-test", CompletionFacts{Sessions: 5, Attended: 4}, nil},
		{"no attendance recorded", CompletionFacts{Sessions: 5, HasPost: true, Post: post(10, 10)}, []string{ShortAttendance}},
		{"both short", CompletionFacts{Sessions: 5, Attended: 3, HasPost: true, Post: post(0, 10)},
			[]string{ShortAttendance, ShortPostTest}},
		{"course without sessions", CompletionFacts{}, nil},
	} {
		ok, short := Completes(c, tc.f)
		if ok != (len(tc.short) == 0) || !slices.Equal(short, tc.short) {
			t.Errorf("%s: %v %v, want %v", tc.name, ok, short, tc.short)
		}
	}
	// Other rules: 100 % attendance needs every session.
	strict := &Course{MinAttendancePct: 100, MinPostTestPct: 0}
	if ok, _ := Completes(strict, CompletionFacts{Sessions: 3, Attended: 2}); ok {
		t.Error("100 % rule met with 2 of 3")
	}
}
