// Package mail sends plain-text e-mail over SMTP with the standard
// library: STARTTLS when the server offers it, AUTH when a user is
// configured, and headers that carry Vietnamese correctly (RFC 2047
// subject, UTF-8 quoted-printable body).
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Config is where and as whom mail is sent.
type Config struct {
	Host     string // host:port
	User     string // empty: no AUTH
	Password string
	From     string // the envelope and header sender
	// Hello is the name this host gives in EHLO, best a real domain name
	// (the site's); empty sends "localhost", which strict servers refuse.
	Hello string
	TLS   bool // implicit TLS (smtps://, port 465) instead of STARTTLS
	// TLSConfig overrides the TLS settings (tests trust their own
	// certificate with it); nil verifies the server's name as usual.
	TLSConfig *tls.Config
}

// ParseURL reads smtp://user:pass@host:587?from=ocop@example.gov.vn
// (STARTTLS when offered) or smtps://…:465 (implicit TLS).
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return Config{}, fmt.Errorf("OCOP_SMTP_URL phải có dạng smtp://tên:mật-khẩu@máy-chủ:587?from=địa-chỉ-gửi")
	}
	c := Config{Host: u.Host, From: u.Query().Get("from"), TLS: u.Scheme == "smtps"}
	if u.Port() == "" {
		port := "587"
		if c.TLS {
			port = "465"
		}
		c.Host = net.JoinHostPort(u.Hostname(), port)
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return Config{}, fmt.Errorf("OCOP_SMTP_URL thiếu địa chỉ gửi hợp lệ ?from=…: %q", c.From)
	}
	return c, nil
}

// Message is one plain-text e-mail.
type Message struct {
	To, Subject, Body string
}

// Build renders a message with its headers. Lines end in CRLF as SMTP
// wants; the body is quoted-printable so Vietnamese survives 7-bit relays.
func Build(from string, m Message, now time.Time) []byte {
	var b bytes.Buffer
	if a, err := mail.ParseAddress(from); err == nil {
		from = a.String() // encodes a Vietnamese display name
	}
	domain := strings.TrimSuffix(from[strings.LastIndex(from, "@")+1:], ">")
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from)
	hdr("To", m.To)
	// Encoded words are folded onto lines of their own to stay under 78.
	hdr("Subject", strings.ReplaceAll(mime.BEncoding.Encode("UTF-8", m.Subject), "?= =?", "?=\r\n =?"))
	hdr("Date", now.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+strings.ToLower(rand.Text())+"@"+domain+">")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=UTF-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	hdr("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	qp.Write([]byte(body))
	qp.Close()
	return b.Bytes()
}

// Client sends messages through one SMTP server, one connection per
// message: the outbox sends few, and a fresh session cannot be left in a
// bad state by an earlier failure.
type Client struct {
	Config
	Timeout time.Duration
}

// Send delivers one message or returns why the server refused it.
func (c *Client) Send(ctx context.Context, m Message) error {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := c.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(c.Host)
	s, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := c.session(s, host, m); err != nil {
		return err
	}
	return s.Quit()
}

func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	if c.TLS {
		d := &tls.Dialer{Config: c.tlsConfig()}
		return d.DialContext(ctx, "tcp", c.Host)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", c.Host)
}

func (c *Client) tlsConfig() *tls.Config {
	if c.TLSConfig != nil {
		return c.TLSConfig
	}
	host, _, _ := net.SplitHostPort(c.Host)
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// session runs the SMTP dialogue after the greeting. net/smtp refuses to
// send a password over an unencrypted connection to another machine.
func (c *Client) session(s *smtp.Client, host string, m Message) error {
	if c.Hello != "" {
		if err := s.Hello(c.Hello); err != nil {
			return err
		}
	}
	if ok, _ := s.Extension("STARTTLS"); ok && !c.TLS {
		if err := s.StartTLS(c.tlsConfig()); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if c.User != "" {
		if err := s.Auth(smtp.PlainAuth("", c.User, c.Password, host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return err
	}
	if err := s.Mail(from.Address); err != nil {
		return err
	}
	if err := s.Rcpt(m.To); err != nil {
		return err
	}
	w, err := s.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(Build(c.From, m, time.Now())); err != nil {
		return err
	}
	return w.Close()
}
