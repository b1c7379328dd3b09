-- A direct contract's registration carries files (the contract itself), which its provider
-- reads: a download by a provider finds the contracts that name the file, as one by an
-- agency finds the proposals (00032).

-- +goose Up
CREATE INDEX direct_contracts_documents_idx ON direct_contracts USING gin ((doc -> 'documents') jsonb_path_ops);

-- +goose Down
DROP INDEX direct_contracts_documents_idx;
