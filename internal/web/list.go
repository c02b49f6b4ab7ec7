package web

import (
	"net/http"
	"net/url"
	"strconv"
)

const pageSize = 50

// pager describes the page links of a list; nil when one page suffices.
type pager struct {
	Page, Pages int
	Prev, Next  string
}

// pageOf reads ?trang= and returns the offset for the store.
func pageOf(r *http.Request) (page, offset int) {
	page, _ = strconv.Atoi(r.URL.Query().Get("trang"))
	page = max(page, 1)
	return page, (page - 1) * pageSize
}

func newPager(r *http.Request, page, total int) *pager {
	pages := (total + pageSize - 1) / pageSize
	if pages <= 1 {
		return nil
	}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range r.URL.Query() {
			q[k] = v
		}
		q.Set("trang", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	p := &pager{Page: page, Pages: pages}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}
