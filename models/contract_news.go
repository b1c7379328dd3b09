package models

import "strconv"

// ContractChangeNews is what the provider is told of the changes registered after change
// no. told: for each, who registered it, why, and the terms the contract now reads. An
// announced change tells nothing until its details come; the agency alone is reminded of
// those. It also returns the number of the last change told.
func ContractChangeNews(c *DirectContract, told int) ([]Notification, int) {
	var news []Notification
	for _, ch := range c.Changes {
		if ch.No <= told || ch.Status != ChangeRegistered || ch.RegisteredAt == nil {
			continue
		}
		told = ch.No
		n := Notification{
			Key: c.WorkflowID + "/change-" + strconv.Itoa(ch.No) + "-provider", ToRole: RoleProvider, ToOrg: c.ProviderOrg,
			CaseType: "contract", CaseID: c.ID, CreatedAt: *ch.RegisteredAt,
		}
		news = append(news, n.Bilingual(NoticeContractChanged(c, ch)))
	}
	return news, told
}

// LastRegisteredChange is the number of the last change whose details are registered, 0
// when none is: changes complete oldest first, so every one up to it is registered.
func (c *DirectContract) LastRegisteredChange() int {
	last := 0
	for _, ch := range c.Changes {
		if ch.Status == ChangeRegistered && ch.RegisteredAt != nil {
			last = ch.No
		}
	}
	return last
}
