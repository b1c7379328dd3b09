-- Uploaded files that no request took (docs/documents.md, "Files no request took"): a file is
-- attached the first time a request names it by document_id (an application, a supplement,
-- a quality report, a change request) and is then kept for good, as part of a case's
-- record; a file never attached within models.UnattachedDocumentDays of its upload loses
-- its bytes to the nightly housekeeping. Its row stays, with the time its bytes were given
-- up (purged_at) and the time the storage confirmed them gone (content_purged_at), so that
-- who uploaded what, and who downloaded it, stays on record.

-- +goose Up
ALTER TABLE documents
    ADD COLUMN attached_at       timestamptz,
    ADD COLUMN purged_at         timestamptz,
    ADD COLUMN content_purged_at timestamptz,
    ADD CONSTRAINT documents_attached_or_purged CHECK (attached_at IS NULL OR purged_at IS NULL);
-- Whether a file uploaded before this migration was ever part of a request (a supplement
-- since replaced, a request refused later) is not known here: every one counts as attached,
-- and none is removed.
UPDATE documents SET attached_at = created_at;
CREATE INDEX documents_unattached_idx ON documents (created_at) WHERE attached_at IS NULL AND purged_at IS NULL;
CREATE INDEX documents_purging_idx ON documents (purged_at) WHERE purged_at IS NOT NULL AND content_purged_at IS NULL;

-- +goose Down
DROP INDEX documents_purging_idx;
DROP INDEX documents_unattached_idx;
ALTER TABLE documents
    DROP CONSTRAINT documents_attached_or_purged,
    DROP COLUMN content_purged_at,
    DROP COLUMN purged_at,
    DROP COLUMN attached_at;
