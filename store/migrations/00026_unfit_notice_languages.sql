-- The public notice of a service removed as unfit (docs/processes.md) in its reader's
-- language: the service's and the provider's English names, and the reason keyed (a
-- models.Text, as a case's step keeps it), so that a Korean page reads a reason the system
-- found in Korean. Notices published before have none of them and read as they did.

-- +goose Up
ALTER TABLE unfit_notices
    ADD COLUMN service_name_en  text NOT NULL DEFAULT '',
    ADD COLUMN provider_name_en text NOT NULL DEFAULT '',
    ADD COLUMN reason_text      jsonb;

-- +goose Down
ALTER TABLE unfit_notices
    DROP COLUMN reason_text,
    DROP COLUMN provider_name_en,
    DROP COLUMN service_name_en;
