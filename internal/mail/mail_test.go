package mail_test

import (
	"context"
	"mime"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/mail"
	"github.com/ocopvn/ocop/internal/mail/mailtest"
)

const subject = "Hồ sơ mới cần UBND cấp xã tiếp nhận: Chè Shan tuyết Tà Xùa"

// A long Vietnamese body with a line over 76 bytes must come back intact.
var body = "Kính gửi Quý người dùng,\n\n" + strings.Repeat("Mật ong bạc hà Đồng Văn, đặc sản Hà Giang. ", 5) + "\n\nhttp://localhost:8080/ho-so/1\n"

func TestParseURL(t *testing.T) {
	c, err := mail.ParseURL("smtp://ocop%40tinh:m%E1%BA%ADt@mail.example.gov.vn?from=ocop@example.gov.vn")
	if err != nil {
		t.Fatal(err)
	}
	if c.Host != "mail.example.gov.vn:587" || c.User != "ocop@tinh" || c.Password != "mật" || c.From != "ocop@example.gov.vn" || c.TLS {
		t.Errorf("got %+v", c)
	}
	if c, err := mail.ParseURL("smtps://mail.example.gov.vn?from=a@b.vn"); err != nil || c.Host != "mail.example.gov.vn:465" || !c.TLS {
		t.Errorf("smtps: %+v %v", c, err)
	}
	for _, bad := range []string{"http://x?from=a@b.vn", "smtp://mail.example.gov.vn", "smtp://?from=a@b.vn", "smtp://h?from=khong-phai-dia-chi"} {
		if _, err := mail.ParseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSendPlain(t *testing.T) {
	sink := mailtest.Start(t)
	cfg, err := mail.ParseURL(sink.URL())
	if err != nil {
		t.Fatal(err)
	}
	c := &mail.Client{Config: cfg}
	if err := c.Send(context.Background(), mail.Message{To: "htx@example.vn", Subject: subject, Body: body}); err != nil {
		t.Fatal(err)
	}
	msgs := sink.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.Subject != subject || m.Body != body || m.From != "ocop@example.gov.vn" || len(m.To) != 1 || m.To[0] != "htx@example.vn" {
		t.Errorf("got subject %q from %q to %v body %q", m.Subject, m.From, m.To, m.Body)
	}
	if strings.Contains(m.Header.Get("Subject"), "Hồ") || !strings.HasPrefix(m.Header.Get("Subject"), "=?UTF-8?b?") {
		t.Errorf("subject header not RFC 2047 encoded: %q", m.Header.Get("Subject"))
	}
	for _, h := range []string{"Date", "Message-Id", "Content-Type", "Mime-Version"} {
		if m.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if ct := m.Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" {
		t.Errorf("Content-Type %q", ct)
	}
	// Quoted-printable keeps body lines within 76 bytes; headers within
	// the hard limit of 998 even with a long subject.
	head, text, _ := strings.Cut(m.Raw, "\n\n")
	for _, line := range strings.Split(text, "\n") {
		if len(line) > 76 {
			t.Errorf("body line longer than 76 bytes: %q", line)
		}
	}
	for _, line := range strings.Split(head, "\n") {
		if len(line) > 998 {
			t.Errorf("header line longer than 998 bytes: %q", line)
		}
	}
}

func TestSendStartTLSAuth(t *testing.T) {
	sink, tlsCfg := mailtest.StartTLS(t)
	cfg, err := mail.ParseURL("smtp://ocop:bi-mat@" + sink.Addr + "?from=OCOP%20S%C6%A1n%20La%20%3Cocop@sonla.gov.vn%3E")
	if err != nil {
		t.Fatal(err)
	}
	cfg.TLSConfig, cfg.Hello = tlsCfg, "ocop.sonla.gov.vn"
	c := &mail.Client{Config: cfg}
	if err := c.Send(context.Background(), mail.Message{To: "a@example.vn", Subject: subject, Body: body}); err != nil {
		t.Fatal(err)
	}
	m := sink.Messages()[0]
	if !m.TLS || m.Auth != "ocop" || m.From != "ocop@sonla.gov.vn" || m.Hello != "ocop.sonla.gov.vn" {
		t.Errorf("tls %v auth %q from %q hello %q", m.TLS, m.Auth, m.From, m.Hello)
	}
	if from, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("From")); !strings.Contains(from, "OCOP Sơn La") {
		t.Errorf("From %q", from)
	}
}

func TestSendRefused(t *testing.T) {
	sink := mailtest.Start(t)
	sink.Fail("451 4.3.0 thử lại sau")
	cfg, _ := mail.ParseURL(sink.URL())
	err := (&mail.Client{Config: cfg}).Send(context.Background(), mail.Message{To: "a@example.vn", Subject: "x", Body: "y"})
	if err == nil || !strings.Contains(err.Error(), "451") {
		t.Errorf("err %v, want the 451 reply", err)
	}
	if len(sink.Messages()) != 0 {
		t.Error("a refused message was stored")
	}
}
