-- The auditor's decision log lists one person's steps newest first (store.ListAudit with
-- an actor): without this index that page would scan the whole log backwards.

-- +goose Up
CREATE INDEX audit_log_actor_idx ON audit_log (actor_sub, seq);

-- +goose Down
DROP INDEX audit_log_actor_idx;
