-- The auditors' checks of the access log of personal data (접속기록 점검): the log is to be
-- checked at least once a month, and a check leaves a trace of its own: the days checked,
-- what was found, how many reads the period held then, who checked and when. Never changed:
-- a second look at a period is a second row.

-- +goose Up

CREATE TABLE person_read_checks (
    id          bigserial PRIMARY KEY,
    period_from date NOT NULL,
    period_to   date NOT NULL CHECK (period_to >= period_from),
    outcome     text NOT NULL CHECK (outcome IN ('no_findings', 'findings')),
    note        text NOT NULL DEFAULT '',
    reads       bigint NOT NULL,
    actor_sub   text NOT NULL,
    actor_role  text NOT NULL,
    actor_org   text NOT NULL,
    checked_at  timestamptz NOT NULL
);
CREATE INDEX person_read_checks_period_idx ON person_read_checks (period_to, period_from);

CREATE TRIGGER person_read_checks_no_update BEFORE UPDATE OR DELETE ON person_read_checks
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER person_read_checks_no_truncate BEFORE TRUNCATE ON person_read_checks
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE person_read_checks;
