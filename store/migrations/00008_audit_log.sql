-- The tamper-evident decision log: one row per step of every case (who, role, org, when,
-- status before and after), appended by the same transaction that writes the case's
-- projection. Rows are hash-chained: hash = hex(sha256(prev_hash || canonical JSON of the
-- row)), with a genesis prev_hash of 64 zeros; store/audit.go defines the canonical JSON.
-- seq is assigned by the writer under an advisory lock (head + 1), not by a sequence, so
-- that a rolled-back write leaves no gap. The table only grows: the triggers below refuse
-- UPDATE, DELETE and TRUNCATE, so that changing history takes a superuser who disables them
-- on purpose, and the chain shows what they did.

-- +goose Up

CREATE TABLE audit_log (
    seq           bigint PRIMARY KEY CHECK (seq > 0),
    case_type     text NOT NULL,
    case_id       text NOT NULL,
    workflow_id   text NOT NULL,
    -- 1-based position of the step in the case's timeline.
    step_no       integer NOT NULL CHECK (step_no > 0),
    action        text NOT NULL,
    actor_sub     text NOT NULL,
    actor_role    text NOT NULL,
    actor_org     text NOT NULL,
    at            timestamptz NOT NULL,
    status_before text NOT NULL,
    status_after  text NOT NULL,
    note          text NOT NULL,
    -- The request that made the step: the ID of the workflow Update, which the API begins
    -- with its X-Request-Id; null for the system's own steps.
    request_id    text,
    -- The rule table in force at the step: the latest effective date of any rule in force
    -- then (see GET /api/v1/rules); '' before the regime began.
    rule_versions text NOT NULL,
    recorded_at   timestamptz NOT NULL,
    prev_hash     text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    -- A retried or late write of a case appends each step once.
    UNIQUE (workflow_id, step_no)
);
CREATE INDEX audit_log_case_idx ON audit_log (case_type, case_id, step_no);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
