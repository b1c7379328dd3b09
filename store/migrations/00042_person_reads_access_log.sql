-- The access log shows, by name, whose records were read: an auditor who reads it reads
-- those people's records too, noted as 'access_log' (app.Directory.ListPersonReads and
-- PersonReads). The watchers are watched as well.

-- +goose Up
ALTER TABLE person_reads DROP CONSTRAINT person_reads_action_check;
ALTER TABLE person_reads ADD CONSTRAINT person_reads_action_check
    CHECK (action IN ('list', 'record', 'assignment', 'access_log'));

-- +goose Down
-- The reads noted since stay (the log is append-only): the narrower check is not validated.
ALTER TABLE person_reads DROP CONSTRAINT person_reads_action_check;
ALTER TABLE person_reads ADD CONSTRAINT person_reads_action_check
    CHECK (action IN ('list', 'record', 'assignment')) NOT VALID;
