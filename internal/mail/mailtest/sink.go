// Package mailtest is a local SMTP sink for tests: a real TCP server that
// speaks enough SMTP (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA) for
// net/smtp, keeps what it receives and decodes it back for assertions.
package mailtest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one delivered message, decoded.
type Received struct {
	From    string   // envelope sender
	To      []string // envelope recipients
	Hello   string   // the name the client gave in EHLO
	Auth    string   // the user that authenticated, if any
	TLS     bool     // whether the session was encrypted
	Header  mail.Header
	Subject string // decoded from RFC 2047
	Body    string // decoded from its transfer encoding, LF line ends
	Raw     string
}

// Sink is a running SMTP server on 127.0.0.1.
type Sink struct {
	Addr string
	tls  *tls.Config // nil: no STARTTLS offered
	ln   net.Listener
	wg   sync.WaitGroup
	mu   sync.Mutex
	msgs []Received
	fail string // a reply refusing every recipient, when set
}

// Start runs a sink until the test ends.
func Start(t testing.TB) *Sink { return start(t, nil) }

// StartTLS runs a sink that offers STARTTLS with a fresh self-signed
// certificate; ClientTLS returns a client configuration that trusts it.
func StartTLS(t testing.TB) (*Sink, *tls.Config) {
	cert, pool := selfSigned(t)
	s := start(t, &tls.Config{Certificates: []tls.Certificate{cert}})
	return s, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

func start(t testing.TB, cfg *tls.Config) *Sink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Sink{Addr: ln.Addr().String(), ln: ln, tls: cfg}
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// URL is an OCOP_SMTP_URL pointing at the sink.
func (s *Sink) URL() string { return "smtp://" + s.Addr + "?from=ocop@example.gov.vn" }

// Fail makes the sink refuse every recipient with reply (e.g. "451 4.3.0
// thử lại sau"); an empty reply accepts again.
func (s *Sink) Fail(reply string) {
	s.mu.Lock()
	s.fail = reply
	s.mu.Unlock()
}

// Messages returns what the sink has received so far.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

func (s *Sink) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			c.SetDeadline(time.Now().Add(time.Minute))
			s.serve(c)
		}()
	}
}

// session is the state of one connection.
type session struct {
	tp  *textproto.Conn
	msg Received
}

func (s *Sink) serve(c net.Conn) {
	ss := &session{tp: textproto.NewConn(c)}
	ss.reply("220 127.0.0.1 ESMTP mailtest")
	for {
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ss.msg.Hello = arg
			ext := "250-127.0.0.1\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n"
			if s.tls != nil && !ss.msg.TLS {
				ext += "250-STARTTLS\r\n"
			}
			ss.reply(ext + "250 OK")
		case "STARTTLS":
			ss.reply("220 2.0.0 ready")
			tc := tls.Server(c, s.tls)
			if tc.Handshake() != nil {
				return
			}
			c, ss.tp, ss.msg.TLS = tc, textproto.NewConn(tc), true
		case "AUTH":
			ss.msg.Auth = plainUser(arg)
			ss.reply("235 2.7.0 authenticated")
		case "MAIL":
			ss.msg.From = address(arg)
			ss.reply("250 2.1.0 OK")
		case "RCPT":
			s.rcpt(ss, address(arg))
		case "DATA":
			s.data(ss)
		case "RSET", "NOOP":
			ss.reply("250 OK")
		case "QUIT":
			ss.reply("221 bye")
			return
		default:
			ss.reply("502 5.5.2 not implemented")
		}
	}
}

func (ss *session) reply(s string) { ss.tp.PrintfLine("%s", s) }

func (s *Sink) rcpt(ss *session, to string) {
	s.mu.Lock()
	fail := s.fail
	s.mu.Unlock()
	if fail != "" {
		ss.reply(fail)
		return
	}
	ss.msg.To = append(ss.msg.To, to)
	ss.reply("250 2.1.5 OK")
}

func (s *Sink) data(ss *session) {
	if len(ss.msg.To) == 0 {
		ss.reply("503 5.5.1 no recipient")
		return
	}
	ss.reply("354 end with .")
	raw, err := io.ReadAll(ss.tp.DotReader())
	if err != nil {
		return
	}
	m := ss.msg
	m.Raw = string(raw)
	if err := decode(&m); err != nil {
		ss.reply("554 5.6.0 " + err.Error())
		return
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.mu.Unlock()
	ss.msg.To = nil
	ss.reply("250 2.0.0 queued")
}

// decode parses the headers, the RFC 2047 subject and the body.
func decode(m *Received) error {
	msg, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(m.Raw)))
	if err != nil {
		return err
	}
	m.Header = msg.Header
	if m.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return err
	}
	body := msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	m.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	return err
}

// address takes the mailbox out of "FROM:<a@b> SIZE=…".
func address(arg string) string {
	if i, j := strings.Index(arg, "<"), strings.Index(arg, ">"); i >= 0 && j > i {
		return arg[i+1 : j]
	}
	return arg
}

// plainUser reads the user of "PLAIN <base64 \0user\0pass>".
func plainUser(arg string) string {
	_, resp, _ := strings.Cut(arg, " ")
	b, _ := base64.StdEncoding.DecodeString(resp)
	parts := strings.Split(string(b), "\x00")
	if len(parts) != 3 {
		return ""
	}
	return parts[1]
}

func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}
