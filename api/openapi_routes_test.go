package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

var ginPathParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// openAPIPath turns a gin pattern into an OpenAPI path: /orders/:id → /orders/{id}.
func openAPIPath(ginPath string) string { return ginPathParam.ReplaceAllString(ginPath, "{$1}") }

// routeRoles is the x-roles a route must declare: its Roles split by spaces, with
// "any role" meaning every role a token may carry.
func routeRoles(r api.Route) []string {
	if r.Roles == "any role" {
		out := make([]string, len(models.AllRoles))
		for i, role := range models.AllRoles {
			out[i] = string(role)
		}
		return out
	}
	return strings.Fields(r.Roles)
}

var bilingualSummary = regexp.MustCompile(`^[A-Z][\x20-\x7e]* \([^()]*\p{Hangul}[^()]*\)$`)

func TestOpenAPI_EveryRouteDocumented(t *testing.T) {
	doc := servedOpenAPI(t)
	routes := map[string]api.Route{}
	for _, r := range api.New(api.Deps{App: app.New(app.Deps{})}).Routes {
		k := strings.ToLower(r.Method) + " " + openAPIPath(r.Path)
		require.NotContains(t, routes, k, "route listed twice")
		routes[k] = r
	}
	require.NotEmpty(t, routes)

	documented := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[strings.ToLower(method)+" "+path] = op
		}
	}
	var missing, phantom []string
	for k := range routes {
		if documented[k] == nil {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if _, ok := routes[k]; !ok {
			phantom = append(phantom, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(phantom)
	require.Empty(t, missing, "routes missing from api/openapi.json")
	require.Empty(t, phantom, "operations in api/openapi.json that are no route")

	opIDs := map[string]string{}
	for k, r := range routes {
		op := documented[k]
		t.Run(k, func(t *testing.T) {
			require.NotEmpty(t, op.OperationID)
			require.NotContains(t, opIDs, op.OperationID, "operationId reused")
			opIDs[op.OperationID] = k
			require.Regexp(t, bilingualSummary, op.Summary, `summary must read "English (한국어)"`)
			require.NotEmpty(t, op.Description)

			// x-roles is the route's roles, in the same order.
			var roles []string
			raw, err := json.Marshal(op.Extensions["x-roles"])
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(raw, &roles), "x-roles must be an array of strings: %s", raw)
			require.Equal(t, routeRoles(r), roles, "x-roles")
			public := r.Roles == "public"
			if !public {
				for _, role := range roles {
					_, err := models.ParseRole(role)
					require.NoError(t, err, "x-roles %q", role)
				}
			}

			// Security: a bearer token on every non-public operation, none on public ones.
			if public {
				require.True(t, op.Security == nil || len(*op.Security) == 0, "a public operation must not require a token")
			} else {
				require.NotNil(t, op.Security, "security")
				require.Equal(t, openapi3.SecurityRequirements{{"bearerAuth": []string{}}}, *op.Security)
			}

			pathParams := ginPathParam.FindAllStringSubmatch(r.Path, -1)
			status := func(code int) bool { return op.Responses.Status(code) != nil }
			require.True(t, status(http.StatusOK) || status(http.StatusCreated) || status(http.StatusAccepted), "a success response")
			require.True(t, status(http.StatusInternalServerError), "500")
			require.True(t, status(http.StatusUnauthorized), "401 (a sent token is always verified)")
			if !public && r.Roles != "any role" {
				require.True(t, status(http.StatusForbidden), "403 for other roles")
			}
			if len(pathParams) > 0 {
				require.True(t, status(http.StatusNotFound), "404 for an unknown id")
			}
			for _, m := range pathParams {
				p := op.Parameters.GetByInAndName("path", m[1])
				require.NotNil(t, p, "path parameter %s", m[1])
				require.True(t, p.Required)
			}

			// Every error is a problem+json Problem.
			for code, resp := range op.Responses.Map() {
				if code[0] != '4' && code[0] != '5' {
					continue
				}
				mt := resp.Value.Content.Get("application/problem+json")
				require.NotNil(t, mt, "%s: application/problem+json", code)
				require.Equal(t, "#/components/schemas/Problem", mt.Schema.Ref, code)
				require.Len(t, resp.Value.Content, 1, code)
			}

			if r.Method != http.MethodPost && r.Method != http.MethodPatch {
				require.Nil(t, op.RequestBody, "only POSTs and PATCHes take a body")
				return
			}
			// Every POST or PATCH opens a case or takes a step on one: safe to retry with a key.
			key := op.Parameters.GetByInAndName("header", "Idempotency-Key")
			require.NotNil(t, key, "Idempotency-Key header")
			require.False(t, key.Required)
			require.True(t, status(http.StatusUnprocessableEntity), "422 for a bad Idempotency-Key")
			if len(pathParams) > 0 {
				require.True(t, status(http.StatusConflict), "409 for a case in the wrong state")
			}
			if bodilessPOST[k] {
				require.Nil(t, op.RequestBody, "this POST takes no body")
				return
			}
			for _, code := range []int{400, 413, 422} {
				require.True(t, status(code), "%d for a bad body", code)
			}
			require.NotNil(t, op.RequestBody)
			require.True(t, op.RequestBody.Value.Required)
			if multipartPOST[k] {
				mt := op.RequestBody.Value.Content.Get("multipart/form-data")
				require.NotNil(t, mt, "multipart/form-data body")
				require.Len(t, op.RequestBody.Value.Content, 1)
				requireClosedSchema(t, mt.Schema)
				return
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			require.NotNil(t, mt, "application/json body")
			requireClosedSchema(t, mt.Schema)
		})
	}
	create := documented["post /api/v1/orders"]
	for _, code := range []int{200, 201, 409, 503} {
		require.NotNil(t, create.Responses.Status(code), "POST /api/v1/orders %d", code)
	}
}

// bodilessPOST are the POSTs whose request is the path alone: the handler reads no body.
var bodilessPOST = map[string]bool{"post /api/v1/committee/sessions/{id}/close": true, "post /api/v1/quality-cycles": true}

// multipartPOST are the POSTs whose body is multipart/form-data (a file), not JSON.
var multipartPOST = map[string]bool{"post /api/v1/documents": true}

// optionalBodies are request schemas whose every field is optional (`{}` is a valid body).
var optionalBodies = map[string]bool{"#/components/schemas/WithdrawInput": true,
	"#/components/schemas/ChangeFields":      true, // every field optional; minProperties 1
	"#/components/schemas/OrganizationPatch": true, "#/components/schemas/PersonPatch": true,
	"#/components/schemas/MySettings": true}

// requireClosedSchema checks that a request schema refuses unknown fields, as the decoder
// does, down through its nested objects.
func requireClosedSchema(t *testing.T, s *openapi3.SchemaRef) {
	t.Helper()
	if len(s.Value.OneOf) > 0 {
		for _, alt := range s.Value.OneOf {
			requireClosedSchema(t, alt)
		}
		return
	}
	require.NotNil(t, s.Value.AdditionalProperties.Has, "%s: additionalProperties", s.Ref)
	require.False(t, *s.Value.AdditionalProperties.Has, "%s: additionalProperties", s.Ref)
	if !optionalBodies[s.Ref] {
		require.NotEmpty(t, s.Value.Required, "%s: required", s.Ref)
	}
	for _, p := range s.Value.Properties {
		switch {
		case p.Value.Type.Is("object"):
			requireClosedSchema(t, p)
		case p.Value.Type.Is("array") && p.Value.Items.Value.Type.Is("object"):
			requireClosedSchema(t, p.Value.Items)
		}
	}
}
