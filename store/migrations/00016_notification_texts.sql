-- The notification's subject and body as keyed texts ({"key": …, "args": {…}}, models.Text),
-- beside the bilingual subject and body that the REST contract and the table keep: the
-- e-mail renders them in the recipient's language (docs/email.md). NULL on a notification
-- written before they were keyed, whose e-mail keeps the bilingual text.

-- +goose Up
ALTER TABLE notifications ADD COLUMN subject_text jsonb, ADD COLUMN body_text jsonb;

-- +goose Down
ALTER TABLE notifications DROP COLUMN subject_text, DROP COLUMN body_text;
