-- A service's key features in English (features_en), beside its Korean ones, for the
-- English pages, as name_en and description_en are: a JSON array of strings, [] when the
-- provider gave none (the pages then show the Korean). Price lines carry their English in
-- the prices array itself (item_en, conditions_en), which needs no column.

-- +goose Up
ALTER TABLE services
    ADD COLUMN features_en jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(features_en) = 'array');

-- +goose Down
ALTER TABLE services DROP COLUMN features_en;
