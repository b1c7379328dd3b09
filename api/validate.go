package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// Text is checked once, here at the edge, for every route: each string of a decoded body
// (by decode), each path and query parameter (by checkParams). Past this point the app
// layer, the workflows and PostgreSQL see only text they can store: a NUL that got through
// used to be answered 201 and then fail the case's workflow in PostgreSQL.

// maxTextErrors bounds the field errors of one answer: a body of ten thousand bad strings
// needs no ten thousand lines to be understood.
const maxTextErrors = 20

// checkBodyText refuses a decoded body whose strings are not text (models.TextProblem),
// naming each field by its JSON path as the models' own field errors do
// (provider.business_no, documents[0].kind), and composes those that are
// (models.Composed), so that words typed on a Mac are stored and found as any others. raw is the body as sent: the JSON decoder
// quietly replaces invalid UTF-8 with U+FFFD, so only the raw bytes can tell.
func checkBodyText(raw []byte, decoded any) error {
	var fe models.Fields
	if !utf8.Valid(raw) {
		fe.AddText(invalidUTF8Field(raw), models.Msg("invalid.text_encoding", "encoding", "UTF-8"))
		return fe.Err()
	}
	walkText(reflect.ValueOf(decoded), "", 0, &fe)
	return fe.Err()
}

// maxDepth stops the walk on a structure no input type has; it guards against a cycle of
// pointers, which a decoded body cannot hold but a future input type might.
const maxDepth = 32

func walkText(v reflect.Value, path string, depth int, fe *models.Fields) {
	if len(*fe) >= maxTextErrors || depth > maxDepth || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, depth+1, fe)
		}
	case reflect.String:
		if t := models.TextRefusal(v.String(), models.MaxTextRunes, true); t != nil {
			fe.AddText(path, t)
		} else if v.CanSet() {
			v.SetString(models.Composed(v.String()))
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // []byte is base64 in JSON, not text
		}
		for i := range v.Len() {
			walkText(v.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1, fe)
		}
	case reflect.Map:
		// Sorted, so that the same body is always refused with the same list. fmt.Sprint,
		// not Interface: the map may sit in an unexported embedded struct.
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			name := fmt.Sprint(k)
			if k.Kind() == reflect.String {
				if t := models.TextRefusal(name, models.MaxPathParamRunes, false); t != nil {
					fe.AddText(join(path, strconv.Quote(name)), models.Nested("invalid.text_map_key", t))
					continue
				}
			}
			walkText(v.MapIndex(k), join(path, name), depth+1, fe)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			// encoding/json fills the exported fields of an embedded struct even when the
			// struct's type is unexported, and nothing else unexported.
			if !sf.IsExported() && (!sf.Anonymous || sf.Type.Kind() != reflect.Struct) {
				continue
			}
			name, named, skip := jsonName(sf)
			switch {
			case skip:
			case sf.Anonymous && !named:
				walkText(v.Field(i), path, depth+1, fe) // embedded: its fields are the parent's
			default:
				walkText(v.Field(i), join(path, name), depth+1, fe)
			}
		}
	}
}

// jsonName is the name encoding/json gives a field, whether the tag names it, and whether
// encoding/json skips it.
func jsonName(sf reflect.StructField) (name string, named, skip bool) {
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return "", false, true
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name, true, false
	}
	return sf.Name, false, false
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// invalidUTF8Field finds the JSON path of the first string in raw (a valid JSON document)
// holding invalid UTF-8, by following the decoder's tokens up to the first bad byte.
func invalidUTF8Field(raw []byte) string {
	bad := int64(len(raw))
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size <= 1 {
			bad = int64(i)
			break
		}
		i += size
	}
	type frame struct {
		object    bool
		key       string
		index     int
		expectKey bool
	}
	var stack []frame
	here := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.index)
			}
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		end := dec.InputOffset()
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].expectKey = true
			}
			continue
		}
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			switch {
			case top.object && top.expectKey:
				top.key, top.expectKey = fmt.Sprint(tok), false
				if end > bad {
					return here()
				}
				continue
			case !top.object:
				top.index++
			}
		}
		if end > bad {
			return here()
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, expectKey: true})
		case json.Delim('['):
			stack = append(stack, frame{index: -1})
		default:
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].expectKey = true
			}
		}
	}
}

// checkParams refuses a request whose path or query parameters are not text: an ID in a
// path and a filter in a query are single-line, so no control character at all is allowed.
// It runs after the route's role check, so that who may not call a route learns nothing
// more than that.
func checkParams(c *gin.Context) {
	if err := CheckParams(c); err != nil {
		fail(c, err)
		return
	}
	c.Next()
}

// CheckParams is the check of checkParams for the web pages too, which answer its error
// with a page: path parameters are named as the route names them (id), query parameters
// by their key.
func CheckParams(c *gin.Context) error {
	path := make([]models.Param, len(c.Params))
	for i, p := range c.Params {
		path[i] = models.Param{Name: p.Key, Value: p.Value}
	}
	return models.CheckParams(path, c.Request.URL.Query())
}
