-- Frozen direct-award searches (issue 14, item 2; docs/searches.md). A search is a record,
-- not a process: nothing waits on it and it has no deadline, so it lives here rather than
-- in a workflow. results is frozen at creation and never updated; the trigger below makes
-- that hold even against a careless UPDATE. Each state change is also appended to the
-- hash-chained audit log, with the search's steps (steps) as its timeline.

-- +goose Up
CREATE SEQUENCE search_id_seq;

CREATE TABLE searches (
    id             text PRIMARY KEY,
    agency_org     text NOT NULL,
    title          text NOT NULL,
    query          jsonb NOT NULL,
    results        jsonb NOT NULL CHECK (jsonb_typeof(results) = 'array'),
    count          integer NOT NULL CHECK (count BETWEEN 0 AND 100),
    sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL,
    outcome        text NOT NULL DEFAULT 'open'
                   CHECK (outcome IN ('open', 'contracted', 'none_suitable', 'cancelled')),
    outcome_reason text NOT NULL DEFAULT '',
    outcome_at     timestamptz,
    evaluation     jsonb,
    contract_id    text UNIQUE,
    steps          jsonb NOT NULL DEFAULT '[]',
    CHECK ((outcome = 'contracted') = (contract_id IS NOT NULL)),
    CHECK ((outcome = 'open') = (outcome_at IS NULL))
);

-- An agency's list, newest first, by keyset on id.
CREATE INDEX searches_agency_idx ON searches (agency_org, id);

CREATE TABLE search_downloads (
    search_id text NOT NULL REFERENCES searches (id),
    format    text NOT NULL CHECK (format IN ('json', 'csv')),
    by_sub    text NOT NULL,
    by_org    text NOT NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX search_downloads_search_idx ON search_downloads (search_id, at);

-- +goose StatementBegin
CREATE FUNCTION searches_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.results IS DISTINCT FROM OLD.results OR NEW.sha256 IS DISTINCT FROM OLD.sha256
       OR NEW.query IS DISTINCT FROM OLD.query OR NEW.created_at IS DISTINCT FROM OLD.created_at
       OR NEW.agency_org IS DISTINCT FROM OLD.agency_org THEN
        RAISE EXCEPTION 'a saved search''s query and results are frozen';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd

CREATE TRIGGER searches_frozen BEFORE UPDATE ON searches
    FOR EACH ROW EXECUTE FUNCTION searches_frozen();

-- +goose Down
DROP TABLE search_downloads;
DROP TABLE searches;
DROP FUNCTION searches_frozen();
DROP SEQUENCE search_id_seq;
