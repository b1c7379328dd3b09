-- The operators read a file that one of their cases references (an application, a quality
-- case's report or remediation, a change request): a download by an operator finds those
-- cases by their projection, as one by an agency finds the proposals (00032).

-- +goose Up
CREATE INDEX quality_cases_report_documents_idx ON quality_cases USING gin ((doc -> 'report' -> 'documents') jsonb_path_ops);
CREATE INDEX quality_cases_remediations_idx ON quality_cases USING gin ((doc -> 'remediations') jsonb_path_ops);
CREATE INDEX change_requests_documents_idx ON change_requests USING gin ((doc -> 'documents') jsonb_path_ops);

-- +goose Down
DROP INDEX change_requests_documents_idx;
DROP INDEX quality_cases_remediations_idx;
DROP INDEX quality_cases_report_documents_idx;
