-- How far each person has read their news (GET /api/v1/me/notifications/unread): the time
-- of the newest notification they have read, per subject and the role and organization
-- their token carries, as the news itself is addressed. Only moved forward; a person with
-- no row has read nothing yet.

-- +goose Up
CREATE TABLE notification_reads (
    sub          text        NOT NULL,
    role         text        NOT NULL,
    org          text        NOT NULL,
    read_through timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sub, role, org)
);

-- +goose Down
DROP TABLE notification_reads;
