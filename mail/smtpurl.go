package mail

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// smtpTimeout bounds each network step with the server (dial, every command, the data).
const smtpTimeout = 20 * time.Second

// smtpServer is SMTP_URL read: smtp://[user:pass@]host[:port][?starttls=required|opportunistic|none]
// (port 25 by default; STARTTLS when the server offers it) or smtps://… (implicit TLS, port
// 465 by default).
type smtpServer struct {
	host       string
	port       int
	user, pass string
	implicit   bool // smtps: TLS from the first byte
	starttls   gomail.TLSPolicy
}

func parseSMTPURL(raw string) (smtpServer, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url's error repeats the URL, password included: say only what is wrong.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return smtpServer{}, fmt.Errorf("SMTP_URL is not a URL: %w", err)
	}
	s := smtpServer{host: u.Hostname(), starttls: gomail.TLSOpportunistic}
	switch u.Scheme {
	case "smtp":
		s.port = gomail.DefaultPort
	case "smtps":
		s.port, s.implicit = gomail.DefaultPortSSL, true
	default:
		return smtpServer{}, fmt.Errorf("SMTP_URL: scheme %q: want smtp:// (STARTTLS when offered) or smtps:// (implicit TLS)", u.Scheme)
	}
	if s.host == "" {
		return smtpServer{}, errors.New("SMTP_URL names no host: want smtp://user:pass@host:port")
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return smtpServer{}, fmt.Errorf("SMTP_URL: port %q is not a port number", p)
		}
		s.port = n
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	q := u.Query()
	switch v := q.Get("starttls"); v {
	case "", "opportunistic":
	case "required":
		s.starttls = gomail.TLSMandatory
	case "none":
		s.starttls = gomail.NoTLS
	default:
		return smtpServer{}, fmt.Errorf("SMTP_URL: starttls=%q: want required, opportunistic or none", v)
	}
	for k := range q {
		if k != "starttls" {
			return smtpServer{}, fmt.Errorf("SMTP_URL: unknown parameter %q (only starttls)", k)
		}
	}
	if s.implicit && q.Get("starttls") != "" {
		return smtpServer{}, errors.New("SMTP_URL: smtps:// is TLS from the start; starttls applies to smtp:// only")
	}
	return s, nil
}

// addr is host:port, for logs: never the credentials.
func (s smtpServer) addr() string { return net.JoinHostPort(s.host, strconv.Itoa(s.port)) }

// client makes the go-mail client. Credentials are offered with the strongest mechanism
// the server lists; go-mail's discovery never sends a password in clear over an
// unencrypted connection (PLAIN and LOGIN only over TLS).
func (s smtpServer) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.port), gomail.WithTimeout(smtpTimeout), gomail.WithTLSPolicy(s.starttls)}
	if s.implicit {
		opts = append(opts, gomail.WithSSL())
	}
	if s.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.user), gomail.WithPassword(s.pass))
	}
	c, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return nil, fmt.Errorf("SMTP client for %s: %w", s.addr(), err)
	}
	return c, nil
}
