-- Which notifications a person receives by e-mail (docs/email.md#who-gets-what): all of
-- them (those of their role and organization, and those addressed to them by name), only
-- those addressed to them by name (their tasks and the reminders of them), or none. The
-- inbox shows every task whatever the choice: it changes the mail, not the work.

-- +goose Up
ALTER TABLE users
    ADD COLUMN email_notifications text NOT NULL DEFAULT 'all'
        CONSTRAINT users_email_notifications_check CHECK (email_notifications IN ('all', 'mine', 'none'));

-- +goose Down
ALTER TABLE users DROP COLUMN email_notifications;
