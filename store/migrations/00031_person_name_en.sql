-- A person's name in English (name_en), beside their name, for the English pages and the
-- English notifications, as an organization has one: '' when none is given (the pages then
-- show the name as written).

-- +goose Up
ALTER TABLE users ADD COLUMN name_en text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN name_en;
