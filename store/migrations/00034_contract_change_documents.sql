-- A direct contract's change carries files (the amended contract), which the contract's
-- provider reads: a download by a provider finds the contracts whose changes name the
-- file, beside those registered with it (00033).

-- +goose Up
CREATE INDEX direct_contracts_changes_idx ON direct_contracts USING gin ((doc -> 'changes') jsonb_path_ops);

-- +goose Down
DROP INDEX direct_contracts_changes_idx;
