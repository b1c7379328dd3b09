-- Who read whose record in the registry (개인정보 접속기록): the experts' and committee
-- members' names, e-mail addresses, affiliations and declared relations are personal data,
-- and the operators who keep them are the insiders an auditor must be able to check. One row
-- per person shown per request (a list of fifty names is fifty rows), with who read it and
-- from which address (접속지), written before the answer is sent; never changed.

-- +goose Up

CREATE TABLE person_reads (
    id          bigserial PRIMARY KEY,
    subject_sub text NOT NULL,
    action      text NOT NULL CHECK (action IN ('list', 'record')),
    actor_sub   text NOT NULL,
    actor_role  text NOT NULL,
    actor_org   text NOT NULL,
    request_id  text NOT NULL DEFAULT '',
    client_ip   text NOT NULL DEFAULT '',
    read_at     timestamptz NOT NULL
);
CREATE INDEX person_reads_subject_idx ON person_reads (subject_sub, read_at, id);
CREATE INDEX person_reads_actor_idx ON person_reads (actor_sub, read_at, id);

CREATE TRIGGER person_reads_no_update BEFORE UPDATE OR DELETE ON person_reads
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER person_reads_no_truncate BEFORE TRUNCATE ON person_reads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- +goose Down
DROP TABLE person_reads;
