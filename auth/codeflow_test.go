package auth

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/models"
)

const callback = "https://dsmarket.example/auth/callback"

func newCodeFlow(t *testing.T) (*CodeFlow, *oidctest.Issuer) {
	t.Helper()
	iss := oidctest.New(t)
	f, err := NewCodeFlow(t.Context(), CodeFlowConfig{
		Issuer: iss.URL, ClientID: iss.ClientID, ClientSecret: iss.ClientSecret, RedirectURL: callback,
	})
	if err != nil {
		t.Fatal(err)
	}
	return f, iss
}

// authorize plays the browser: it opens the authorize URL and reads where the issuer sends
// it back, without following, since the callback is not served in these tests.
func authorize(t *testing.T, authURL string) url.Values {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != callback {
		t.Fatalf("redirected to %s, want %s", got, callback)
	}
	return loc.Query()
}

// signIn runs Start and the browser's trip to the issuer, returning what the callback gets.
func signIn(t *testing.T, f *CodeFlow) (pending PendingLogin, state, code string) {
	t.Helper()
	authURL, pending, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	q := authorize(t, authURL)
	if q.Get("error") != "" || q.Get("code") == "" {
		t.Fatalf("authorize answered %v", q)
	}
	return pending, q.Get("state"), q.Get("code")
}

func wantUnauthorized(t *testing.T, err error) {
	t.Helper()
	if code := models.ErrorCode(err); code != models.EUNAUTHORIZED {
		t.Fatalf("got %q (%v), want %q", code, err, models.EUNAUTHORIZED)
	}
}

func TestCodeFlowOK(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	pending, state, code := signIn(t, f)
	a, err := f.Finish(t.Context(), pending, state, code)
	if err != nil || a != kim {
		t.Fatalf("Finish: %+v %v", a, err)
	}

	t.Run("ClientSecretPost", func(t *testing.T) {
		f.oauth.Endpoint.AuthStyle = oauth2.AuthStyleInParams
		pending, state, code := signIn(t, f)
		if a, err := f.Finish(t.Context(), pending, state, code); err != nil || a != kim {
			t.Fatalf("Finish: %+v %v", a, err)
		}
	})
}

func TestCodeFlowStartURL(t *testing.T) {
	f, iss := newCodeFlow(t)
	authURL, p1, err := f.Start()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	q := u.Query()
	if !strings.HasPrefix(authURL, iss.URL+"/authorize?") {
		t.Errorf("authorize URL %s is not the issuer's", authURL)
	}
	for k, want := range map[string]string{
		"response_type": "code", "client_id": iss.ClientID, "redirect_uri": callback,
		"code_challenge_method": "S256", "code_challenge": oauth2.S256ChallengeFromVerifier(p1.Verifier),
		"state": p1.State, "nonce": p1.Nonce, "scope": "openid profile",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if q.Has("code_verifier") {
		t.Error("the PKCE verifier must stay in the cookie, not travel in the URL")
	}
	_, p2, _ := f.Start()
	if p1.State == p2.State || p1.Nonce == p2.Nonce || p1.Verifier == p2.Verifier ||
		p1.State == p1.Nonce || len(p1.State) < 20 || len(p1.Nonce) < 20 || len(p1.Verifier) < 43 {
		t.Errorf("secrets must be fresh, distinct and long: %+v %+v", p1, p2)
	}

	// Until someone is signed in, the issuer refuses, as when the user cancels; the
	// callback then gets error=access_denied and the state back.
	q = authorize(t, authURL)
	if q.Get("error") != "access_denied" || q.Get("state") != p1.State || q.Has("code") {
		t.Errorf("not signed in: callback got %v", q)
	}
}

func TestCodeFlowErrStateMismatch(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	pending, state, code := signIn(t, f)
	for name, tc := range map[string]struct {
		pending PendingLogin
		state   string
	}{
		"OtherState":    {pending, state + "x"},
		"EmptyState":    {pending, ""},
		"NoCookie":      {PendingLogin{}, ""},
		"OtherSignIn":   {PendingLogin{State: "other", Nonce: pending.Nonce, Verifier: pending.Verifier}, state},
		"EmptyVerifier": {PendingLogin{State: pending.State, Nonce: pending.Nonce}, state},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.Finish(t.Context(), tc.pending, tc.state, code)
			wantUnauthorized(t, err)
		})
	}
	// The code was never presented, so the right state still signs in.
	if _, err := f.Finish(t.Context(), pending, state, code); err != nil {
		t.Fatalf("a refused state must not spend the code: %v", err)
	}
}

func TestCodeFlowErrNonce(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	pending, state, code := signIn(t, f)
	iss.TamperNonce()
	_, err := f.Finish(t.Context(), pending, state, code)
	wantUnauthorized(t, err)
}

func TestCodeFlowErrRole(t *testing.T) {
	for name, role := range map[string]string{"Missing": "", "Unknown": "admin"} {
		t.Run(name, func(t *testing.T) {
			f, iss := newCodeFlow(t)
			iss.SignInAs("kim", role, "AG-0001")
			pending, state, code := signIn(t, f)
			_, err := f.Finish(t.Context(), pending, state, code)
			wantUnauthorized(t, err)
		})
	}
}

func TestCodeFlowErrVerifier(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	pending, state, code := signIn(t, f)
	pending.Verifier = oauth2.GenerateVerifier()
	_, err := f.Finish(t.Context(), pending, state, code)
	wantUnauthorized(t, err)
	// The issuer's answer is for the logs, not for the person signing in.
	if msg := models.ErrorMessage(err); strings.Contains(msg, "invalid_grant") || strings.Contains(msg, iss.URL) {
		t.Errorf("message leaks the upstream error: %q", msg)
	}
	if !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("the cause should stay in the error for the logs: %v", err)
	}
}

func TestCodeFlowErrCodeReused(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	pending, state, code := signIn(t, f)
	if _, err := f.Finish(t.Context(), pending, state, code); err != nil {
		t.Fatal(err)
	}
	_, err := f.Finish(t.Context(), pending, state, code)
	wantUnauthorized(t, err)
}

func TestCodeFlowErrNoCode(t *testing.T) {
	f, _ := newCodeFlow(t)
	_, pending, _ := f.Start()
	_, err := f.Finish(t.Context(), pending, pending.State, "")
	wantUnauthorized(t, err)
}

func TestCodeFlowErrClientSecret(t *testing.T) {
	iss := oidctest.New(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	f, err := NewCodeFlow(t.Context(), CodeFlowConfig{
		Issuer: iss.URL, ClientID: iss.ClientID, ClientSecret: "wrong", RedirectURL: callback,
	})
	if err != nil {
		t.Fatal(err)
	}
	pending, state, code := signIn(t, f)
	_, err = f.Finish(t.Context(), pending, state, code)
	wantUnauthorized(t, err)
}

// TestCodeFlowErrNoIDToken asks for no openid scope behind NewCodeFlow's back, so that the
// issuer answers with a bare OAuth token.
func TestCodeFlowErrNoIDToken(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	f.oauth.Scopes = []string{"profile"}
	pending, state, code := signIn(t, f)
	_, err := f.Finish(t.Context(), pending, state, code)
	wantUnauthorized(t, err)
}

// TestCodeFlowErrIDToken checks that the ID token is verified against the issuer's keys
// and the client: a flow configured for another client (audience) is refused.
func TestCodeFlowErrIDToken(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	other, err := NewCodeFlow(t.Context(), CodeFlowConfig{
		Issuer: iss.URL, ClientID: "someone-else", ClientSecret: iss.ClientSecret, RedirectURL: callback,
	})
	if err != nil {
		t.Fatal(err)
	}
	f.verifier = other.verifier
	pending, state, code := signIn(t, f)
	_, err = f.Finish(t.Context(), pending, state, code)
	wantUnauthorized(t, err)
}

func TestCodeFlowErrIssuerDown(t *testing.T) {
	f, iss := newCodeFlow(t)
	iss.SignInAs("kim", "agency", "AG-0001")
	pending, state, code := signIn(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := f.Finish(ctx, pending, state, code)
	if models.ErrorCode(err) != models.EUNAVAILABLE {
		t.Fatalf("got %v, want %s", err, models.EUNAVAILABLE)
	}
}

func TestNewCodeFlowErr(t *testing.T) {
	iss := oidctest.New(t)
	dead := iss.URL + "/nowhere"
	_, err := NewCodeFlow(t.Context(), CodeFlowConfig{Issuer: dead, ClientID: "c", RedirectURL: callback})
	if err == nil || !strings.Contains(err.Error(), dead) {
		t.Fatalf("discovery error must name the issuer: %v", err)
	}
	if _, err := NewCodeFlow(t.Context(), CodeFlowConfig{Issuer: iss.URL}); err == nil {
		t.Fatal("a config without client ID and redirect URL was accepted")
	}
}

func TestCodeFlowScopes(t *testing.T) {
	iss := oidctest.New(t)
	f, err := NewCodeFlow(t.Context(), CodeFlowConfig{
		Issuer: iss.URL, ClientID: iss.ClientID, RedirectURL: callback, Scopes: []string{"profile", "email"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.oauth.Scopes, " "); got != "openid profile email" {
		t.Fatalf("scopes %q", got)
	}
}
