package activities_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/models"
)

// TestPurgeStrayContents: the night removes bytes that no document's row names once they
// are a day old, wherever in the keys they are (a night starts at a random point and
// wraps around), and nothing else: a document's bytes, bytes written within the day (an
// upload whose row is on its way) and a key that is not a document ID stay. A second night
// removes nothing more.
func TestPurgeStrayContents(t *testing.T) {
	ctx := context.Background()
	st, bytesOf, env := documentsOn(t, nil)

	put := func(key string, daysAgo int) {
		content := []byte("%PDF-1.4 " + key)
		require.NoError(t, bytesOf.Put(ctx, key, bytes.NewReader(content), int64(len(content)), "application/pdf"))
		require.NoError(t, st.DB().Exec(`UPDATE document_contents SET written_at = now() - make_interval(days => ?)
			WHERE key = ?`, daysAgo, key).Error)
	}
	docID := func(lead string, n int) string { return fmt.Sprintf("DOC-%s%030x", lead, n) }
	document := docID("80", 1)
	put(document, 2)
	require.NoError(t, st.CreateDocument(ctx, models.StoredDocument{ID: document, Filename: "신청서.pdf",
		SHA256: fmt.Sprintf("%064x", 1), Size: 10, ContentType: "application/pdf",
		UploadedBy: "jung.provider", UploaderRole: models.RoleProvider, UploaderOrg: "PV-0001", CreatedAt: time.Now().AddDate(0, 0, -2)}))
	strays := []string{docID("00", 2), docID("7f", 3), docID("ff", 4)}
	for _, k := range strays {
		put(k, 2)
	}
	fresh, notADocument := docID("40", 5), "backup/DOC-notes"
	put(fresh, 0)
	put(notADocument, 2)

	var a *activities.Activities
	night := func() int64 {
		t.Helper()
		v, err := env.ExecuteActivity(a.PurgeStrayContents)
		require.NoError(t, err)
		var n int64
		require.NoError(t, v.Get(&n))
		return n
	}
	require.EqualValues(t, len(strays), night())
	for _, k := range strays {
		_, _, err := bytesOf.Get(ctx, k)
		require.True(t, errors.Is(err, docstore.ErrNotFound), "stray %s: %v", k, err)
	}
	for _, k := range []string{document, fresh, notADocument} {
		rc, _, err := bytesOf.Get(ctx, k)
		require.NoError(t, err, "%s is kept", k)
		_ = rc.Close()
	}
	require.Zero(t, night(), "a second night removes nothing more")
}
