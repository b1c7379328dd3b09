package api

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/models"
)

// The edge check names each refused string by its JSON path, as the models' own field
// errors do, and finds invalid UTF-8 in the raw body, which the JSON decoder would have
// replaced with U+FFFD.

type textEmbedded struct {
	Note string `json:"note"`
}

type textBody struct {
	textEmbedded
	Title    string `json:"title"`
	Skipped  string `json:"-"`
	Untagged string
	Ptr      *string           `json:"ptr,omitempty"`
	Scores   []textScore       `json:"scores"`
	Labels   map[string]string `json:"labels"`
	Raw      []byte            `json:"raw"`
	Count    int               `json:"count"`
}

type textScore struct {
	Criterion string   `json:"criterion"`
	Tags      []string `json:"tags"`
}

func refusedFields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var me *models.Error
	if !errors.As(err, &me) {
		return []string{"not a models.Error: " + err.Error()}
	}
	var out []string
	for _, f := range me.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestCheckBodyText(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want []string
	}{
		{"OK", `{"title":"민원\n포털\t전환\r\n","scores":[{"criterion":"기술","tags":["a"]}],"labels":{"k":"v"},"count":1}`, nil},
		{"OK_Empty", `{}`, nil},
		{"Top", `{"title":"probe\u0000title"}`, []string{"title"}},
		{"Embedded", `{"note":"\u001b[31m"}`, []string{"note"}},
		{"Untagged", `{"Untagged":"\u0007"}`, []string{"Untagged"}},
		{"Pointer", `{"ptr":"a\rb"}`, []string{"ptr"}},
		{"Nested", `{"scores":[{"criterion":"ok"},{"criterion":"x\u0000","tags":["ok","\u007f"]}]}`,
			[]string{"scores[1].criterion", "scores[1].tags[1]"}},
		{"MapValue", `{"labels":{"k":"\u0085"}}`, []string{"labels.k"}},
		{"MapKey", `{"labels":{"k\u0000":"v"}}`, []string{`labels."k\x00"`}},
		{"Huge", `{"title":"` + strings.Repeat("가", models.MaxTextRunes+1) + `"}`, []string{"title"}},
		{"AtCap", `{"title":"` + strings.Repeat("가", models.MaxTextRunes) + `"}`, nil},
		{"InvalidUTF8", "{\"title\":\"a\xffb\"}", []string{"title"}},
		{"InvalidUTF8Nested", "{\"title\":\"ok\",\"scores\":[{\"criterion\":\"a\"},{\"tags\":[\"x\",\"\xc3\x28\"]}]}", []string{"scores[1].tags[1]"}},
		{"InvalidUTF8AfterObject", "{\"scores\":[{\"criterion\":\"a\"}],\"labels\":{\"k\":\"\xe0\x80\"}}", []string{"labels.k"}},
		{"InvalidUTF8Key", "{\"labels\":{\"\xff\":\"v\"}}", []string{"labels.\uFFFD"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v textBody
			if err := json.Unmarshal([]byte(tc.body), &v); err != nil {
				t.Fatal(err)
			}
			if got := refusedFields(t, checkBodyText([]byte(tc.body), &v)); !slices.Equal(got, tc.want) {
				t.Fatalf("refused %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckBodyText_ManyErrorsCapped(t *testing.T) {
	bad := strings.Repeat(`{"criterion":"\u0000"},`, 100)
	body := `{"scores":[` + strings.TrimSuffix(bad, ",") + `]}`
	var v textBody
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if got := refusedFields(t, checkBodyText([]byte(body), &v)); len(got) != maxTextErrors {
		t.Fatalf("%d field errors, want %d", len(got), maxTextErrors)
	}
}
