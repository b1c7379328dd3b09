// Package links names the web UI's pages that news links to: each kind of case's page, and
// the page of news of no case (a change to one's record, the access log's check). The
// inbox (web) and the e-mails (mail) both link there, from this one table; mail does not
// import web.
package links

import "net/url"

// Prefix is where the web UI is served.
const Prefix = "/ui"

// cases are the pages of the kinds of case that have one, by case type.
var cases = map[string]string{
	"order":             "/orders/",
	"application":       "/applications/",
	"service":           "/services/",
	"contract":          "/contracts/",
	"quality":           "/quality/",
	"change_request":    "/changes/",
	"committee_session": "/committee/",
}

// own are the pages of news of no case, by its case_type: a change to the reader's record
// or their organization's (models.PersonChangedNotices, OrganizationChangedNotices) leads
// to their settings, which show both, a month's access log not checked
// (models.NoticeAccessLogCheckDue) to the auditors' page of it.
var own = map[string]string{
	"person":       "/me/settings",
	"organization": "/me/settings",
	"access_log":   "/audit/person-reads",
}

// Case is the path of a case's page, "" when its kind has none or no case is named.
func Case(caseType, caseID string) string {
	p, ok := cases[caseType]
	if !ok || caseID == "" {
		return ""
	}
	return Prefix + p + url.PathEscape(caseID)
}

// Own is the path of the page of news of no case, "" when caseType is no such news.
func Own(caseType string) string {
	if p, ok := own[caseType]; ok {
		return Prefix + p
	}
	return ""
}

// OwnTypes are the case types of news of no case.
func OwnTypes() []string {
	out := make([]string, 0, len(own))
	for t := range own {
		out = append(out, t)
	}
	return out
}

// Of is the page news about caseType and caseID links to: the page of news of no case,
// else the case's page, else "" (the caller's home page).
func Of(caseType, caseID string) string {
	if p := Own(caseType); p != "" {
		return p
	}
	return Case(caseType, caseID)
}
