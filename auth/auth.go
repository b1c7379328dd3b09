// Package auth turns bearer tokens into actors. Production verifies tokens of an OIDC
// issuer against its JWKS; development signs and verifies them with a local key, so that
// `dsmarket token` can print a token for any role.
package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/golang-jwt/jwt/v5"

	"github.com/dsmarket/dsmarket/models"
)

// Verifier checks a raw bearer token and says who holds it.
type Verifier interface {
	Verify(ctx context.Context, raw string) (models.Actor, error)
}

// Claims are the claims dsmarket reads from a token (API.md): sub, role and org.
type Claims struct {
	Role string `json:"role"`
	Org  string `json:"org"`
	jwt.RegisteredClaims
}

var errBadToken = models.Errorf(models.EUNAUTHORIZED, "the bearer token is missing, expired or invalid")

func actorFrom(sub, role, org string) (models.Actor, error) {
	r, err := models.ParseRole(role)
	if err != nil || strings.TrimSpace(sub) == "" || strings.TrimSpace(org) == "" {
		return models.Actor{}, models.Errorf(models.EUNAUTHORIZED, "the token must carry sub, org and a known role")
	}
	return models.Actor{Sub: sub, Role: r, Org: org}, nil
}

// DevIssuer and DevAudience mark tokens signed with the development key.
const (
	DevIssuer   = "dsmarket-dev"
	DevAudience = "dsmarket"
)

// DevKey signs and verifies development tokens (HS256).
type DevKey struct{ secret []byte }

// NewDevKey returns a development key; the secret must be at least 32 bytes.
func NewDevKey(secret []byte) (*DevKey, error) {
	if len(secret) < 32 {
		return nil, errors.New("development signing secret must be at least 32 bytes")
	}
	return &DevKey{secret: secret}, nil
}

// LoadDevKey reads DEV_JWT_SECRET, else the key file under dataDir, creating it once so
// that tokens printed by `dsmarket token` stay valid across restarts of `make run`.
func LoadDevKey(getenv func(string) string, dataDir string) (*DevKey, error) {
	if s := getenv("DEV_JWT_SECRET"); s != "" {
		return NewDevKey([]byte(s))
	}
	path := filepath.Join(dataDir, "dev-jwt.key")
	if b, err := os.ReadFile(path); err == nil {
		return NewDevKey([]byte(strings.TrimSpace(string(b))))
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(raw)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write development key: %w", err)
	}
	return NewDevKey([]byte(secret))
}

// Sign returns a development token for a.
func (k *DevKey) Sign(a models.Actor, now time.Time, ttl time.Duration) (string, error) {
	claims := Claims{Role: string(a.Role), Org: a.Org, RegisteredClaims: jwt.RegisteredClaims{
		Subject: a.Sub, Issuer: DevIssuer, Audience: jwt.ClaimStrings{DevAudience},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(k.secret)
}

// Verify checks a development token.
func (k *DevKey) Verify(_ context.Context, raw string) (models.Actor, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return k.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(DevIssuer), jwt.WithAudience(DevAudience),
		jwt.WithExpirationRequired(), jwt.WithLeeway(30*time.Second))
	if err != nil {
		return models.Actor{}, errBadToken
	}
	return actorFrom(c.Subject, c.Role, c.Org)
}

// OIDC verifies tokens of an OpenID Connect issuer against its JSON Web Key Set.
type OIDC struct{ v *oidc.IDTokenVerifier }

// NewOIDC builds a verifier. With jwksURL empty the issuer's discovery document names
// the key set; with it set, discovery is skipped (useful where discovery is not served).
func NewOIDC(ctx context.Context, issuer, audience, jwksURL string) (*OIDC, error) {
	cfg := &oidc.Config{ClientID: audience, SkipClientIDCheck: audience == ""}
	if jwksURL != "" {
		keys := oidc.NewRemoteKeySet(context.WithoutCancel(ctx), jwksURL)
		return &OIDC{v: oidc.NewVerifier(issuer, keys, cfg)}, nil
	}
	p, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc discovery for %s: %w", issuer, err)
	}
	return &OIDC{v: p.Verifier(cfg)}, nil
}

// Verify checks an issuer's token and reads the dsmarket claims.
func (o *OIDC) Verify(ctx context.Context, raw string) (models.Actor, error) {
	tok, err := o.v.Verify(ctx, raw)
	if err != nil {
		return models.Actor{}, errBadToken
	}
	var c struct {
		Role string `json:"role"`
		Org  string `json:"org"`
	}
	if err := tok.Claims(&c); err != nil {
		return models.Actor{}, errBadToken
	}
	return actorFrom(tok.Subject, c.Role, c.Org)
}
