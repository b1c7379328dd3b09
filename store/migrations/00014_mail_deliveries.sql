-- E-mail from the notifications outbox (docs/email.md). A notification is planned once into
-- one delivery per recipient (the active users of its role and organization, or the one
-- person it names, who have an address); the sender claims a due delivery with FOR UPDATE
-- SKIP LOCKED, sends it and marks it sent in the transaction that holds the claim, so that
-- several senders never send the same row. message_id is derived from (notification_key,
-- recipient_sub), so a message sent again after a crash carries the same Message-ID and a
-- receiver can drop the copy.

-- +goose Up

-- mail_planned_at: when the sender expanded the notification into its deliveries. The
-- notifications written before e-mail existed count as planned: switching e-mail on does
-- not send months of old news.
ALTER TABLE notifications ADD COLUMN mail_planned_at timestamptz;
UPDATE notifications SET mail_planned_at = created_at;
CREATE INDEX notifications_mail_unplanned_idx ON notifications (created_at) WHERE mail_planned_at IS NULL;

CREATE TABLE mail_deliveries (
    notification_key text NOT NULL REFERENCES notifications (key) ON DELETE CASCADE,
    recipient_sub    text NOT NULL,
    -- The address and language when the notification was planned: the record of where the
    -- message went, even if the person's entry changes later.
    email            text NOT NULL,
    language         text NOT NULL CHECK (language IN ('ko', 'en')),
    message_id       text NOT NULL UNIQUE,
    -- pending: to send (again); sent: the server accepted it; failed: refused max_attempts
    -- times, kept with its last error for an operator (docs/email.md tells how to retry).
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    -- attempts counts the tries the server answered with a refusal; a server that cannot be
    -- reached counts none (it is retried for as long as it is down, never given up).
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    last_attempt_at  timestamptz,
    last_error       text NOT NULL DEFAULT '',
    server_response  text NOT NULL DEFAULT '',
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (notification_key, recipient_sub)
);
CREATE INDEX mail_deliveries_due_idx ON mail_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_deliveries_recipient_idx ON mail_deliveries (recipient_sub, created_at DESC);

-- +goose Down
DROP TABLE mail_deliveries;
DROP INDEX notifications_mail_unplanned_idx;
ALTER TABLE notifications DROP COLUMN mail_planned_at;
