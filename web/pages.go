package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The shapes of pages every kind of case shares: a list, a case's page with its forms,
// the form that opens a case and the forms that take a step on one. Each page is one of
// these with its app-layer call, the same call as its REST route.

// showPage renders data read for the visitor, or the error page when the read failed.
func (u *UI) showPage(c *gin.Context, titleKey, tmpl string, data any, err error) {
	if err != nil {
		u.fail(c, err)
		return
	}
	p := u.pageFor(c, titleKey)
	p.Data = data
	u.html(c, http.StatusOK, tmpl, p)
}

// about puts a case's ID before the page's title.
func (p page) about(id string) page {
	p.Title = id + " · " + p.Title
	return p
}

// pinsArgs are the arguments of the partial "pins": the rule versions a case holds and
// the prefix of the ids its page's tests and links find them by.
type pinsArgs struct {
	P    page
	ID   string
	Pins *models.CasePins
}

// Pinned builds the arguments of the partial "pins", the one row every case page shows its
// rule versions in; nil pins (a case started before pinning) read the current table.
func (p page) Pinned(id string, pins *models.CasePins) pinsArgs {
	return pinsArgs{P: p, ID: id, Pins: pins}
}

// showCase renders a case's page with its forms: f is a refused form coming back (a fresh
// one when nil), notice says why the case is shown as it is now.
func (u *UI) showCase(c *gin.Context, status int, tmpl string, p page, f *form, notice string, data any) {
	if f == nil {
		f = newForm(nil)
	}
	p.Form, p.Notice, p.Data = f, notice, data
	u.html(c, status, tmpl, p)
}

// load reads the case id names as the visitor may see it; when it cannot, the error page
// is shown and ok is false.
func load[T any](u *UI, c *gin.Context, get func(context.Context, models.Actor, string) (T, error), id string) (T, bool) {
	x, err := get(ctx(c), sessionOf(c).actor(), id)
	if err != nil {
		u.fail(c, err)
		return x, false
	}
	return x, true
}

// submit answers a form: act does the form's action with its Idempotency-Key and says
// where to go when it is done; show is the page the form comes back to (see finish).
func (u *UI) submit(c *gin.Context, act func(sent url.Values, key string) (next string, err error), show func(status int, f *form, notice string)) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	next, err := act(sent, sent.Get("idempotency_key"))
	u.finish(c, err, next, sent, show)
}

// step is one form's action on a case, with the app-layer call of its REST route.
type step func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error

// formStep is the step of an action whose form read turns into its REST route's body.
func formStep[T, R any](read func(url.Values) (T, error), act func(ctx context.Context, by models.Actor, id, key string, in T) (R, error)) step {
	return func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error {
		in, err := read(sent)
		if err != nil {
			return err
		}
		_, err = act(ctx, by, id, key, in)
		return err
	}
}

// casePage shows a case's page, with action the form that was refused ("" for none).
type casePage func(c *gin.Context, status int, f *form, action, notice string)

// withCase is the page of the case the path names, read as the visitor may see it and
// shown by show, or the error page.
func withCase[T any](u *UI, get func(context.Context, models.Actor, string) (T, error),
	show func(c *gin.Context, x T, status int, f *form, action, notice string)) casePage {
	return func(c *gin.Context, status int, f *form, action, notice string) {
		if x, ok := load(u, c, get, c.Param("id")); ok {
			show(c, x, status, f, action, notice)
		}
	}
}

// caseStep takes action on the case the path names: on to the case's page (path + id)
// saying what was done, or back to it with the refused form.
func (u *UI) caseStep(path, action string, do step, show casePage) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.Param("id")
		u.submit(c, func(sent url.Values, key string) (string, error) {
			return Prefix + path + url.PathEscape(id) + "?done=" + urlQueryEscape(action), do(ctx(c), sessionOf(c).actor(), id, key, sent)
		}, func(status int, f *form, notice string) { show(c, status, f, refused(f, action), notice) })
	}
}

// opening is the form that opens a kind of case: its page, and where its cases live.
// opening is a form that opens a case; kinds, when set, are the kinds of the files its
// form uploads with it (the "documentrows").
type opening struct {
	titleKey, tmpl, path string
	kinds                []models.DocumentKind
}

// newCaseView is the data of every opening form's page, with its files' rows when it has
// some.
type newCaseView struct {
	Service *models.Service
	Today   string
	fileRows
}

// The names the opening pages' data had before they shared one shape, which the golden
// tests still use.
type (
	newOrderView    = newCaseView
	newContractView = newCaseView
)

// newCase shows the empty form, for the catalog service named by ?service=.
func (u *UI) newCase(o opening) gin.HandlerFunc {
	return func(c *gin.Context) {
		u.showOpening(c, o, http.StatusOK, newForm(url.Values{"service_id": {c.Query("service")}}))
	}
}

func (u *UI) showOpening(c *gin.Context, o opening, status int, f *form) {
	v := newCaseView{Today: models.DateOf(u.now()).String()}
	if o.kinds != nil {
		v.fileRows = newFileRows(o.kinds, u.keptDocuments(c, f, documentRowFields()))
	}
	if id := f.Val("service_id"); id != "" {
		if svc, err := u.app.Store.GetService(ctx(c), id); err == nil {
			v.Service = &svc
		}
	}
	p := u.pageFor(c, o.titleKey)
	p.Form, p.Data = f, v
	u.html(c, status, o.tmpl, p)
}

// openCase opens a case from its form with the call of its REST route; the form's
// Idempotency-Key makes a double submission one case. A refused form comes back with a
// fresh key (newForm): the corrected form is another request, and reusing the key for
// it would be refused as a changed retry.
func openCase[T any](u *UI, o opening, read func(*gin.Context, url.Values) (T, error),
	create func(ctx context.Context, by models.Actor, in T, key string) (app.Created, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		sent, ok := u.postForm(c)
		if !ok {
			return
		}
		f := newForm(sent)
		in, err := read(c, sent)
		if err == nil {
			var out app.Created
			if out, err = create(ctx(c), sessionOf(c).actor(), in, sent.Get("idempotency_key")); err == nil {
				c.Redirect(http.StatusSeeOther, Prefix+o.path+url.PathEscape(out.ID)+"?done="+urlQueryEscape(out.ID))
				return
			}
		}
		if errIs(err, models.EINVALID) || errIs(err, models.ECONFLICT) || errIs(err, models.EIDEMPOTENCY) {
			f.Errors = fieldsOf(err)
			u.showOpening(c, o, statusOf[models.ErrorCode(err)], f)
			return
		}
		u.fail(c, err)
	}
}

// formOnly is the read of an opening form that carries no files.
func formOnly[T any](read func(url.Values) (T, error)) func(*gin.Context, url.Values) (T, error) {
	return func(_ *gin.Context, sent url.Values) (T, error) { return read(sent) }
}

// rowNumbers numbers the rows of a form's list, for the template to range over.
func rowNumbers(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// firstShow shows a case's page as it is, with no form coming back.
func (u *UI) firstShow(show casePage) gin.HandlerFunc {
	return func(c *gin.Context) { show(c, http.StatusOK, nil, "", "") }
}

// statusFilter is a list's ?status= filter: the statuses a visitor may pick, labelled in
// the namespace "status", and the one picked ("" for every one).
type statusFilter struct {
	Path     string
	Statuses []string
	Current  string
}

// CSV is the address of the whole list with the same filter as a CSV file, for the lists
// that offer one (listCSV).
func (f statusFilter) CSV() string {
	q := url.Values{}
	if f.Current != "" {
		q.Set("status", f.Current)
	}
	return addressOf(f.Path+".csv", q)
}

// listPage shows a list of cases, ?page_token's page of 50, newest first, of the status
// ?status= picks among statuses (every one without it): list is the app-layer call of its
// REST list; view is the template's data. A status not among them is refused as the REST
// list refuses it, with invalidKey.
func listPage[S ~string, T any, V ~string](u *UI, titleKey, tmpl string, statuses []V, invalidKey string,
	list func(context.Context, models.Actor, S, int, string) ([]T, string, error), view func(items []T, next string) any) gin.HandlerFunc {
	statusOf, all := statusReader(statuses, invalidKey)
	return func(c *gin.Context) {
		status, err := statusOf(c)
		if err != nil {
			u.fail(c, err)
			return
		}
		items, next, err := list(ctx(c), sessionOf(c).actor(), S(status), 50, c.Query("page_token"))
		if err != nil {
			u.fail(c, err)
			return
		}
		p := u.pageFor(c, titleKey)
		p.Data = view(items, next)
		p.Filter = &statusFilter{Path: c.Request.URL.Path, Statuses: all, Current: status}
		u.html(c, http.StatusOK, tmpl, p)
	}
}

// statusReader reads a list's ?status=, which is absent or one of statuses (all, as the
// filter offers them); any other value is refused with the message invalidKey, naming the
// field as the REST list does.
func statusReader[V ~string](statuses []V, invalidKey string) (read func(c *gin.Context) (string, error), all []string) {
	all = make([]string, len(statuses))
	for i, s := range statuses {
		all[i] = string(s)
	}
	return func(c *gin.Context) (string, error) {
		status := c.Query("status")
		if status != "" && !slices.Contains(all, status) {
			var fe models.Fields
			fe.AddText("status", models.Msg(invalidKey))
			return "", fe.Err()
		}
		return status, nil
	}, all
}

// The forms that open a case, with the calls of POST /api/v1/orders and /api/v1/contracts.
var (
	orderOpening    = opening{titleKey: "h.neworder", tmpl: "order_new", path: "/orders/"}
	contractOpening = opening{titleKey: "h.newcontract", tmpl: "contract_new", path: "/contracts/",
		kinds: models.ContractDocumentKinds}
)
