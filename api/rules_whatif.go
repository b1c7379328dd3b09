package api

import (
	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// handleRulesWhatIf answers what proposed rule versions would do to the open cases. It
// changes nothing, so a retry with the same Idempotency-Key simply asks again.
func handleRulesWhatIf(rules *app.Rules) gin.HandlerFunc {
	return ok(withBody(func(c *gin.Context, _ string, in models.WhatIfInput) (app.WhatIf, error) {
		return rules.WhatIf(c.Request.Context(), mustActor(c), in)
	}))
}
