-- A catalog order's proposal carries files (the proposal, its price sheet), which the
-- order's agency reads: a download by an agency finds the orders whose proposal names the
-- file, as one by an expert or a member finds the applications (00013).

-- +goose Up
CREATE INDEX orders_proposal_documents_idx ON orders USING gin ((doc -> 'proposal' -> 'documents') jsonb_path_ops);

-- +goose Down
DROP INDEX orders_proposal_documents_idx;
