-- Catalog search at national scale (docs/search.md). Every service and provider carries the
-- characters and the pairs of adjacent characters of its lower-cased text in a GIN-indexed
-- text[]: any pair of a query (or its one character) is a necessary condition of a
-- substring match, so `grams @> ARRAY[pair]` finds every candidate through the index, and
-- an exact strpos on the candidates keeps only true matches. Trigrams (pg_trgm) cannot
-- serve a one- or two-syllable Korean word, pg_bigm is not installed, and a tsvector splits
-- on blanks, not inside 보안관제.
--
-- The columns are generated, so every write of a service or a provider (registration after
-- selection, an applied change request, a directory edit, the seeds) keeps them current
-- without the writer knowing about search.

-- +goose Up
-- +goose StatementBegin
-- catalog_grams is every character and every pair of adjacent characters of the
-- lower-cased parts, joined by a space. It is built from C functions (string_to_array, and
-- two regexp_replace passes that cut the text into pairs at even and at odd offsets)
-- because a loop over characters, in SQL or PL/pgSQL, costs about a millisecond a row.
-- Pairs with a blank in them are kept: a search picks a pair without one, and filtering
-- them would cost more than the index keys they add. Nor are duplicates removed: GIN keeps
-- each key once per row anyway, and sorting the array cost more than the rest of the
-- function. U+0001 is the pair separator, so the text's own become blanks.
CREATE FUNCTION catalog_grams(VARIADIC parts text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT array_remove(string_to_array(t, NULL)
            || string_to_array(regexp_replace(t, '(..)', E'\\1\x01', 'g'), E'\x01')
            || string_to_array(regexp_replace(substr(t, 2), '(..)', E'\\1\x01', 'g'), E'\x01'), '')
    FROM (SELECT translate(lower(array_to_string(parts, ' ')), E'\x01', ' ') AS t) AS x
$$;
-- +goose StatementEnd

-- The grams compare bytewise (COLLATE "C"): GIN sorts every row's keys when it indexes
-- them, and the database's linguistic collation made that the larger part of a write.
-- Beside them, each searched text lower-cased once, so that checking a candidate is one
-- strpos rather than a lower() of every text it passes. The name and its English form are
-- joined by U+0001, a control character that no text holds, so that only a query holding
-- it could match across the two. They replace search_text, which joined names and
-- descriptions with blanks.
ALTER TABLE services
    DROP COLUMN search_text,
    ADD COLUMN name_lower text GENERATED ALWAYS AS (lower(name || E'\x01' || name_en)) STORED,
    ADD COLUMN text_lower text GENERATED ALWAYS AS (lower(description || E'\x01' || description_en)) STORED,
    ADD COLUMN name_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(name, name_en)) STORED,
    ADD COLUMN text_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(description, description_en)) STORED;
ALTER TABLE providers
    DROP COLUMN search_text,
    ADD COLUMN name_lower text GENERATED ALWAYS AS (lower(name || E'\x01' || name_en)) STORED,
    ADD COLUMN name_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(name, name_en)) STORED;

CREATE INDEX services_name_grams_idx ON services USING gin (name_grams);
CREATE INDEX services_text_grams_idx ON services USING gin (text_grams);
CREATE INDEX providers_name_grams_idx ON providers USING gin (name_grams);

-- A search that many services match walks the services in ID order until its page is
-- full. These hold, in ID order, what the walk checks (the filters and the lower-cased
-- texts), so that it reads index pages of a hundred services each rather than the table's
-- pages of four: an index-only scan. The second serves the walk through descriptions.
CREATE INDEX services_search_walk_idx ON services (id)
    INCLUDE (status, type, subtype, csap_valid_until, provider_org, name_lower);
CREATE INDEX services_search_walk_text_idx ON services (id)
    INCLUDE (status, type, subtype, csap_valid_until, provider_org, name_lower, text_lower);

-- +goose Down
ALTER TABLE providers
    DROP COLUMN name_grams,
    DROP COLUMN name_lower,
    ADD COLUMN search_text text GENERATED ALWAYS AS (lower(name || ' ' || name_en)) STORED;
ALTER TABLE services
    DROP COLUMN name_grams,
    DROP COLUMN text_grams,
    DROP COLUMN name_lower,
    DROP COLUMN text_lower,
    ADD COLUMN search_text text GENERATED ALWAYS AS (lower(name || ' ' || name_en || ' ' || description || ' ' || description_en)) STORED;
CREATE INDEX services_search_text_trgm_idx ON services USING gin (search_text gin_trgm_ops);
CREATE INDEX providers_search_text_trgm_idx ON providers USING gin (search_text gin_trgm_ops);
DROP FUNCTION catalog_grams(text[]);
