-- Bytes that no document's row names (docs/documents.md, "Where the bytes are kept"): an
-- upload writes its bytes first and its row second, so a crash between the two leaves
-- bytes without a row. The nightly housekeeping removes such bytes once they are older than
-- a grace period (activities.PurgeStrayContents), which needs to know when they were
-- written. The bytes kept before this migration count as written now: none of them is
-- taken before the grace period has passed.

-- +goose Up
ALTER TABLE document_contents ADD COLUMN written_at timestamptz NOT NULL DEFAULT now();

-- +goose Down
ALTER TABLE document_contents DROP COLUMN written_at;
