package store

import (
	"context"
	"runtime"
	"sync"
	"time"
	"weak"

	"github.com/jackc/pgx/v5"
)

// How often a search word's grams occur, read from the planner's own statistics
// (pg_stats.most_common_elems of the gram columns, which ANALYZE keeps), so that each rank
// of a search can be read the cheaper way: walking the services in ID order when matches
// are dense, or fetching the few candidates through the gram index and sorting them when
// they are sparse (docs/search.md). PostgreSQL would choose between the two itself, but it
// multiplies the frequencies of a word's grams as if they were independent, which makes
// 클라우드 (three grams that always come together) look a hundred times rarer than it is.

// gramStatsTTL is how long statistics are used before they are read again; ANALYZE runs
// far less often, and SeedSyntheticCatalog drops them at once.
const gramStatsTTL = time.Minute

// gramColumn is one of the indexed gram columns.
type gramColumn int

const (
	serviceNameGrams gramColumn = iota
	serviceTextGrams
	providerNameGrams
	gramColumns
)

// gramFreqs is the share of rows holding each common gram of one column; a gram not listed
// is rarer than floor.
type gramFreqs struct {
	freq  map[string]float64
	floor float64
}

// of is the share of rows that hold gram g. A gram not listed is taken to be in half as
// many rows as the rarest listed one, as PostgreSQL takes it: guessing too low costs an
// index read of at most that many candidates, guessing too high a walk of the whole table.
func (f gramFreqs) of(g string) float64 {
	if v, ok := f.freq[g]; ok {
		return v
	}
	return f.floor / 2
}

// gramStats are a database's statistics as last read.
type gramStats struct {
	cols      [gramColumns]gramFreqs
	services  float64 // rows, as the planner counts them
	providers float64
	read      time.Time
}

// gramStatsCache holds each Store's statistics. The Store's struct is shared with every
// other part of the package; a weak key keeps this one concern in this file and lets a
// closed Store's entry go with it.
type gramStatsCache struct {
	mu         sync.Mutex
	stats      *gramStats
	refreshing bool
}

var gramStatsByStore sync.Map // weak.Pointer[Store] → *gramStatsCache

func (s *Store) gramStatsCache() *gramStatsCache {
	key := weak.Make(s)
	if v, ok := gramStatsByStore.Load(key); ok {
		return v.(*gramStatsCache)
	}
	v, loaded := gramStatsByStore.LoadOrStore(key, &gramStatsCache{})
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[Store]) { gramStatsByStore.Delete(k) }, key)
	}
	return v.(*gramStatsCache)
}

// forgetGramStats makes the next search read the statistics again before it plans.
func (s *Store) forgetGramStats() {
	c := s.gramStatsCache()
	c.mu.Lock()
	c.stats = nil
	c.mu.Unlock()
}

// currentGramStats returns the statistics. The first search reads them on conn; later
// ones use what was read and, once it is older than gramStatsTTL, have it read again in
// the background, so that no search waits for pg_stats. A failed read is not an error of
// the search: without statistics every rank goes by the index.
func (s *Store) currentGramStats(ctx context.Context, conn *pgx.Conn) *gramStats {
	c := s.gramStatsCache()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stats == nil {
		st, err := readGramStats(ctx, conn)
		if err != nil {
			return &gramStats{}
		}
		c.stats = st
	}
	if time.Since(c.stats.read) >= gramStatsTTL && !c.refreshing {
		c.refreshing = true
		// Detached from the search that noticed, which may end first.
		go s.refreshGramStats(context.WithoutCancel(ctx), c)
	}
	return c.stats
}

func (s *Store) refreshGramStats(ctx context.Context, c *gramStatsCache) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var st *gramStats
	_ = s.withConn(ctx, func(conn *pgx.Conn) error {
		var err error
		st, err = readGramStats(ctx, conn)
		return err
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if st != nil {
		c.stats = st
	} else if c.stats != nil {
		c.stats.read = time.Now() // try again after another TTL, not on every search
	}
}

func readGramStats(ctx context.Context, conn *pgx.Conn) (*gramStats, error) {
	st := &gramStats{read: time.Now()}
	for i := range st.cols {
		st.cols[i].freq = map[string]float64{}
	}
	// most_common_elem_freqs ends with the least and greatest frequency and the share of
	// nulls, which pair with no element.
	rows, err := conn.Query(ctx, `
		SELECT tablename::text, attname::text, e, f,
			(most_common_elem_freqs)[cardinality(most_common_elems)+1]
		FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(e, f)
		WHERE schemaname = current_schema() AND e IS NOT NULL
		  AND ((tablename = 'services' AND attname IN ('name_grams', 'text_grams'))
		    OR (tablename = 'providers' AND attname = 'name_grams'))`)
	if err != nil {
		return nil, err
	}
	var table, column, gram string
	var freq, least float64
	_, err = pgx.ForEachRow(rows, []any{&table, &column, &gram, &freq, &least}, func() error {
		col := providerNameGrams
		switch {
		case table == "services" && column == "name_grams":
			col = serviceNameGrams
		case table == "services":
			col = serviceTextGrams
		}
		st.cols[col].freq[gram] = freq
		st.cols[col].floor = least
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = conn.QueryRow(ctx, `SELECT
		(SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'services'::regclass),
		(SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'providers'::regclass)`).Scan(&st.services, &st.providers)
	if err != nil {
		return nil, err
	}
	return st, nil
}
