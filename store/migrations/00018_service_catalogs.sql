-- Catalogs with prices (issue 14, item 0): an agency chooses a catalog contract by
-- comparing catalogs that describe each service's functions, features and prices (seed
-- 002). Each service carries its key features and its price lines in the row itself, as
-- jsonb: they are read with the service, every time, and never queried apart from it except
-- by the search's price ceiling, which an expression over the array serves.
--
-- version counts the service's published states: 1 at registration, one more with each
-- applied change request. A frozen direct-award search keeps the version of each result, so
-- that evidence names the catalog the agency saw; service_changes keeps the old values.

-- +goose Up
ALTER TABLE services
    ADD COLUMN version  integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN features jsonb   NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(features) = 'array'),
    ADD COLUMN prices   jsonb   NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(prices) = 'array');

-- +goose Down
ALTER TABLE services DROP COLUMN prices, DROP COLUMN features, DROP COLUMN version;
