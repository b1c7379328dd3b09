package models

import (
	"reflect"
	"testing"
)

func TestRegistryDiff(t *testing.T) {
	cases := []struct {
		name          string
		before, after string
		want          []FieldChange
	}{
		{"registration lists what it set", "", `{"org":"PV-0300","name":"(주)가온","founded_on":null,"active":true}`,
			[]FieldChange{{Field: "active", New: "true"}, {Field: "name", New: "(주)가온"}, {Field: "org", New: "PV-0300"}}},
		{"a change lists what differs", `{"name":"문서연","language":"ko","active":true,"size":"sme"}`,
			`{"name":"문서연","language":"en","active":false,"size":"sme"}`,
			[]FieldChange{{Field: "active", Old: "true", New: "false"}, {Field: "language", Old: "ko", New: "en"}}},
		{"a field added since reads as set", `{"name":"A"}`, `{"name":"A","email_notifications":"all"}`,
			[]FieldChange{{Field: "email_notifications", New: "all"}}},
		{"nothing differs", `{"name":"A"}`, `{"name":"A"}`, []FieldChange{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := RegistryDiff([]byte(c.before), []byte(c.after))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
	if _, err := RegistryDiff(nil, []byte(`[`)); err == nil {
		t.Fatal("a broken record is an error, not an empty diff")
	}
}
