package store

import "time"

// SetNow fixes the store's clock, so that tests of CSAP validity do not age.
func SetNow(s *Store, now func() time.Time) { s.now = now }
