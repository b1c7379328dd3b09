package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 1 << 20

// decode reads exactly one JSON object into dst. Unknown fields, a field named twice
// (duplicateName) and type mismatches name the field (422), and so does a string that is
// not text (checkBodyText); a body that is not JSON at all is 400; an oversized body is 413.
func decode(c *gin.Context, dst any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return models.Refuse(models.EMALFORMED, models.Msg("error.json_content_type"))
	}
	body, err := io.ReadAll(c.Request.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return models.Refuse(models.ETOOLARGE, models.Msg("error.body_too_large", "limit", strconv.Itoa(MaxBodyBytes)))
	}
	if err != nil {
		return models.Refuse(models.EMALFORMED, models.Msg("error.body_unreadable"))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return models.Refuse(models.EMALFORMED, models.Msg("error.json_body_required"))
	}
	if name := duplicateName(body); name != "" {
		return fieldErr(name, models.Msg("invalid.duplicate_field"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	var typeErr *json.UnmarshalTypeError
	var synErr *json.SyntaxError
	switch {
	case err == nil:
	case errors.As(err, &typeErr):
		return fieldErr(typeErr.Field, models.Msg("invalid.json_kind", "kind", jsonKind(typeErr.Type.Kind().String())))
	case errors.As(err, &synErr), errors.Is(err, io.ErrUnexpectedEOF):
		return models.Refuse(models.EMALFORMED, models.Msg("error.json_invalid"))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fieldErr(name, models.Msg("invalid.unknown_field"))
	default:
		return models.Invalid([]models.FieldError{{Field: "", Message: err.Error()}})
	}
	if dec.More() {
		return models.Refuse(models.EMALFORMED, models.Msg("error.json_one_object"))
	}
	return checkBodyText(body, dst)
}

// fieldErr refuses one field with a keyed text, so that the problem can be answered in the
// caller's language.
func fieldErr(field string, t *models.Text) error {
	return models.FieldInvalid(field, t)
}

func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "float"), strings.HasPrefix(goKind, "uint"):
		return "json.number"
	case goKind == "string":
		return "json.string"
	case goKind == "bool":
		return "json.bool"
	case goKind == "slice":
		return "json.array"
	}
	return "json.object"
}

// limitBody caps every body before any handler reads it; a UI form that carries files
// (UploadForms) may have the body its files need.
func limitBody(ui UI) gin.HandlerFunc {
	forms, _ := ui.(UploadForms)
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			limit := bodyLimit(c)
			if forms != nil {
				if n := forms.UploadLimit(c.Request.Method, c.FullPath()); n > 0 {
					limit = n
				}
			}
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}
