package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// Declared relations: an expert or a committee member declares their links with providers
// themselves (POST /api/v1/me/relations), or the operator does for them on their page;
// conflicts of interest are computed from these declarations.

func relationFrom(sent url.Values) models.RelationInput {
	return models.RelationInput{BusinessNo: sent.Get("business_no"), Kind: sent.Get("kind"), Since: sent.Get("since"),
		Until: sent.Get("until"), Note: sent.Get("note")}
}

type myRelationsView struct {
	Relations []models.Relation
	Today     string
}

func (u *UI) myRelations(c *gin.Context) { u.showMyRelations(c, http.StatusOK, nil, "") }

// showMyRelations is the signed-in person's declared relations and the form to declare
// one more, f when it came back refused.
func (u *UI) showMyRelations(c *gin.Context, status int, f *form, notice string) {
	rels, err := u.app.Directory.MyRelations(ctx(c), sessionOf(c).actor())
	if err != nil {
		u.fail(c, err)
		return
	}
	u.showCase(c, status, "my_relations", u.pageFor(c, "h.myrelations"), f, notice,
		myRelationsView{Relations: rels, Today: models.DateOf(u.now()).String()})
}

// declareMyRelation records a relation with the call of POST /api/v1/me/relations.
func (u *UI) declareMyRelation(c *gin.Context) {
	u.submit(c, func(sent url.Values, _ string) (string, error) {
		_, err := u.app.Directory.DeclareMyRelation(ctx(c), sessionOf(c).actor(), relationFrom(sent))
		return Prefix + "/me/relations?done=relation", err
	}, func(status int, f *form, notice string) { u.showMyRelations(c, status, f, notice) })
}
