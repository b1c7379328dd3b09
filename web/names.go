package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// OrgName is the name of the organization with this code in the page's language, for a
// case page that would otherwise show only "AG-0001"; "" when it cannot be read. The
// registry holds the providers and agencies; the public bodies whose people run the
// system (the operators of NIA, the ministry's committee, auditors, experts' institutes)
// are named by the message files ("publicbody.NIA").
func (p page) OrgName(code string) string {
	if p.orgs == nil || code == "" {
		return ""
	}
	// A public body's code is never a provider's or an agency's: no read for it.
	if _, known := messages["publicbody."+code]; known {
		return translate(p.Lang, "publicbody."+code)
	}
	o, ok := p.orgs(code)
	if !ok {
		return ""
	}
	return p.Named(o.Name, o.NameEn)
}

// ServiceName is how a page names the service a case recorded as id and recorded: a
// Korean page says the name the case was made with; an English page says the catalog's
// English name as it is now (a case records the Korean name its documents use), and the
// recorded name when the catalog has none or cannot be read, or when the case names no
// catalog entry yet (an application before its selection).
func (p page) ServiceName(id, recorded string) string { return p.AppliedName(id, recorded, "") }

// AppliedName is ServiceName for an application, which may carry the English name its
// provider gave (recordedEn): an English page says the catalog's English name once the
// service has one, else that one, else the Korean.
func (p page) AppliedName(id, recorded, recordedEn string) string {
	if en := englishName(p, p.services, id, func(s models.Service) string { return s.NameEn }); en != "" {
		return en
	}
	return p.Named(recorded, recordedEn)
}

// ApplicantName is how a page names the provider an application recorded as org and
// recorded, as ServiceName names a service: the name the application was made with on a
// Korean page, the directory's English name on an English one when it has one.
func (p page) ApplicantName(org, recorded string) string {
	return p.Named(recorded, englishName(p, p.orgs, org, func(o models.Organization) string { return o.NameEn }))
}

// Named is what an English page says of a thing with a Korean name and, perhaps, an
// English one (a catalog entry, its provider): the English name when there is one; a Korean
// page says the Korean name.
func (p page) Named(ko, en string) string {
	if p.Lang == langEN && en != "" {
		return en
	}
	return ko
}

// englishName is the English name (en) of what lookup finds under key, read for an English
// page only; "" when there is none or it cannot be read.
func englishName[T any](p page, lookup func(string) (T, bool), key string, en func(T) string) string {
	if p.Lang != langEN || lookup == nil || key == "" {
		return ""
	}
	if v, ok := lookup(key); ok {
		return en(v)
	}
	return ""
}

// pageLookup reads one kind of named thing (what) for one request's page, each once. A name
// is not worth a page: one that cannot be read is left out, and logged unless it does not
// exist.
func pageLookup[T any](c *gin.Context, u *UI, what string, read func(context.Context, string) (T, error)) func(string) (T, bool) {
	type result struct {
		v     T
		found bool
	}
	seen := map[string]result{}
	return func(key string) (T, bool) {
		if r, ok := seen[key]; ok {
			return r.v, r.found
		}
		v, err := read(ctx(c), key)
		if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			u.app.Logger.WarnContext(ctx(c), "read "+what+" for a page", what, key, "error", err)
		}
		seen[key] = result{v, err == nil}
		return v, err == nil
	}
}

// IsSystem says sub is the system's own (a deadline, a signal, another process's verdict),
// which a page names as the system rather than by its sub.
func (p page) IsSystem(sub string) bool { return sub == models.SystemActor.Sub }

// PersonName is the registry's name of the person with this sub (in English on an English
// page when the registry has it), for a page that would otherwise show only "cho.expert";
// "" when it cannot be read (or sub is "", an actor a secret leaves unnamed).
func (p page) PersonName(sub string) string {
	if p.users == nil || sub == "" {
		return ""
	}
	u, ok := p.users(sub)
	if !ok {
		return ""
	}
	return p.Named(u.Name, u.NameEn)
}
