//go:build tools

// Package tools pins Ory Hydra, the OpenID provider that web's integration test signs in
// against. It is a module of its own so that Hydra's many dependencies stay out of
// dsmarket's go.mod; the replace is Hydra's own (its go.mod has it, and replaces do not
// carry over to a module that requires it), without which it does not build.
package tools

import _ "github.com/ory/hydra/v2"
