package models

import "slices"

// orderNewsStatuses are the statuses whose reaching OrderNews tells, each under the key
// notify.order_<status>.subject.
var orderNewsStatuses = []OrderStatus{OrderProposalSubmitted, OrderNegotiating, OrderNotQualified, OrderLapsed, OrderCancelled}

// OrderNews is what an order's move to its current status tells its parties, from the
// status they last heard of: the agency learns that the proposal is in or that the order
// closed; the provider learns how its proposal was evaluated, or that the order was
// cancelled or closed. Whoever made the move is not told of it. The delivery request is
// told apart (NoticeDeliveryRequested, with its contract); a move it does not list tells
// no one.
func OrderNews(o *Order, heard OrderStatus) []Notification {
	if o.Status == heard || len(o.Steps) == 0 {
		return nil
	}
	if !slices.Contains(orderNewsStatuses, o.Status) {
		return nil
	}
	subject := "notify.order_" + string(o.Status) + ".subject"
	last := o.Steps[len(o.Steps)-1]
	body := last.NoteText
	if body == nil && last.Note != "" {
		body = verbatim(last.Note)
	}
	notice := Notice{Msg(subject, "title", o.Title), body}
	var news []Notification
	for _, party := range []struct {
		role Role
		org  string
	}{{RoleAgency, o.AgencyOrg}, {RoleProvider, o.ProviderOrg}} {
		if party.org == last.Actor.Org {
			continue
		}
		n := Notification{
			Key:    o.WorkflowID + "/news-" + string(o.Status) + "-" + string(party.role),
			ToRole: party.role, ToOrg: party.org, CaseType: "order", CaseID: o.ID, CreatedAt: last.At,
		}
		news = append(news, n.Bilingual(notice))
	}
	return news
}
