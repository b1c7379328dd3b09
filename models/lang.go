package models

import "golang.org/x/text/language"

// langMatcher knows the catalogs' languages, in the order of CatalogLangs.
var langMatcher = language.NewMatcher([]language.Tag{language.Korean, language.English})

// AcceptedLang is the language of an Accept-Language header among the catalogs' (ko-KR,
// q-values and all, as golang.org/x/text matches them), or fallback when the header is
// absent, malformed or names neither.
func AcceptedLang(acceptLanguage, fallback string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return fallback
	}
	if _, i, conf := langMatcher.Match(tags...); conf != language.No {
		return CatalogLangs[i]
	}
	return fallback
}
