-- The form that assigns reviewers lists every active expert with their conflict of interest
-- with the applicant, which their declared relations decide: each expert it shows is a read
-- of their record, noted as 'assignment' (app.Tasks.ExpertChoices).

-- +goose Up
ALTER TABLE person_reads DROP CONSTRAINT person_reads_action_check;
ALTER TABLE person_reads ADD CONSTRAINT person_reads_action_check CHECK (action IN ('list', 'record', 'assignment'));

-- +goose Down
-- The reads noted since stay (the log is append-only): the narrower check is not validated.
ALTER TABLE person_reads DROP CONSTRAINT person_reads_action_check;
ALTER TABLE person_reads ADD CONSTRAINT person_reads_action_check CHECK (action IN ('list', 'record')) NOT VALID;
