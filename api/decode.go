package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 1 << 20

// decode reads exactly one JSON object into dst. Unknown fields and type mismatches name
// the field (422), and so does a string that is not text (checkBodyText); a body that is
// not JSON at all is 400; an oversized body is 413.
func decode(c *gin.Context, dst any) error {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return models.Errorf(models.EMALFORMED, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(c.Request.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return models.Errorf(models.ETOOLARGE, "the body exceeds %d bytes", MaxBodyBytes)
	}
	if err != nil {
		return models.Errorf(models.EMALFORMED, "the body could not be read")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return models.Errorf(models.EMALFORMED, "a JSON object body is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	var typeErr *json.UnmarshalTypeError
	var synErr *json.SyntaxError
	switch {
	case err == nil:
	case errors.As(err, &typeErr):
		return fieldErr(typeErr.Field, fmt.Sprintf("must be %s", jsonKind(typeErr.Type.Kind().String())))
	case errors.As(err, &synErr), errors.Is(err, io.ErrUnexpectedEOF):
		return models.Errorf(models.EMALFORMED, "the body is not valid JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fieldErr(name, "is not a known field")
	default:
		return fieldErr("", err.Error())
	}
	if dec.More() {
		return models.Errorf(models.EMALFORMED, "the body must hold exactly one JSON object")
	}
	return checkBodyText(body, dst)
}

func fieldErr(field, msg string) error {
	return models.Invalid([]models.FieldError{{Field: field, Message: msg}})
}

func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "float"), strings.HasPrefix(goKind, "uint"):
		return "a number"
	case goKind == "string":
		return "a string"
	case goKind == "bool":
		return "true or false"
	case goKind == "slice":
		return "an array"
	}
	return "an object"
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
