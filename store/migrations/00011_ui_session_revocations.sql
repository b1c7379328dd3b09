-- A web session is a sealed cookie (web/session.go) that the server keeps no copy of; this
-- table is what makes signing out mean something: the session's ID is listed here until the
-- cookie would have expired anyway, and a listed session is signed out on its next request,
-- even if someone kept a copy of its cookie.

-- +goose Up

CREATE TABLE ui_session_revocations (
    session_id text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE ui_session_revocations;
