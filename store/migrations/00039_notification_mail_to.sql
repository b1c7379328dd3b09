-- A notice about a person's own record (an operator changed their address, their choice of
-- e-mail or their standing in the pool) is mailed to the address it names, whatever the
-- person chose to receive and even after they were taken off the pool: an insider who
-- redirects an expert's mail, or silences it, must not do it unseen. The copy to the
-- address a change replaced is addressed "mail:<sub>", which no inbox lists
-- (models.PersonChangedNotices, store.PlanMailDeliveries).

-- +goose Up
ALTER TABLE notifications ADD COLUMN mail_to text CHECK (mail_to <> '');

-- +goose Down
ALTER TABLE notifications DROP COLUMN mail_to;
