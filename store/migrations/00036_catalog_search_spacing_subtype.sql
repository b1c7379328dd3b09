-- Catalog search ignores the blanks between Korean syllables (docs/search.md): Korean
-- spacing varies from writer to writer (클라우드 백업, 클라우드백업, AI 챗봇, AI챗봇), and an
-- agency that types a compound one way must find the service written the other.
-- catalog_fold lower-cases a text and removes every run of blanks between a Hangul
-- syllable and a syllable, a Latin letter or a digit, either way round; the searched texts
-- and their grams are of the folded text, and a query is folded the same way in SQL
-- (catalog_search.go), so both sides always agree. Blanks between Latin words stay: "Korea
-- Inc" must not hold "ai".
--
-- The description's rank also searches the service's subtype as its code (iaas, paas,
-- saas, consulting, operations, migration, convergence): an agency types SaaS, not the
-- subtype filter, and few SaaS services say SaaS in their name.
--
-- A generated column's expression cannot be changed in PostgreSQL 15: the columns are
-- dropped and made again with their indexes, as 00017 made them.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION catalog_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT regexp_replace(lower(t), '([가-힣])\s+(?=[가-힣a-z0-9])|([a-z0-9])\s+(?=[가-힣])', '\1\2', 'g')
$$;
-- +goose StatementEnd

ALTER TABLE services
    DROP COLUMN name_lower,
    DROP COLUMN text_lower,
    DROP COLUMN name_grams,
    DROP COLUMN text_grams,
    ADD COLUMN name_lower text GENERATED ALWAYS AS (catalog_fold(name || E'\x01' || name_en)) STORED,
    ADD COLUMN text_lower text GENERATED ALWAYS AS (catalog_fold(description || E'\x01' || description_en || E'\x01' || subtype)) STORED,
    ADD COLUMN name_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(catalog_fold(name), catalog_fold(name_en))) STORED,
    ADD COLUMN text_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(catalog_fold(description), catalog_fold(description_en), subtype)) STORED;
ALTER TABLE providers
    DROP COLUMN name_lower,
    DROP COLUMN name_grams,
    ADD COLUMN name_lower text GENERATED ALWAYS AS (catalog_fold(name || E'\x01' || name_en)) STORED,
    ADD COLUMN name_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(catalog_fold(name), catalog_fold(name_en))) STORED;

CREATE INDEX services_name_grams_idx ON services USING gin (name_grams);
CREATE INDEX services_text_grams_idx ON services USING gin (text_grams);
CREATE INDEX providers_name_grams_idx ON providers USING gin (name_grams);
CREATE INDEX services_search_walk_idx ON services (id)
    INCLUDE (status, type, subtype, csap_valid_until, provider_org, name_lower);
CREATE INDEX services_search_walk_text_idx ON services (id)
    INCLUDE (status, type, subtype, csap_valid_until, provider_org, name_lower, text_lower);
-- The search plans each rank from the grams' statistics (catalog_search_stats.go).
ANALYZE services;
ANALYZE providers;

-- +goose Down
ALTER TABLE services
    DROP COLUMN name_lower,
    DROP COLUMN text_lower,
    DROP COLUMN name_grams,
    DROP COLUMN text_grams,
    ADD COLUMN name_lower text GENERATED ALWAYS AS (lower(name || E'\x01' || name_en)) STORED,
    ADD COLUMN text_lower text GENERATED ALWAYS AS (lower(description || E'\x01' || description_en)) STORED,
    ADD COLUMN name_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(name, name_en)) STORED,
    ADD COLUMN text_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(description, description_en)) STORED;
ALTER TABLE providers
    DROP COLUMN name_lower,
    DROP COLUMN name_grams,
    ADD COLUMN name_lower text GENERATED ALWAYS AS (lower(name || E'\x01' || name_en)) STORED,
    ADD COLUMN name_grams text[] COLLATE "C" GENERATED ALWAYS AS (catalog_grams(name, name_en)) STORED;
CREATE INDEX services_name_grams_idx ON services USING gin (name_grams);
CREATE INDEX services_text_grams_idx ON services USING gin (text_grams);
CREATE INDEX providers_name_grams_idx ON providers USING gin (name_grams);
CREATE INDEX services_search_walk_idx ON services (id)
    INCLUDE (status, type, subtype, csap_valid_until, provider_org, name_lower);
CREATE INDEX services_search_walk_text_idx ON services (id)
    INCLUDE (status, type, subtype, csap_valid_until, provider_org, name_lower, text_lower);
DROP FUNCTION catalog_fold(text);
