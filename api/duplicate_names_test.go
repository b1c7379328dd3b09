package api

import "testing"

// TestDuplicateName: which member of a body is named twice, by its path, however deep,
// with names that differ only in case (by Unicode folding, as the decoder matches them)
// counting as the same; the same name in two objects is no duplicate.
func TestDuplicateName(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}`, ""},
		{`{"a":1,"a":2}`, "a"},
		{`{"a":1,"A":2}`, "A"},
		{`{"k":1,"\u212a":2}`, "\u212a"}, // the Kelvin sign folds to k
		{`{"s":1,"ſ":2}`, "ſ"},
		{`{"provider":{"name":"x","business_no":"1","business_no":"2"}}`, "provider.business_no"},
		{`{"documents":[{"kind":"a"},{"kind":"b","Kind":"c"}]}`, "documents[1].Kind"},
		{`{"a":[[1,2],{"x":1}],"b":{"c":{"d":1,"d":2}}}`, "b.c.d"},
		{`{"a":{"x":1},"b":{"x":1}}`, ""},
		{`{"a":"a","b":"a"}`, ""},
		{`{"a":1,"a"`, "a"},
		{`[1,2`, ""},
		{`not json`, ""},
	} {
		if got := duplicateName([]byte(c.body)); got != c.want {
			t.Errorf("%s: %q, want %q", c.body, got, c.want)
		}
	}
}
