-- The registration task (선정 등록 확인): an operator's task opened when the catalog refuses
-- to register a selected service for a business reason, instead of failing the case.

-- +goose Up
ALTER TABLE tasks DROP CONSTRAINT tasks_kind_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_kind_check CHECK (kind IN ('document_check', 'assign_experts',
    'expert_review', 'site_visit', 'committee_vote', 'quality_inspection', 'registration'));

-- +goose Down
-- A down migration must not lose a task: refuse while a registration task exists.
ALTER TABLE tasks DROP CONSTRAINT tasks_kind_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_kind_check CHECK (kind IN ('document_check', 'assign_experts',
    'expert_review', 'site_visit', 'committee_vote', 'quality_inspection'));
