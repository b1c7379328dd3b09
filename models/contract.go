package models

import "time"

// ContractMethod is how a contract was made.
type ContractMethod string

// Contract methods.
const (
	MethodCatalog ContractMethod = "catalog" // 카탈로그계약 (납품요구)
	MethodDirect  ContractMethod = "direct"  // 수의계약
)

// Contract is a concluded contract for a digital service.
type Contract struct {
	ID           string         `json:"id"`
	Method       ContractMethod `json:"method"`
	OrderID      string         `json:"order_id,omitempty"`
	ServiceID    string         `json:"service_id"`
	AgencyOrg    string         `json:"agency_org"`
	ProviderOrg  string         `json:"provider_org"`
	Title        string         `json:"title"`
	AmountKRW    KRW            `json:"amount_krw"`
	ContractedOn Date           `json:"contracted_on"`
	CreatedAt    time.Time      `json:"created_at"`
}

// ContractIDForOrder derives the contract of a catalog order from the order's ID, so that
// registering it twice finds the first.
func ContractIDForOrder(orderID string) string { return "CT-" + orderID }

// ContractFromOrder builds the contract a delivery request concludes.
func ContractFromOrder(o *Order) Contract {
	c := Contract{
		ID: ContractIDForOrder(o.ID), Method: MethodCatalog, OrderID: o.ID,
		ServiceID: o.ServiceID, AgencyOrg: o.AgencyOrg, ProviderOrg: o.ProviderOrg, Title: o.Title,
	}
	if o.FinalPriceKRW != nil {
		c.AmountKRW = *o.FinalPriceKRW
	}
	if o.DeliveryRequestedAt != nil {
		c.ContractedOn = DateOf(*o.DeliveryRequestedAt)
		c.CreatedAt = *o.DeliveryRequestedAt
	}
	return c
}
