package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/dsmarket/dsmarket/models"
)

// Catalog search (docs/search.md). A service matches q when its name, its provider's name
// or its description contains q, ignoring case; the GIN-indexed gram columns of migration
// 00017 find the candidates and strpos keeps the true matches. Results come by rank (the
// name, then the provider's name, then only the description), by ID within a rank. Each
// rank is one query, which either walks the services in ID order until its page is full
// (a word many services hold) or fetches the few candidates through the gram index and
// sorts them (a rare word), whichever costs less by the planner's statistics: neither
// grows with the catalog as a scan would.

// searchRank is where q was found in a service, best first.
type searchRank int

const (
	rankName searchRank = iota
	rankProvider
	rankDescription
	lastRank = rankDescription
)

// A search's token is "r<rank>|<last ID>". Tokens of the ID-only format that preceded
// ranks have no "|" and are refused as every malformed token is (422, page_token).
func encodeSearchToken(rank searchRank, lastID string) string {
	return encodeKeyedToken("r"+strconv.Itoa(int(rank)), lastID)
}

func parseSearchRank(s string) (searchRank, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(s, "r"))
	if err != nil || !strings.HasPrefix(s, "r") || n < int(rankName) || n > int(lastRank) {
		return 0, fmt.Errorf("not a rank")
	}
	return searchRank(n), nil
}

// rankedView is a serviceView with the rank it was found at.
type rankedView struct {
	serviceView
	rank searchRank
}

// SearchServices lists catalog services matching f, best match first, one page at a time.
func (s *Store) SearchServices(ctx context.Context, f models.ServiceFilter) ([]models.Service, string, error) {
	q, err := models.NormalizeQuery(f.Q)
	if err != nil {
		var fe models.Fields
		fe.AddErr("q", err)
		return nil, "", fe.Err()
	}
	from, after, err := decodeKeyedToken(f.PageToken, parseSearchRank)
	if err != nil {
		return nil, "", err
	}
	last := lastRank
	if q == "" {
		last = rankName // without q every service is at the first rank
	}
	if from > last {
		return nil, "", errPageToken()
	}
	size := pageSize(f.PageSize)
	sq := searchQuery{f: f, q: q, today: s.today().String()}

	var rows []rankedView
	err = s.withConn(ctx, func(conn *pgx.Conn) error {
		var st *gramStats
		if q != "" {
			st = s.currentGramStats(ctx, conn)
		}
		providersRead := false
		for rank := from; rank <= last && len(rows) <= size; rank++ {
			sq.rank, sq.limit, sq.start = rank, size+1-len(rows), ""
			if rank == from {
				sq.start = after
			}
			if q != "" && rank >= rankProvider && !providersRead {
				if sq.orgs, err = matchingProviders(ctx, conn, q, st); err != nil {
					return err
				}
				providersRead = true
			}
			if rank == rankProvider && len(sq.orgs) == 0 {
				continue
			}
			sq.gram, sq.walk = "", true
			if q != "" {
				sq.gram, sq.walk = st.plan(q, rank, len(sq.orgs), sq.limit)
			}
			sql, args := sq.sql()
			part, err := queryServiceViews(ctx, conn, sql, args, rank != rankName)
			if err != nil {
				return err
			}
			for _, v := range part {
				rows = append(rows, rankedView{serviceView: v, rank: rank})
			}
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("search services: %w", err)
	}
	rows, next := keysetPage(rows, size, func(last rankedView) string { return encodeSearchToken(last.rank, last.ID) })
	out := make([]models.Service, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, next, nil
}

// walkCost is what visiting a service costs on a walk, against 1 for a candidate that the
// gram index gives: the walk reads an index that holds what it checks, a hundred or so
// services a page, and never the table; each candidate is a page of the table. Measured
// on 50,000 services: about 0.5 µs against 5 µs.
const walkCost = 0.1

// smallCatalog is the size up to which every rank walks: PostgreSQL would scan the whole
// table rather than ask the index anyway, and then unpack the grams of every row, which
// costs many times a strpos. The catalog of 2024 (425 services) is well below it.
const smallCatalog = 2000

// plan chooses how to read a rank: the gram of q whose rows the index fetches (the rarest
// by the statistics), and whether walking the services in ID order is cheaper. A walk
// visits about limit/d services to find limit matches of density d; the index visits all
// d·N candidates, and sorts their IDs. orgs is how many providers' names hold q.
func (st *gramStats) plan(q string, rank searchRank, orgs, limit int) (gram string, walk bool) {
	var d float64
	switch rank {
	case rankName:
		gram, d = rarestGram(q, st.cols[serviceNameGrams])
	case rankProvider:
		if st.providers > 0 {
			d = float64(orgs) / st.providers
		}
	case rankDescription:
		var name float64
		gram, d = rarestGram(q, st.cols[serviceTextGrams])
		_, name = rarestGram(q, st.cols[serviceNameGrams])
		// Services whose name holds q are of the first rank, not this one.
		d = max(d-name, d/4)
	}
	switch {
	case gram == "" && rank != rankProvider:
		return "", true // q has no character an index keeps: only a walk finds it
	case st.services <= smallCatalog:
		return gram, true
	}
	return gram, walkCost*float64(limit)/d < d*st.services
}

// rarestGram is the pair of adjacent characters of q (or, if q has no pair without a
// blank, the character) that the fewest rows hold, and that share. Any pair of q will do
// for recall, as catalog_grams keeps every pair of a text; the rarest makes the index
// fetch the fewest candidates.
func rarestGram(q string, f gramFreqs) (string, float64) {
	r := []rune(q)
	usable := func(c rune) bool { return !unicode.IsSpace(c) && !unicode.IsControl(c) }
	best, share := "", 2.0
	consider := func(g string) {
		if v := f.of(strings.ToLower(g)); v < share {
			best, share = g, v
		}
	}
	for i := 0; i+1 < len(r); i++ {
		if usable(r[i]) && usable(r[i+1]) {
			consider(string(r[i : i+2]))
		}
	}
	if best == "" {
		for _, c := range r {
			if usable(c) {
				consider(string(c))
			}
		}
	}
	if best == "" {
		return "", 1
	}
	return best, share
}

// matchingProviders are the organizations whose provider's name holds q.
func matchingProviders(ctx context.Context, conn *pgx.Conn, q string, st *gramStats) ([]string, error) {
	var args sqlArgs
	pq := args.add(q)
	where := "strpos(name_lower, (SELECT catalog_fold(" + pq + "))) > 0"
	if g, _ := rarestGram(q, st.cols[providerNameGrams]); g != "" {
		where = "name_grams @> ARRAY[lower(" + args.add(g) + ")] AND " + where
	}
	rows, err := conn.Query(ctx, "SELECT org FROM providers WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// searchQuery is one rank's query of a search.
type searchQuery struct {
	f        models.ServiceFilter
	q, today string
	rank     searchRank
	start    string   // the page starts after this ID; "" from the rank's first
	limit    int      // rows to read
	orgs     []string // providers whose name holds q
	gram     string   // the gram the index fetches candidates by
	walk     bool     // read in ID order rather than through the index
}

// sqlArgs numbers the parameters of a statement as they are added.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// sql is the statement of the query.
func (sq searchQuery) sql() (string, []any) {
	var args sqlArgs
	where := []string{"s.status IN ('" + strings.Join(listedStatuses, "', '") + "')"}
	if sq.q != "" {
		pq := args.add(sq.q)
		// q is folded as the texts are (catalog_fold, migration 00036): lower-cased, and
		// the blanks between Korean syllables removed; in a subquery, so that a generic
		// plan folds it once rather than for every row it checks.
		fq := "(SELECT catalog_fold(" + pq + "))"
		name, text := "strpos(s.name_lower, "+fq+") > 0", "strpos(s.text_lower, "+fq+") > 0"
		byProvider := func() string {
			// A nil slice would be a NULL array, and NOT NULL would exclude every service.
			return "s.provider_org = ANY(" + args.add(append([]string{}, sq.orgs...)) + ")"
		}
		// The gram condition comes last: where PostgreSQL scans rather than asks the index
		// (a small catalog), conditions of equal cost are checked in the order written, and
		// unpacking a row's grams costs many times a strpos.
		index := func(col string) string {
			if sq.walk || sq.gram == "" {
				return ""
			}
			return col + " @> ARRAY[lower(" + args.add(sq.gram) + ")]"
		}
		switch sq.rank {
		case rankName:
			where = append(where, name, index("s.name_grams"))
		case rankProvider:
			where = append(where, byProvider(), "NOT "+name)
		case rankDescription:
			where = append(where, text, "NOT "+name, "NOT "+byProvider(), index("s.text_grams"))
		}
	}
	f := sq.f
	if f.Type != "" {
		where = append(where, "s.type = "+args.add(string(f.Type)))
	}
	if f.Subtype != "" {
		where = append(where, "s.subtype = "+args.add(string(f.Subtype)))
	}
	if f.SME != nil {
		op := "<>"
		if *f.SME {
			op = "="
		}
		where = append(where, "p.size "+op+" "+args.add(string(models.SizeSME)))
	}
	if f.CSAP != nil {
		// A CSAP certificate is valid through its last day, Seoul time.
		d := args.add(sq.today)
		if *f.CSAP {
			where = append(where, "s.csap_valid_until >= "+d+"::date")
		} else {
			where = append(where, "(s.csap_valid_until IS NULL OR s.csap_valid_until < "+d+"::date)")
		}
	}
	if c := priceCeiling(f, &args); c != "" {
		where = append(where, c)
	}
	if sq.start != "" {
		where = append(where, "s.id > "+args.add(sq.start))
	}
	where = slices.DeleteFunc(where, func(c string) bool { return c == "" })
	cond := strings.Join(where, "\n\t  AND ")
	limit := " LIMIT " + strconv.Itoa(sq.limit)
	// The page's IDs are chosen first, from the services alone where the filters allow
	// (the provider's size needs its row), and only the page's rows are then read whole:
	// a walk from an index that holds what it checks, without the table; the candidates of
	// the gram index in a subquery fenced by OFFSET 0, so that PostgreSQL plans it as the
	// whole set it is rather than as a walk along the key in the hope of an early stop.
	ids := "SELECT s.id FROM services s"
	if f.SME != nil {
		ids += " JOIN providers p ON p.org = s.provider_org"
	}
	ids += "\n\tWHERE " + cond
	if sq.walk {
		ids += "\n\tORDER BY s.id" + limit
	} else {
		ids = "SELECT id FROM (" + ids + "\n\tOFFSET 0) AS c ORDER BY id" + limit
	}
	return "SELECT " + serviceViewColumns + "\n\tFROM (" + ids + ") AS m\n\tJOIN services s ON s.id = m.id" +
		" JOIN providers p ON p.org = s.provider_org\n\tORDER BY s.id", args
}

// queryServiceViews runs a search query. The shape of each query is chosen above, so a
// plan PostgreSQL caches for the statement serves every q as well as one made for it, and
// saves planning each time; but a list of providers is hashed only in a plan made for its
// values, so a query that holds one (custom) is planned each time, as an unnamed statement.
func queryServiceViews(ctx context.Context, conn *pgx.Conn, sql string, args []any, custom bool) ([]serviceView, error) {
	if custom {
		args = append([]any{pgx.QueryExecModeExec}, args...)
	}
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (serviceView, error) {
		var v serviceView
		err := row.Scan(&v.ID, &v.Name, &v.NameEn, &v.Description, &v.DescriptionEn, &v.Type, &v.Subtype,
			&v.Status, &v.SelectedOn, &v.CSAPValidUntil, &v.UpdatedAt,
			&v.ProviderOrg, &v.ProviderName, &v.ProviderNameEn, &v.ProviderBusinessNo, &v.ProviderSize, &v.ProviderFoundedOn,
			&v.Version, &v.Features, &v.FeaturesEn, &v.Prices)
		return v, err
	})
}
