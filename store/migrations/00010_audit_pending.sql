-- Steps wait here, written by the transaction that writes their case's projection, until
-- the sealer (store/audit_seal.go) moves them into audit_log under the chain's advisory
-- lock. The projection's own transaction no longer holds that lock through its commit, so
-- concurrent decisions commit side by side and one seal chains all of them (one flush for
-- many rows instead of one each). A row stays here only between its commit and the next
-- seal, which the writer runs before it answers: a few milliseconds.

-- +goose Up

CREATE TABLE audit_pending (
    id            bigserial PRIMARY KEY,
    case_type     text NOT NULL,
    case_id       text NOT NULL,
    workflow_id   text NOT NULL,
    step_no       integer NOT NULL CHECK (step_no > 0),
    action        text NOT NULL,
    actor_sub     text NOT NULL,
    actor_role    text NOT NULL,
    actor_org     text NOT NULL,
    at            timestamptz NOT NULL,
    status_before text NOT NULL,
    status_after  text NOT NULL,
    note          text NOT NULL,
    request_id    text,
    rule_versions text NOT NULL,
    recorded_at   timestamptz NOT NULL,
    UNIQUE (workflow_id, step_no)
);

-- A staged step is moved (deleted here, inserted there by the same transaction), never
-- changed.
CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_pending;
