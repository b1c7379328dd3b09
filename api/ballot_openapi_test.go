package api_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// TestOpenAPI_Ballot: the Ballot schema has the fields of app.Ballot, and the view every
// reader gets of each state of the selection walk, secret ballot and all, validates.
func TestOpenAPI_Ballot(t *testing.T) {
	doc := servedOpenAPI(t)
	schema := func(name string) *openapi3.Schema {
		t.Helper()
		s := doc.Components.Schemas[name]
		require.NotNil(t, s, "components.schemas.%s", name)
		return s.Value
	}
	props, required := schemaFields(schema("Ballot"))
	all, always := goJSONFields(reflect.TypeOf(app.Ballot{}))
	require.ElementsMatch(t, all, props, "properties of Ballot")
	require.ElementsMatch(t, always, required, "required of Ballot: the fields Go always writes")

	now := time.Date(2026, 3, 2, 14, 5, 0, 0, models.Seoul)
	readers := []models.Actor{
		{Sub: "song.committee", Role: models.RoleCommittee, Org: "MSIT"},
		{Sub: "jang.committee", Role: models.RoleCommittee, Org: "MSIT"},
		{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"},
		{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
		{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"},
		{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"},
	}
	withBallots := 0
	for _, v := range selectionValues(t, now) {
		truth := v.Application // the auditor's view: the case as it is
		for _, by := range readers {
			view := app.ViewOf(&truth, by, now)
			requireMatches(t, schema("ApplicationView"), view)
			if len(view.Ballots) > 0 {
				withBallots++
				for _, b := range view.Ballots {
					requireMatches(t, schema("Ballot"), b)
				}
			}
		}
	}
	require.Positive(t, withBallots, "the walk reaches a session")
}
