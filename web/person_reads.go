package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// personReadsView is who read a person's record (GET /api/v1/people/{sub}/reads) for the
// auditors, or, Own, the person's own (GET /api/v1/me/reads), by office only.
type personReadsView struct {
	Sub       string
	Own       bool
	Items     []models.PersonRead
	NextToken string
	More      string
}

func (u *UI) personReads(c *gin.Context) {
	sub := c.Param("id")
	items, next, err := u.app.Directory.PersonReads(ctx(c), sessionOf(c).actor(), sub, 50, c.Query("page_token"))
	u.showPersonReads(c, personReadsView{Sub: sub, Items: items, NextToken: next, More: Prefix + "/people/" + sub + "/reads"}, err)
}

func (u *UI) myReads(c *gin.Context) {
	items, next, err := u.app.Directory.MyReads(ctx(c), sessionOf(c).actor(), struct{}{}, 50, c.Query("page_token"))
	u.showPersonReads(c, personReadsView{Own: true, Items: items, NextToken: next, More: Prefix + "/me/reads"}, err)
}

func (u *UI) showPersonReads(c *gin.Context, v personReadsView, err error) {
	if err != nil {
		u.fail(c, err)
		return
	}
	u.showCase(c, http.StatusOK, "person_reads", u.pageFor(c, "h.personreads"), nil, "", v)
}
