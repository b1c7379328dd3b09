package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
)

// A browser asks for /favicon.ico on every page that names no icon (the API's JSON); it
// found a 404 there before.
func TestFavicon(t *testing.T) {
	r := gin.New()
	(&UI{app: app.New(app.Deps{})}).Mount(r)
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	w := get("/favicon.ico")
	if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/ui/static/favicon.svg" {
		t.Fatalf("/favicon.ico: %d to %q, want 301 to the SVG", w.Code, w.Header().Get("Location"))
	}
	w = get("/ui/static/favicon.svg")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(w.Body.String(), "<svg") {
		t.Fatalf("the icon: %d %q %.40q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	if !strings.Contains(layoutSource(t), `<link rel="icon" href="/ui/static/favicon.svg"`) {
		t.Error("the pages do not name their icon")
	}
}

func layoutSource(t *testing.T) string {
	b, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
