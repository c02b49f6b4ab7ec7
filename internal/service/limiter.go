package service

import (
	"sync"
	"time"
)

// Limiter counts failed logins per username and per client address in a
// sliding window. It lives in memory: one server process is the unit of
// deployment, and a restart forgetting the counts is acceptable.
type Limiter struct {
	mu       sync.Mutex
	perUser  int
	perAddr  int
	window   time.Duration
	failures map[string][]time.Time
	now      func() time.Time
}

// NewLimiter allows perUser failures per username and perAddr per address
// within window.
func NewLimiter(perUser, perAddr int, window time.Duration) *Limiter {
	return &Limiter{perUser: perUser, perAddr: perAddr, window: window, failures: map[string][]time.Time{}, now: time.Now}
}

// Blocked returns how long the caller must wait (0 when allowed).
func (l *Limiter) Blocked(user, addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return max(l.wait("u:"+user, l.perUser), l.wait("a:"+addr, l.perAddr))
}

func (l *Limiter) wait(key string, limit int) time.Duration {
	ts := l.recent(key)
	if len(ts) < limit {
		return 0
	}
	return ts[len(ts)-limit].Add(l.window).Sub(l.now())
}

// recent drops expired failures of a key and returns the rest.
func (l *Limiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	ts := l.failures[key]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = ts
	}
	return ts
}

// Fail records a failed attempt.
func (l *Limiter) Fail(user, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range []string{"u:" + user, "a:" + addr} {
		l.failures[k] = append(l.recent(k), now)
	}
}

// Succeed clears the username's failures.
func (l *Limiter) Succeed(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, "u:"+user)
}
