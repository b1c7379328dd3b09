// Package oidctest is a fake OpenID Connect issuer for tests: discovery, a key set, an
// authorize endpoint that signs in at once whoever SignInAs named, and a token endpoint that
// checks what a real issuer checks (client authentication, PKCE S256, one-time codes,
// redirect URI) and issues RS256 ID tokens with dsmarket's role and org claims.
//
// It imports nothing of dsmarket, so that the tests of any package can use it.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// TokenTTL is how long the issued ID tokens stay valid.
const TokenTTL = 5 * time.Minute

const keyID = "oidctest-1"

// signingKey is shared by every Issuer of a test binary: generating an RSA key costs tens
// of milliseconds, more under -race, and tokens of one issuer are still refused by another
// because the issuer URL differs.
var signingKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("oidctest: generate RSA key: " + err.Error())
	}
	return k
})

// Issuer is a running fake issuer. URL is its issuer identifier; ClientID and ClientSecret
// are the one client it knows.
type Issuer struct {
	URL                    string
	ClientID, ClientSecret string

	signer jose.Signer

	mu       sync.Mutex
	user     *user // nil until SignInAs: /authorize then answers access_denied
	codes    map[string]grant
	badNonce bool
}

type user struct{ sub, role, org string }

// grant is what /authorize promised to the holder of a code.
type grant struct {
	user                          user
	nonce, challenge, redirectURI string
	openID                        bool
}

// New starts an issuer that lives until the test ends.
func New(t testing.TB) *Issuer {
	t.Helper()
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: signingKey(), KeyID: keyID}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatalf("oidctest: signer: %v", err)
	}
	i := &Issuer{ClientID: "dsmarket-web", ClientSecret: rand.Text(), signer: signer, codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", i.discovery)
	mux.HandleFunc("GET /jwks", i.jwks)
	mux.HandleFunc("GET /authorize", i.authorize)
	mux.HandleFunc("POST /token", i.token)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	i.URL = srv.URL
	return i
}

// SignInAs sets who the authorize endpoint signs in from now on. An empty role or org
// leaves that claim out of the ID token, as an issuer would for a user without it.
func (i *Issuer) SignInAs(sub, role, org string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.user = &user{sub: sub, role: role, org: org}
}

// TamperNonce makes the next token response carry an ID token with a nonce other than
// the one the client sent, as a replayed token would.
func (i *Issuer) TamperNonce() {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.badNonce = true
}

func (i *Issuer) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                i.URL,
		"authorization_endpoint":                i.URL + "/authorize",
		"token_endpoint":                        i.URL + "/token",
		"jwks_uri":                              i.URL + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []string{"openid", "profile"},
		"claims_supported":                      []string{"sub", "role", "org"},
	})
}

func (i *Issuer) jwks(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &signingKey().PublicKey, KeyID: keyID, Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

func (i *Issuer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirectURI := q.Get("redirect_uri")
	// As in RFC 6749 4.1.2.1: without a known client and a redirect URI there is nowhere
	// safe to send an error, so it is shown here instead.
	if q.Get("client_id") != i.ClientID {
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	}
	target, err := url.Parse(redirectURI)
	if redirectURI == "" || err != nil || !target.IsAbs() {
		http.Error(w, "redirect_uri must be an absolute URL", http.StatusBadRequest)
		return
	}
	back := func(params url.Values) {
		if s := q.Get("state"); s != "" {
			params.Set("state", s)
		}
		v := target.Query()
		for k, vs := range params {
			v[k] = vs
		}
		target.RawQuery = v.Encode()
		http.Redirect(w, r, target.String(), http.StatusFound) //nolint:gosec // G710: a test issuer sends the browser back to the client's redirect_uri, as every issuer does
	}
	switch {
	case q.Get("response_type") != "code":
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		back(url.Values{"error": {"invalid_request"}, "error_description": {"PKCE with S256 is required"}})
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.user == nil {
		back(url.Values{"error": {"access_denied"}})
		return
	}
	code := rand.Text()
	i.codes[code] = grant{
		user: *i.user, nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirectURI: redirectURI,
		openID: slices.Contains(strings.Fields(q.Get("scope")), "openid"),
	}
	back(url.Values{"code": {code}})
}

func (i *Issuer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	if !i.clientAuthenticated(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="oidctest"`)
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	i.mu.Lock()
	code := r.PostForm.Get("code")
	g, ok := i.codes[code]
	// A code is spent by its first presentation, right or wrong, so that a stolen code
	// cannot be tried against many verifiers.
	delete(i.codes, code)
	badNonce := i.badNonce
	i.badNonce = false
	i.mu.Unlock()
	if !ok || r.PostForm.Get("redirect_uri") != g.redirectURI || !pkceMatches(r.PostForm.Get("code_verifier"), g.challenge) {
		oauthError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	resp := map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": int(TokenTTL.Seconds())}
	if g.openID {
		nonce := g.nonce
		if badNonce {
			nonce = "tampered-" + rand.Text()
		}
		idToken, err := i.idToken(g.user, nonce)
		if err != nil {
			oauthError(w, http.StatusInternalServerError, "server_error")
			return
		}
		resp["id_token"] = idToken
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, resp)
}

// clientAuthenticated accepts client_secret_basic and client_secret_post, the two methods
// discovery advertises, so that clients relying on either (or on auto-detection) work.
func (i *Issuer) clientAuthenticated(r *http.Request) bool {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 2.3.1 form-encodes both before they are joined for Basic.
		var err1, err2 error
		id, err1 = url.QueryUnescape(id)
		secret, err2 = url.QueryUnescape(secret)
		if err1 != nil || err2 != nil {
			return false
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == i.ClientID && subtle.ConstantTimeCompare([]byte(secret), []byte(i.ClientSecret)) == 1
}

func pkceMatches(verifier, challenge string) bool {
	// RFC 7636 4.1 bounds the verifier; a short one would make the challenge guessable.
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

func (i *Issuer) idToken(u user, nonce string) (string, error) {
	now := time.Now()
	claims := map[string]any{
		"iss": i.URL, "aud": i.ClientID, "sub": u.sub,
		"iat": now.Unix(), "exp": now.Add(TokenTTL).Unix(),
	}
	for k, v := range map[string]string{"role": u.role, "org": u.org, "nonce": nonce} {
		if v != "" {
			claims[k] = v
		}
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := i.signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

func oauthError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
