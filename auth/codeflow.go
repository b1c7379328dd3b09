package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"slices"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/dsmarket/dsmarket/models"
)

// CodeFlow signs people in to the web UI with an OIDC issuer's authorization-code flow.
type CodeFlow struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// CodeFlowConfig names the issuer and the web UI's registration with it.
type CodeFlowConfig struct {
	Issuer, ClientID, ClientSecret, RedirectURL string
	// Scopes default to openid and profile; openid is added when missing.
	Scopes []string
}

// PendingLogin holds the secrets of a sign-in between Start and Finish. They belong in a
// short-lived, signed cookie, never in the URL: they are what ties the callback to the
// browser that started the sign-in.
type PendingLogin struct {
	State, Nonce, Verifier string
}

// The messages below are shown to the person signing in. They say what to do next and
// nothing of what the issuer answered, which goes to the logs through the wrapped cause.
var (
	errLoginMismatch = models.Errorf(models.EUNAUTHORIZED,
		"the sign-in expired or was started in another browser; please sign in again")
	errLoginRejected = models.Errorf(models.EUNAUTHORIZED,
		"the identity provider did not confirm the sign-in; please sign in again")
	errLoginUnavailable = models.Errorf(models.EUNAVAILABLE,
		"the identity provider cannot be reached; please try again later")
)

// NewCodeFlow discovers the issuer's endpoints and keys.
func NewCodeFlow(ctx context.Context, cfg CodeFlowConfig) (*CodeFlow, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("oidc code flow needs an issuer, a client ID and a redirect URL")
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc discovery for %s: %w", cfg.Issuer, err)
	}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "profile"}
	} else if !slices.Contains(scopes, oidc.ScopeOpenID) {
		// Without openid the issuer answers with a bare OAuth token and no ID token, so
		// nobody could ever sign in.
		scopes = append([]string{oidc.ScopeOpenID}, scopes...)
	}
	return &CodeFlow{
		oauth: oauth2.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: scopes,
		},
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

// Start returns the URL to send the browser to, and the secrets to keep in the (short-lived,
// signed) login cookie: state, nonce and PKCE verifier, each fresh and random.
func (f *CodeFlow) Start() (authURL string, pending PendingLogin, err error) {
	pending = PendingLogin{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier()}
	authURL = f.oauth.AuthCodeURL(pending.State,
		oidc.Nonce(pending.Nonce), oauth2.S256ChallengeOption(pending.Verifier))
	return authURL, pending, nil
}

// Finish exchanges the code (with the PKCE verifier), verifies the ID token (issuer,
// audience, expiry, signature), checks the nonce and returns the actor of the sub, role and
// org claims. Every failure is an EUNAUTHORIZED *models.Error with a message safe to show,
// except an unreachable issuer, which is EUNAVAILABLE since signing in again will not help.
func (f *CodeFlow) Finish(ctx context.Context, pending PendingLogin, gotState, code string) (models.Actor, error) {
	// An empty pending state means the cookie is missing or expired; it must not match a
	// callback that carries no state either.
	if pending.State == "" || pending.Nonce == "" || pending.Verifier == "" ||
		subtle.ConstantTimeCompare([]byte(pending.State), []byte(gotState)) != 1 {
		return models.Actor{}, errLoginMismatch
	}
	if code == "" {
		return models.Actor{}, errLoginRejected
	}
	tok, err := f.oauth.Exchange(ctx, code, oauth2.VerifierOption(pending.Verifier))
	if err != nil {
		return models.Actor{}, fmt.Errorf("%w: token request: %w", exchangeError(err), err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return models.Actor{}, fmt.Errorf("%w: token response has no id_token", errLoginRejected)
	}
	idt, err := f.verifier.Verify(ctx, raw)
	if err != nil {
		return models.Actor{}, fmt.Errorf("%w: id token: %w", errLoginRejected, err)
	}
	// go-oidc leaves the nonce to the caller; without this check a token obtained for
	// another sign-in could be replayed into this one.
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(pending.Nonce)) != 1 {
		return models.Actor{}, fmt.Errorf("%w: id token nonce does not match", errLoginRejected)
	}
	var c struct {
		Role string `json:"role"`
		Org  string `json:"org"`
	}
	if err := idt.Claims(&c); err != nil {
		return models.Actor{}, fmt.Errorf("%w: id token claims: %w", errLoginRejected, err)
	}
	return actorFrom(idt.Subject, c.Role, c.Org)
}

// exchangeError tells an issuer that cannot be reached or is failing, where the person can
// only wait, from one that refused the code, where signing in again is the remedy.
func exchangeError(err error) *models.Error {
	var ue *url.Error
	var re *oauth2.RetrieveError
	if errors.As(err, &ue) || (errors.As(err, &re) && re.Response != nil && re.Response.StatusCode >= 500) {
		return errLoginUnavailable
	}
	return errLoginRejected
}
