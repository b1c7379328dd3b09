package models

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		name      string
		s         string
		max       int
		multiline bool
		ok        bool
	}{
		{"OK_Korean", "민원포털 클라우드 전환", 100, false, true},
		{"OK_Empty", "", 10, false, true},
		{"OK_AtCap", strings.Repeat("가", 10), 10, false, true},
		{"OK_LinesAndTabs", "첫 줄\n둘째 줄\t끝\r\n", 100, true, true},
		{"OK_Replacement", "\uFFFD", 10, false, true},
		{"ErrNUL", "probe\x00title", 100, true, false},
		{"ErrEscape", "red \x1b[31m", 100, true, false},
		{"ErrDEL", "a\x7fb", 100, true, false},
		{"ErrC1", "a\u0085b", 100, true, false},
		{"ErrLoneCR", "a\rb", 100, true, false},
		{"ErrCRAtEnd", "a\r", 100, true, false},
		{"ErrNewlineSingleLine", "SVC-0001\n", 100, false, false},
		{"ErrTabSingleLine", "a\tb", 100, false, false},
		{"ErrInvalidUTF8", "a\xffb", 100, true, false},
		{"ErrTruncatedUTF8", "\xea\xb0", 100, true, false},
		{"ErrOverCap", strings.Repeat("가", 11), 10, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := TextProblem(tc.s, tc.max, tc.multiline)
			if (msg == "") != tc.ok {
				t.Fatalf("TextProblem(%q) = %q", tc.s, msg)
			}
		})
	}
}

// FuzzTextProblem: whatever TextProblem admits is valid UTF-8, within the cap, and holds
// no NUL, which PostgreSQL would refuse.
func FuzzTextProblem(f *testing.F) {
	for _, s := range []string{"", "a", "probe\x00title", "\r\n", "\xff", "민원"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if TextProblem(s, 50, true) != "" {
			return
		}
		if strings.ContainsRune(s, 0) || len([]rune(s)) > 50 || !utf8.ValidString(s) {
			t.Fatalf("admitted %q", s)
		}
	})
}

func TestCheckParams(t *testing.T) {
	err := CheckParams([]Param{{"id", "SVC-0001\x00"}, {"ok", "SVC-0002"}},
		url.Values{"q": {"클라우드", "a\x00"}, "status": {"open"}, "bad\x01": {"x"}})
	var me *Error
	if !errors.As(err, &me) || me.Code != EINVALID {
		t.Fatalf("want EINVALID, got %v", err)
	}
	var names []string
	for _, f := range me.Fields {
		names = append(names, f.Field)
	}
	if want := []string{"id", `"bad\x01"`, "q"}; !slices.Equal(names, want) {
		t.Fatalf("fields %v, want %v", names, want)
	}
	if err := CheckParams([]Param{{"id", "SVC-0001"}}, url.Values{"q": {"보안 AI"}}); err != nil {
		t.Fatalf("clean parameters refused: %v", err)
	}
}

func TestCheckForm(t *testing.T) {
	if err := CheckForm(url.Values{"reason": {"첫 줄\r\n둘째 줄\t끝"}}); err != nil {
		t.Fatalf("a multi-line reason refused: %v", err)
	}
	var me *Error
	if err := CheckForm(url.Values{"title": {"probe\x00title"}}); !errors.As(err, &me) || me.Fields[0].Field != "title" {
		t.Fatalf("want title refused, got %v", err)
	}
}

// TestComposed: loose jamo are composed; compatibility ideographs, which NFC would replace
// by their unified twins, are kept, and so is what surrounds them composed.
func TestComposed(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"클라우드", "클라우드"},
		{"\u110f\u1173\u11af\u1105\u1161\u110b\u116e\u1103\u1173", "클라우드"},
		{"cafe\u0301", "café"},
		{"\uf900 \u1100\u1161", "\uf900 가"},
		{"\u1100\u1161\U0002f800\u1100\u1161", "가\U0002f800가"},
		{"", ""},
	} {
		if got := Composed(c.in); got != c.want {
			t.Errorf("Composed(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
