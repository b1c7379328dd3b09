package docstore_test

import (
	"testing"

	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/docstore/docstoretest"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestPostgresBackend(t *testing.T) {
	sqlDB, err := storetest.New(t).DB().DB()
	if err != nil {
		t.Fatal(err)
	}
	docstoretest.Run(t, func(t *testing.T) docstore.Backend { return docstore.NewPostgres(sqlDB) })
}
