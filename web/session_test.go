package web

import (
	"bytes"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"OK_InboxWithQuery", "/ui/inbox?kind=x", "/ui/inbox?kind=x"},
		{"OK_Home", "/ui/", "/ui/"},
		{"OK_DeepPage", "/ui/orders/ORD-2026-000001?done=cancel", "/ui/orders/ORD-2026-000001?done=cancel"},
		{"ErrEmpty", "", "/ui/"},
		{"ErrSchemeRelative", "//evil.example", "/ui/"},
		{"ErrSchemeRelativeWithPath", "//evil.example/ui/", "/ui/"},
		{"ErrAbsoluteURL", "https://evil", "/ui/"},
		{"ErrAbsoluteURLWithOurPath", "https://evil.example/ui/inbox", "/ui/"},
		{"ErrBackslash", "/ui/..\\", "/ui/"},
		{"ErrBackslashHost", "/ui/\\\\evil.example", "/ui/"},
		{"ErrAPI", "/api/v1/x", "/ui/"},
		{"ErrPrefixWithoutSlash", "/ui", "/ui/"},
		{"ErrLookalikePrefix", "/uievil", "/ui/"},
		{"ErrHeaderInjection", "/ui/\r\nSet-Cookie: x=y", "/ui/"},
		{"ErrNewline", "/ui/\nx", "/ui/"},
		{"ErrJavascript", "javascript:alert(1)", "/ui/"},
		{"ErrRelative", "ui/inbox", "/ui/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.in); got != tc.want {
				t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestBaseField(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"OK_Plain", "reason", "reason"},
		{"OK_ListElement", "experts[1]", "experts"},
		{"OK_RowField", "scores[0].score", "scores"},
		{"OK_DocumentRow", "documents[12].sha256", "documents"},
		{"OK_Dotted", "criteria.security", "criteria.security"},
		{"OK_Empty", "", ""},
		{"OK_BracketFirst", "[0]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := baseField(tc.in); got != tc.want {
				t.Errorf("baseField(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestGroupDigits(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   int64
		want string
	}{
		{"OK_Zero", 0, "0"},
		{"OK_One", 1, "1"},
		{"OK_ThreeDigits", 999, "999"},
		{"OK_FourDigits", 1000, "1,000"},
		{"OK_SixDigits", 100000, "100,000"},
		{"OK_SevenDigits", 1234567, "1,234,567"},
		{"OK_Negative", -1234567, "-1,234,567"},
		{"OK_NegativeThreeDigits", -999, "-999"},
		{"OK_Budget", 120_000_000, "120,000,000"},
		{"OK_MaxInt64", math.MaxInt64, "9,223,372,036,854,775,807"},
		{"OK_MinInt64", math.MinInt64, "-9,223,372,036,854,775,808"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := groupDigits(tc.in); got != tc.want {
				t.Errorf("groupDigits(%d) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestGroupDigitsKRW: an amount of won as a page writes it, in each language.
func TestGroupDigitsKRW(t *testing.T) {
	k := models.KRW(105_000_000)
	for _, tc := range []struct {
		name, lang string
		in         any
		want       string
	}{
		{"OK_Value", langKO, models.KRW(1000), "1,000원"},
		{"OK_Pointer", langKO, &k, "105,000,000원"},
		{"OK_English", langEN, &k, "105,000,000 KRW"},
		{"OK_Int64English", langEN, int64(-5000), "-5,000 KRW"},
		{"OK_NilPointer", langKO, (*models.KRW)(nil), ""},
		{"OK_OtherType", langKO, 42, "42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (page{Lang: tc.lang}).KRW(tc.in); got != tc.want {
				t.Errorf("KRW(%v) in %s = %q, want %q", tc.in, tc.lang, got, tc.want)
			}
		})
	}
}

var testSecret = []byte("0123456789abcdef0123456789abcdef") // 32 bytes

// setCookie sets v as a cookie and returns the cookie written.
func setCookie(t *testing.T, cc *cookieCodec, name string, v any) *http.Cookie {
	t.Helper()
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	c.Request = httptest.NewRequest(http.MethodGet, "/ui/", nil)
	if err := cc.set(c, name, v, sessionTTL); err != nil {
		t.Fatal(err)
	}
	cs := w.Result().Cookies()
	if len(cs) != 1 {
		t.Fatalf("%d cookies set, want 1", len(cs))
	}
	return cs[0]
}

// getCookie reads a cookie as the codec would from a request that carries it.
func getCookie(cc *cookieCodec, name string, ck *http.Cookie, v any) bool {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	c.Request = httptest.NewRequest(http.MethodGet, "/ui/", nil)
	if ck != nil {
		c.Request.AddCookie(ck)
	}
	return cc.get(c, name, v)
}

func TestCookieCodec(t *testing.T) {
	cc, err := newCookieCodec(testSecret, true)
	if err != nil {
		t.Fatal(err)
	}
	want := session{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA", Name: "박지훈", CSRF: "csrf-token",
		Expires: time.Date(2026, 3, 10, 18, 0, 0, 0, models.Seoul).Unix()}
	ck := setCookie(t, cc, sessionCookie, want)

	t.Run("OK_RoundTrip", func(t *testing.T) {
		var got session
		if !getCookie(cc, sessionCookie, ck, &got) {
			t.Fatal("the cookie does not decode")
		}
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("OK_Attributes", func(t *testing.T) {
		if ck.Name != sessionCookie || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode ||
			ck.Path != Prefix+"/" || ck.MaxAge != int(sessionTTL/time.Second) {
			t.Errorf("cookie %+v", ck)
		}
	})
	t.Run("OK_Opaque", func(t *testing.T) {
		for _, s := range []string{"park.operator", "csrf-token", "NIA"} {
			if strings.Contains(ck.Value, s) {
				t.Errorf("the cookie shows %q in the clear", s)
			}
		}
	})
	t.Run("OK_InsecureForPlainHTTP", func(t *testing.T) {
		plain, err := newCookieCodec(testSecret, false)
		if err != nil {
			t.Fatal(err)
		}
		if setCookie(t, plain, sessionCookie, want).Secure {
			t.Error("Secure set with secure false")
		}
	})
	t.Run("ErrTampered", func(t *testing.T) {
		// Change one character at a time across the value: none may decode. The last few
		// characters are left alone: base64's padding bits there may not change a byte.
		for i := 0; i < len(ck.Value)-4; i += 3 {
			b := []byte(ck.Value)
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			var got session
			if getCookie(cc, sessionCookie, &http.Cookie{Name: sessionCookie, Value: string(b)}, &got) {
				t.Fatalf("a cookie changed at %d decodes to %+v", i, got)
			}
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		var got session
		if getCookie(cc, sessionCookie, &http.Cookie{Name: sessionCookie, Value: ck.Value[:len(ck.Value)-4]}, &got) {
			t.Error("a truncated cookie decodes")
		}
	})
	t.Run("ErrOtherSecret", func(t *testing.T) {
		other, err := newCookieCodec(bytes.Repeat([]byte("x"), 32), true)
		if err != nil {
			t.Fatal(err)
		}
		var got session
		if getCookie(other, sessionCookie, ck, &got) {
			t.Error("a cookie of another secret decodes")
		}
	})
	t.Run("ErrOtherName", func(t *testing.T) {
		// The name is signed with the value: a session cookie is not a login cookie.
		var got session
		if getCookie(cc, loginCookie, &http.Cookie{Name: loginCookie, Value: ck.Value}, &got) {
			t.Error("a session cookie decodes as the login cookie")
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		var got session
		if getCookie(cc, sessionCookie, nil, &got) {
			t.Error("no cookie decodes")
		}
	})
	t.Run("OK_Clear", func(t *testing.T) {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest(http.MethodGet, "/ui/", nil)
		cc.clear(c, sessionCookie)
		cs := w.Result().Cookies()
		if len(cs) != 1 || cs[0].Name != sessionCookie || cs[0].MaxAge != -1 || cs[0].Value != "" || cs[0].Path != Prefix+"/" {
			t.Errorf("clear wrote %+v", cs)
		}
	})
}

func TestCookieCodecSecret(t *testing.T) {
	for _, tc := range []struct {
		name   string
		secret []byte
		ok     bool
	}{
		{"ErrNil", nil, false},
		{"ErrShort", []byte("too short"), false},
		{"Err31Bytes", testSecret[:31], false},
		{"OK_32Bytes", testSecret, true},
		{"OK_Long", bytes.Repeat(testSecret, 4), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc, err := newCookieCodec(tc.secret, true)
			if tc.ok != (err == nil) || tc.ok != (cc != nil) {
				t.Errorf("newCookieCodec(%d bytes) = %v, %v", len(tc.secret), cc, err)
			}
		})
	}
}

func TestCookieSession(t *testing.T) {
	var none *session
	if none.signedIn() || (&session{CSRF: "x"}).signedIn() || !(&session{Sub: "a"}).signedIn() {
		t.Error("signedIn")
	}
	s := session{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001", Name: "김민준"}
	if got := s.actor(); got != (models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}) {
		t.Errorf("actor %+v", got)
	}
}
