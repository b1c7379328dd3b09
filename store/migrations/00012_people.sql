-- The expert pool and the committee roster are kept in the system (API.md, "People and
-- organizations"), no longer only seeded: a person has an affiliation, an address for the
-- notifications sent to them, the language they read, and may be deactivated (no new tasks)
-- without being deleted, since past steps and declared relations name them. A declared
-- relation gains the day it began.

-- +goose Up

ALTER TABLE users
    ADD COLUMN affiliation text NOT NULL DEFAULT '',
    ADD COLUMN email text NOT NULL DEFAULT '',
    ADD COLUMN language text NOT NULL DEFAULT 'ko' CHECK (language IN ('ko', 'en')),
    ADD COLUMN active boolean NOT NULL DEFAULT true,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE conflict_relations ADD COLUMN since date;

-- +goose Down
ALTER TABLE conflict_relations DROP COLUMN since;
ALTER TABLE users DROP COLUMN updated_at, DROP COLUMN active, DROP COLUMN language,
    DROP COLUMN email, DROP COLUMN affiliation;
