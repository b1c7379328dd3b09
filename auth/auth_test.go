package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/dsmarket/dsmarket/models"
)

var kim = models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "AG-0001"}

func TestDevKey(t *testing.T) {
	k, err := NewDevKey([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tok, _ := k.Sign(kim, now, time.Hour)
	if a, err := k.Verify(context.Background(), tok); err != nil || a != kim {
		t.Fatalf("OK: %v %v", a, err)
	}
	expired, _ := k.Sign(kim, now.Add(-2*time.Hour), time.Hour)
	other, _ := NewDevKey([]byte("ffffffffffffffffffffffffffffffff"))
	forged, _ := other.Sign(kim, now, time.Hour)
	badRole, _ := k.Sign(models.Actor{Sub: "x", Role: "admin", Org: "o"}, now, time.Hour)
	none := jwt.NewWithClaims(jwt.SigningMethodNone, Claims{Role: "auditor", Org: "BAI"})
	unsigned, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)
	for name, tok := range map[string]string{"ErrExpired": expired, "ErrForged": forged, "ErrRole": badRole,
		"ErrNone": unsigned, "ErrGarbage": "abc"} {
		if _, err := k.Verify(context.Background(), tok); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := NewDevKey([]byte("short")); err == nil {
		t.Fatal("short secret accepted")
	}
}

func TestLoadDevKeyPersists(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	k1, err := LoadDevKey(env, dir)
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := LoadDevKey(env, dir)
	tok, _ := k1.Sign(kim, time.Now(), time.Hour)
	if _, err := k2.Verify(context.Background(), tok); err != nil {
		t.Fatal("second load must read the same key")
	}
}

// TestOIDCWithLocalJWKS runs a local JWKS server and verifies RS256 tokens against it.
func TestOIDCWithLocalJWKS(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	jwks := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(jwks)
	}))
	defer srv.Close()
	const issuer = "https://login.example.go.kr"
	v, err := NewOIDC(context.Background(), issuer, "dsmarket-api", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(c jwt.MapClaims, k *rsa.PrivateKey) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
		tok.Header["kid"] = "k1"
		s, _ := tok.SignedString(k)
		return s
	}
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": issuer, "aud": "dsmarket-api", "sub": "kim", "role": "agency", "org": "AG-0001",
			"exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()}
	}
	if a, err := v.Verify(context.Background(), sign(base(), key)); err != nil || a != kim {
		t.Fatalf("OK: %v %v", a, err)
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	wrongAud := base()
	wrongAud["aud"] = "someone-else"
	wrongIss := base()
	wrongIss["iss"] = "https://evil.example"
	noOrg := base()
	delete(noOrg, "org")
	for name, tok := range map[string]string{
		"ErrWrongKey": sign(base(), other), "ErrAudience": sign(wrongAud, key),
		"ErrIssuer": sign(wrongIss, key), "ErrNoOrg": sign(noOrg, key),
	} {
		if _, err := v.Verify(context.Background(), tok); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("%s: %v", name, err)
		}
	}
}
