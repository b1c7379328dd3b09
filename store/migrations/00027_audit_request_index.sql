-- The steps a request made, by the request's ID (the workflow Update's): a keyed retry
-- that reaches a case after it continued as new, where Temporal no longer knows the
-- Update's ID, finds its step recorded here and is not applied a second time
-- (store.StepRecorded). Most steps are the system's and have none.

-- +goose Up
CREATE INDEX audit_log_request_idx ON audit_log (request_id, workflow_id) WHERE request_id IS NOT NULL;

-- +goose Down
DROP INDEX audit_log_request_idx;
