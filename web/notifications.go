package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/web/links"
)

// The news addressed to the visitor (GET /api/v1/me/notifications), in their language,
// each with a link to its case: what the e-mail says, for whoever has none or chose to
// receive none.

type notificationsView struct {
	Items     []notificationItem
	NextToken string
}

// notificationItem is a notification as a page shows it.
type notificationItem struct {
	models.Notification
	// CasePath is the case's page, "" for a kind of case with none.
	CasePath string
	// PageTitle names the page of news of no case (links.Own), which the link shows.
	PageTitle string
	// Personal is news addressed to the visitor by name (a task assigned to them).
	Personal bool
	// New is news the visitor had not read before this page showed it.
	New bool
}

// ownPageTitles name the pages of news of no case (links.Own), by its case_type.
var ownPageTitles = map[string]string{
	"person":       "h.mysettings",
	"organization": "h.mysettings",
	"access_log":   "h.auditpersonreads",
}

func (u *UI) notifications(c *gin.Context) {
	s := sessionOf(c)
	list, next, err := u.app.Directory.MyNotifications(ctx(c), s.actor(), struct{}{}, 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	read, err := u.app.Directory.NotificationsRead(ctx(c), s.actor())
	if err != nil {
		u.fail(c, err)
		return
	}
	// Showing the newest news is reading it; auditors, who change nothing, keep no marker
	// (no news is addressed to them).
	after := read
	if len(list) > 0 && c.Query("page_token") == "" && s.Role != models.RoleAuditor {
		newest := list[0].CreatedAt
		if after, err = u.app.Directory.MarkNotificationsRead(ctx(c), s.actor(), models.ReadThroughInput{ReadThrough: &newest}); err != nil {
			u.fail(c, err)
			return
		}
	}
	v := notificationsView{NextToken: next, Items: make([]notificationItem, len(list))}
	for i, n := range list {
		v.Items[i] = notificationItem{Notification: n, Personal: n.ToOrg == "user:"+s.Sub,
			New: read.ReadThrough == nil || n.CreatedAt.After(*read.ReadThrough)}
		v.Items[i].CasePath = links.Of(n.CaseType, n.CaseID)
		if links.Own(n.CaseType) != "" {
			v.Items[i].PageTitle = ownPageTitles[n.CaseType]
		}
	}
	u.showCase(c, http.StatusOK, "notifications", u.pageWithNews(c, "h.notifications", &after), nil, "", v)
}
