package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

type contractsView struct {
	Contracts []models.DirectContract
	NextToken string
}

type contractView struct {
	Contract  *models.DirectContract
	CanChange bool
	Today     string
	// The change's files.
	fileRows
}

// newContract is the registration form, for the service of ?service= (or ?service_id=)
// and, coming from a saved search, the search of ?search_id=, which the form sends on.
func (u *UI) newContract(c *gin.Context) {
	svc := c.Query("service")
	if svc == "" {
		svc = c.Query("service_id")
	}
	u.showOpening(c, contractOpening, http.StatusOK,
		newForm(url.Values{"service_id": {svc}, "search_id": {c.Query("search_id")}}))
}

// contractWithFiles reads the registration form and uploads its files as a supplement's
// are (uploadedRows); the refusals of both stand together.
func (u *UI) contractWithFiles(c *gin.Context, sent url.Values) (models.DirectContractInput, error) {
	in, err := contractFrom(sent)
	in.Documents, err = u.formFiles(ctx(c), c, sessionOf(c).actor(), sent.Get("idempotency_key"), sent, err)
	return in, err
}

func (u *UI) contractPage() casePage { return withCase(u, u.app.Contracts.Get, u.showContract) }

// showContract has one form, so which one was refused does not matter; a refused change
// comes back with the files it uploaded.
func (u *UI) showContract(c *gin.Context, k *models.DirectContract, status int, f *form, _, notice string) {
	v := contractView{Contract: k, Today: models.DateOf(u.now()).String(),
		CanChange: sessionOf(c).Role == models.RoleAgency && k.Status != models.ContractClosed}
	if v.CanChange {
		v.fileRows = newFileRows(models.ContractDocumentKinds, u.keptDocuments(c, f, documentRowFields()))
	}
	u.showCase(c, status, "contract", u.pageFor(c, "h.contract").about(k.ID), f, notice, v)
}

// changeContract registers (or announces) a change with the call of PATCH
// /api/v1/contracts/{id}: fields left blank are not part of the change, and a change
// with no new value announces one whose details are due within 30 days. Its files are
// uploaded as a proposal's are (uploadStep).
func (u *UI) changeContract() gin.HandlerFunc {
	return func(c *gin.Context) {
		u.caseStep("/contracts/", "change", uploadStep(u, c, u.app.Contracts.Get,
			func(sent url.Values) (uploadSend[*models.DirectContract], error) {
				in, err := contractChangeFrom(sent)
				return func(ctx context.Context, by models.Actor, k *models.DirectContract, key string, docs []models.DocumentInput) error {
					in.Documents = docs
					_, err := u.app.Contracts.RegisterChange(ctx, by, k.ID, key, in)
					return err
				}, err
			}), u.contractPage())(c)
	}
}

func contractChangeFrom(sent url.Values) (models.ContractChangeInput, error) {
	var fe models.Fields
	in := models.ContractChangeInput{ChangedOn: sent.Get("changed_on"), Reason: sent.Get("reason")}
	if strings.TrimSpace(sent.Get("amount_krw")) != "" {
		n := won(sent, "amount_krw", &fe)
		in.AmountKRW = &n
	}
	for name, dst := range map[string]**string{"period_from": &in.PeriodFrom, "period_to": &in.PeriodTo, "title": &in.Title} {
		if v := strings.TrimSpace(sent.Get(name)); v != "" {
			*dst = &v
		}
	}
	return in, fe.Err()
}
