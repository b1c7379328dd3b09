package models

import (
	"maps"
	"strings"
)

// A catalog service in a text ({%name}) is recorded by the name its case keeps: the
// catalog's Korean name, which the case's documents use. A case opened on a service with an
// English name keeps that one too, and the text carries it (ServiceNameArgs), so that an
// English reader of a page or an e-mail reads the service as the English catalog names
// it. A text recorded before, or of a service without an English name, shows the Korean
// name in both languages. The REST contract's bilingual strings keep the recorded name
// alone (RecordedNames), as they always did, so their English half reads as before.

// serviceNameArg is the argument that holds the English name of the service in arg. Its
// "%" sets it apart from an organization's names ("agency@en"), which the REST strings do
// show.
func serviceNameArg(arg string) string { return arg + "%" + LangEN }

// ServiceNameArgs are the argument pairs of a service's name under arg: the Korean name
// and, when the catalog has one, the English name.
func ServiceNameArgs(arg, name, nameEn string) []string {
	if nameEn == "" || nameEn == name {
		return []string{arg, name}
	}
	return []string{arg, name, serviceNameArg(arg), nameEn}
}

// service is the {%arg} placeholder in lang.
func (t *Text) service(lang, arg string) string {
	if en := t.Args[serviceNameArg(arg)]; lang == LangEN && en != "" {
		return en
	}
	return t.Args[arg]
}

// RecordedNames is t with its services named as the case recorded them, in every language:
// the REST contract's strings. t itself is left as it is.
//
// Workflows call it (a task's title), and it ranges over a map to delete from a copy: the
// result is the same in any order, so the determinism check may pass over it.
//
//workflowcheck:ignore
func (t *Text) RecordedNames() *Text {
	if t == nil {
		return t
	}
	out := &Text{Key: t.Key, Args: maps.Clone(t.Args)}
	maps.DeleteFunc(out.Args, func(k, _ string) bool { return strings.Contains(k, "%") })
	if len(out.Args) == len(t.Args) {
		return t
	}
	return out
}

func (c *QualityCase) serviceName() []string {
	return ServiceNameArgs("name", c.ServiceName, c.ServiceNameEn)
}

func (cr *ChangeRequest) serviceName() []string {
	return ServiceNameArgs("name", cr.ServiceName, cr.ServiceNameEn)
}

func (a *Application) serviceName() []string {
	return ServiceNameArgs("name", a.Service.Name, a.Service.NameEn)
}

// ReasonText is the case's reason keyed, from the step that gave it: the operators read it
// in their language; nil without a reason.
func (c *QualityCase) ReasonText() *Text { return reasonOf(c.Steps, c.Reason) }

// QualityUnfitReason is the reason a service the regular quality inspection found unfit is
// removed with: the case and its finding (the case's ReasonText, or its reason as it came).
func QualityUnfitReason(caseID string, finding *Text) *Text {
	return nest(Msg("quality.unfit_declared", "case", caseID), "finding", finding)
}
