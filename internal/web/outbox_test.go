package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/mail"
	"github.com/ocopvn/ocop/internal/mail/mailtest"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// The operator's outbox page shows what went out and what waits with the
// server's error; a commune officer may not open it.
func TestOutboxPage(t *testing.T) {
	c, svc := newUIService(t)
	ctx := context.Background()
	sink := mailtest.Start(t)
	cfg, err := mail.ParseURL(sink.URL())
	if err != nil {
		t.Fatal(err)
	}
	svc.Mailer = &mail.Client{Config: cfg}
	producer, _, err := svc.Register(ctx, service.Registration{ProducerName: "Hợp tác xã Chè Tà Xùa", LegalType: "hop_tac_xa",
		Address: "Bản Tà Xùa", Province: demo.SonLa, Commune: demo.ChiengMai, Representative: "Mùa A Chư", Username: "chuthe.taxua",
		FullName: "Mùa A Chư", Phone: "0912 345 678", Email: "htx.taxua@example.vn", Password: "mật khẩu đủ dài", Password2: "mật khẩu đủ dài"})
	if err != nil {
		t.Fatal(err)
	}
	queue := func(subject string) {
		t.Helper()
		err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
			return tx.Notify(ctx, []int64{producer.ID}, store.Notice{Link: "/", Message: subject, Subject: subject, Body: "nội dung"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	queue("[OCOP] Thư đã gửi")
	if n, err := svc.DeliverMail(ctx); n != 1 || err != nil {
		t.Fatalf("DeliverMail: %d %v", n, err)
	}
	queue("[OCOP] Thư bị từ chối")
	sink.Fail("451 4.3.0 hộp thư tạm đầy")
	if n, err := svc.DeliverMail(ctx); n != 0 || err != nil {
		t.Fatalf("DeliverMail: %d %v", n, err)
	}

	c.login("quantri.sonla", demo.Password)
	resp, page := c.send("GET", "/quan-tri/thu-dien-tu", nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{"Thư điện tử gửi đi", "htx.taxua@example.vn", "[OCOP] Thư đã gửi", "Đã gửi",
		"[OCOP] Thư bị từ chối", "Đang chờ gửi", "4.3.0 hộp thư tạm đầy"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if _, page := c.send("GET", "/quan-tri/thu-dien-tu?trang-thai=sent", nil, nil); strings.Contains(page, "Thư bị từ chối") ||
		!strings.Contains(page, "Thư đã gửi") {
		t.Error("the sent filter shows the wrong messages")
	}

	officer := newUIFrom(t, c)
	officer.login("canbo.chiengmai", demo.Password)
	if resp, _ := officer.send("GET", "/quan-tri/thu-dien-tu", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("commune officer: status %d, want 403", resp.StatusCode)
	}
}
