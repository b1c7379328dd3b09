-- Who registered or changed an organization, a person of the pool or a declared relation,
-- when, and what it was before and after: the operator keeps these by hand now (API.md,
-- "People and organizations"), and an auditor must be able to tell who added an expert or
-- deactivated one. Written in the transaction of the change itself; never changed.

-- +goose Up

CREATE TABLE directory_changes (
    id           bigserial PRIMARY KEY,
    subject_kind text NOT NULL CHECK (subject_kind IN ('organization', 'person', 'relation')),
    subject_id   text NOT NULL,
    action       text NOT NULL CHECK (action IN ('created', 'changed')),
    actor_sub    text NOT NULL,
    actor_role   text NOT NULL,
    actor_org    text NOT NULL,
    at           timestamptz NOT NULL,
    before       jsonb,
    after        jsonb NOT NULL
);
CREATE INDEX directory_changes_subject_idx ON directory_changes (subject_kind, subject_id, id);

CREATE TRIGGER directory_changes_no_update BEFORE UPDATE OR DELETE ON directory_changes
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Who declared a relation: the person themselves, or the operator for them.
ALTER TABLE conflict_relations ADD COLUMN recorded_by text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE conflict_relations DROP COLUMN recorded_by;
DROP TABLE directory_changes;
