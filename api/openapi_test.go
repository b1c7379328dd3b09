package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// servedOpenAPI loads the document exactly as GET /api/v1/openapi.json serves it and
// validates it as OpenAPI 3, examples and formats included.
func servedOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	rec := httptest.NewRecorder()
	api.New(api.Deps{App: app.New(app.Deps{})}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	require.True(t, json.Valid(rec.Body.Bytes()), "the served document is not JSON")

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(rec.Body.Bytes())
	require.NoError(t, err)
	ctx := openapi3.WithValidationOptions(context.Background(),
		openapi3.EnableSchemaFormatValidation(), openapi3.EnableExamplesValidation(), openapi3.EnableMultiError())
	require.NoError(t, doc.Validate(ctx))
	return doc
}

func TestOpenAPI_Valid(t *testing.T) {
	doc := servedOpenAPI(t)
	require.Equal(t, "3.0.3", doc.OpenAPI)

	// The conventions every client needs are stated where clients read first.
	for _, s := range []string{"whole KRW", "RFC 3339", "offset", "YYYY-MM-DD", "Asia/Seoul", "calendar days", "RFC 9457"} {
		require.Contains(t, doc.Info.Description, s, "info.description")
	}

	bearer := doc.Components.SecuritySchemes["bearerAuth"]
	require.NotNil(t, bearer, "components.securitySchemes.bearerAuth")
	require.Equal(t, "http", bearer.Value.Type)
	require.Equal(t, "bearer", bearer.Value.Scheme)
	require.Equal(t, "JWT", bearer.Value.BearerFormat)
	for _, claim := range []string{"`sub`", "`role`", "`org`"} {
		require.Contains(t, bearer.Value.Description, claim)
	}
	// No document-wide security: public operations must not inherit one.
	require.Empty(t, doc.Security)

	problem := doc.Components.Schemas["Problem"]
	require.NotNil(t, problem)
	require.ElementsMatch(t, []string{"type", "title", "status", "detail", "instance", "errors"}, openapiKeys(problem.Value.Properties))
	fe := problem.Value.Properties["errors"].Value.Items.Value
	require.ElementsMatch(t, []string{"field", "message"}, openapiKeys(fe.Properties))

	require.Equal(t, []string{"proposal_requested", "proposal_submitted", "negotiating", "not_qualified",
		"delivery_requested", "lapsed", "cancelled"}, openapiEnum(t, doc, "OrderStatus"))
	require.Equal(t, []string{"registered", "suspended", "removed"}, openapiEnum(t, doc, "ServiceStatus"))
	require.Equal(t, []string{"cloud", "support", "convergence"}, openapiEnum(t, doc, "ServiceType"))
	require.Equal(t, []string{"iaas", "paas", "saas", "consulting", "operations", "migration", "convergence"}, openapiEnum(t, doc, "Subtype"))
	var contractStatuses []string
	for _, st := range models.AllDirectContractStatuses {
		contractStatuses = append(contractStatuses, string(st))
	}
	require.Equal(t, contractStatuses, openapiEnum(t, doc, "DirectContractStatus"))
}

// requireMatches checks that v, written as the server writes it, validates against s.
func requireMatches(t *testing.T, s *openapi3.Schema, v any) {
	t.Helper()
	err := s.VisitJSON(jsonRoundTrip(t, v), openapi3.VisitAsResponse(), openapi3.EnableFormatValidation(), openapi3.MultiErrors())
	require.NoError(t, err, "%T does not match its schema", v)
}

func jsonRoundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

// goJSONFields returns the JSON names of a struct's fields, and those encoding/json always
// writes (no omitempty).
func goJSONFields(typ reflect.Type) (all, always []string) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are written as the outer struct's own.
			a, w := goJSONFields(f.Type)
			all, always = append(all, a...), append(always, w...)
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		all = append(all, name)
		if !slices.Contains(strings.Split(opts, ","), "omitempty") {
			always = append(always, name)
		}
	}
	return all, always
}

// schemaFields returns the properties and required fields of a response schema, across
// the parts of an allOf.
func schemaFields(s *openapi3.Schema) (props, required []string) {
	props, required = openapiKeys(s.Properties), slices.Clone(s.Required)
	for _, part := range s.AllOf {
		p, r := schemaFields(part.Value)
		props, required = append(props, p...), append(required, r...)
	}
	return props, required
}

// openapiProperties returns the properties of a schema, across its oneOf alternatives.
func openapiProperties(s *openapi3.Schema) []string {
	set := map[string]bool{}
	for k := range s.Properties {
		set[k] = true
	}
	for _, alt := range s.OneOf {
		for _, k := range openapiProperties(alt.Value) {
			set[k] = true
		}
	}
	return openapiKeys(set)
}

func openapiKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func openapiEnum(t *testing.T, doc *openapi3.T, name string) []string {
	t.Helper()
	s := doc.Components.Schemas[name]
	require.NotNil(t, s, name)
	out := make([]string, len(s.Value.Enum))
	for i, v := range s.Value.Enum {
		out[i] = fmt.Sprint(v)
	}
	return out
}
