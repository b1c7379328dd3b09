package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/web"
)

// hydra is Ory Hydra (bin/hydra, `make bin/hydra`) serving one test on 127.0.0.1, with an
// in-memory store, and the login and consent app it sends browsers to. The app asks no
// questions: it signs in the person and grants the claims it was given.
type hydra struct {
	t      *testing.T
	issuer string // the public port: discovery, authorization, tokens, keys
	admin  string // the admin port: clients, login and consent decisions
	log    string
}

// hydraBinary is bin/hydra of the repository (HYDRA overrides). A missing binary fails the
// test with the way to build it: this test never skips.
func hydraBinary(t *testing.T) string {
	t.Helper()
	p := os.Getenv("HYDRA")
	if p == "" {
		var err error
		p, err = filepath.Abs(filepath.Join("..", "bin", "hydra"))
		require.NoError(t, err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the OIDC test needs Ory Hydra at %s: run `make bin/hydra` (or set HYDRA to its path): %v", p, err)
	}
	return p
}

// startHydra starts Hydra and a login and consent app that signs in who, with role and
// org as the claims of both the ID token and the access token.
func startHydra(t *testing.T, who models.Actor) *hydra {
	t.Helper()
	bin := hydraBinary(t)
	public, admin := freePort(t), freePort(t)
	h := &hydra{t: t, issuer: "http://127.0.0.1:" + public, admin: "http://127.0.0.1:" + admin,
		log: filepath.Join(t.TempDir(), "hydra.log")}
	consent := httptest.NewServer(h.loginAndConsent(who))
	t.Cleanup(consent.Close)

	logf, err := os.Create(h.log)
	require.NoError(t, err)
	cmd := exec.Command(bin, "serve", "all", "--dev", "--sqa-opt-out")
	// Hydra's configuration is the environment, and only this one: a DSN or an issuer set
	// for another purpose must not leak in.
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"DSN=memory", "LOG_LEVEL=warn",
		"SECRETS_SYSTEM=" + rand.Text() + rand.Text(),
		"URLS_SELF_ISSUER=" + h.issuer,
		"URLS_LOGIN=" + consent.URL + "/login", "URLS_CONSENT=" + consent.URL + "/consent",
		"SERVE_PUBLIC_HOST=127.0.0.1", "SERVE_PUBLIC_PORT=" + public,
		"SERVE_ADMIN_HOST=127.0.0.1", "SERVE_ADMIN_PORT=" + admin,
		// Access tokens as JWTs the API verifies against the issuer's keys, with dsmarket's
		// claims at the top level where auth.OIDC reads them, not under "ext".
		"STRATEGIES_ACCESS_TOKEN=jwt", "OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS=role,org",
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	require.NoError(t, cmd.Start(), "start %s", bin)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); _ = logf.Close() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(h.admin + "/health/ready")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return h
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("hydra exited (%v); its log:\n%s", err, h.logTail())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("hydra not ready on %s after 30s; its log:\n%s", h.admin, h.logTail())
		}
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
}

func (h *hydra) logTail() string {
	b, _ := os.ReadFile(h.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// loginAndConsent accepts every login as who and grants every consent with who's claims,
// the scopes and the audience asked for, which Hydra has already checked against the
// client's registration.
func (h *hydra) loginAndConsent(who models.Actor) http.Handler {
	claims := map[string]any{"role": string(who.Role), "org": who.Org}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		q := url.Values{"login_challenge": {r.URL.Query().Get("login_challenge")}}
		h.decide(w, r, "/admin/oauth2/auth/requests/login/accept?"+q.Encode(), map[string]any{"subject": who.Sub})
	})
	mux.HandleFunc("GET /consent", func(w http.ResponseWriter, r *http.Request) {
		q := url.Values{"consent_challenge": {r.URL.Query().Get("consent_challenge")}}.Encode()
		var req struct {
			Scope    []string `json:"requested_scope"`
			Audience []string `json:"requested_access_token_audience"`
		}
		if err := h.call(r.Context(), http.MethodGet, "/admin/oauth2/auth/requests/consent?"+q, nil, &req); err != nil {
			h.t.Errorf("consent app: %v", err)
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		h.decide(w, r, "/admin/oauth2/auth/requests/consent/accept?"+q, map[string]any{
			"grant_scope": req.Scope, "grant_access_token_audience": req.Audience,
			"session": map[string]any{"access_token": claims, "id_token": claims},
		})
	})
	return mux
}

// decide accepts a login or consent request and sends the browser back to Hydra.
func (h *hydra) decide(w http.ResponseWriter, r *http.Request, path string, body any) {
	var out struct {
		RedirectTo string `json:"redirect_to"`
	}
	if err := h.call(r.Context(), http.MethodPut, path, body, &out); err != nil {
		h.t.Errorf("login and consent app: %v", err)
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, out.RedirectTo, http.StatusFound)
}

// call sends a request to Hydra's admin API and decodes its JSON answer into out.
func (h *hydra) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.admin+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, res.Status, b)
	}
	return json.Unmarshal(b, out)
}

// hydraClient is a client registered with Hydra.
type hydraClient struct {
	ID       string `json:"client_id"`
	Secret   string `json:"client_secret"`
	Redirect string `json:"-"`
}

// register registers a confidential authorization-code client that may ask for audience.
// extra adds fields of Hydra's client, such as token lifespans.
func (h *hydra) register(redirect, audience string, extra map[string]any) hydraClient {
	h.t.Helper()
	in := map[string]any{
		"grant_types": []string{"authorization_code", "refresh_token"}, "response_types": []string{"code"},
		"redirect_uris": []string{redirect}, "audience": []string{audience}, "scope": "openid profile",
		"token_endpoint_auth_method": "client_secret_basic",
	}
	for k, v := range extra {
		in[k] = v
	}
	var c hydraClient
	require.NoError(h.t, h.call(context.Background(), http.MethodPost, "/admin/clients", in, &c))
	c.Redirect = redirect
	return c
}

// tokens runs the authorization-code flow (with PKCE) for c as a program would, asking for
// audience, through the login and consent app; it stops at the redirect back to c, as the
// client's own callback would, and exchanges the code.
func (h *hydra) tokens(c hydraClient, audience string) *oauth2.Token {
	h.t.Helper()
	ctx := context.Background()
	cfg := oauth2.Config{ClientID: c.ID, ClientSecret: c.Secret, RedirectURL: c.Redirect,
		Scopes: []string{"openid", "profile"},
		Endpoint: oauth2.Endpoint{AuthURL: h.issuer + "/oauth2/auth", TokenURL: h.issuer + "/oauth2/token",
			AuthStyle: oauth2.AuthStyleInHeader}}
	state, verifier := rand.Text(), oauth2.GenerateVerifier()
	start := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("audience", audience), oauth2.SetAuthURLParam("nonce", rand.Text()))

	jar, err := cookiejar.New(nil)
	require.NoError(h.t, err)
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), c.Redirect) {
				return http.ErrUseLastResponse
			}
			return nil
		}}
	res, err := browser.Get(start)
	require.NoError(h.t, err)
	_ = res.Body.Close()
	back, err := res.Location()
	require.NoError(h.t, err, "hydra did not send the browser back to the client (%s)", res.Status)
	require.Equal(h.t, state, back.Query().Get("state"))
	require.Empty(h.t, back.Query().Get("error"), back.Query().Get("error_description"))

	tok, err := cfg.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(verifier))
	require.NoError(h.t, err)
	return tok
}

// oidcSystem is the whole of dsmarket as systest.New builds it, but signing in with Hydra:
// the web UI by its authorization-code flow (the client registered for it is ui), the API
// by Hydra's access tokens for the audience dsmarket-api. systest.New verifies development
// tokens only, so the pieces are assembled here.
type oidcSystem struct {
	url string // http://localhost:port, where the Secure session cookie works over HTTP
	ui  hydraClient
}

func newOIDCSystem(t *testing.T, hy *hydra) *oidcSystem {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, systest.Database(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	_, err = store.Seed(ctx, st, time.Now())
	require.NoError(t, err)
	_, tc := temporaltest.Server(t)
	a := app.New(app.Deps{Store: st, Temporal: tc, TaskQueue: systest.StartWorker(t, tc, st),
		Logger: systest.Quiet, TemporalUIURL: systest.TemporalUIURL})

	ts := httptest.NewUnstartedServer(nil)
	sys := &oidcSystem{url: localhost("http://" + ts.Listener.Addr().String())}
	sys.ui = hy.register(sys.url+"/ui/auth/callback", apiAudience, nil)
	flow, err := auth.NewCodeFlow(ctx, auth.CodeFlowConfig{Issuer: hy.issuer, ClientID: sys.ui.ID,
		ClientSecret: sys.ui.Secret, RedirectURL: sys.ui.Redirect})
	require.NoError(t, err)
	ui, err := web.New(a, web.Config{SessionSecret: []byte("ui-session-secret-ui-session-secret!!"), CodeFlow: flow})
	require.NoError(t, err)
	verifier, err := auth.NewOIDC(ctx, hy.issuer, apiAudience, "")
	require.NoError(t, err)
	ts.Config.Handler = api.New(api.Deps{App: a, Verifier: verifier, UI: ui})
	ts.Start()
	t.Cleanup(ts.Close)
	return sys
}

// apiAudience is the audience of the API's access tokens.
const apiAudience = "dsmarket-api"

// call sends GET path to the API with the bearer token and returns the status.
func (s *oidcSystem) call(t *testing.T, path, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// jwtClaims reads a JWT's payload without verifying it: the test looks at what Hydra put in.
func jwtClaims(t *testing.T, raw string) map[string]any {
	t.Helper()
	parts := strings.Split(raw, ".")
	require.Len(t, parts, 3, "not a JWT: %.40s…", raw)
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(b, &c))
	return c
}

// withClaims is raw with its payload's claims changed and Hydra's signature kept.
func withClaims(t *testing.T, raw string, change map[string]any) string {
	t.Helper()
	c := jwtClaims(t, raw)
	for k, v := range change {
		c[k] = v
	}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	parts := strings.Split(raw, ".")
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(b) + "." + parts[2]
}
