-- Documents are real files (API.md, "Documents"): a provider uploads a file, the system
-- computes its digest and size and sniffs its type, and cases reference it by ID. What a
-- document is and who uploaded it is kept here whatever keeps its bytes; the bytes are in
-- document_contents by default, or in an S3 bucket (DOCUMENT_STORE), which is why
-- document_contents has no foreign key: the bytes are written first, the row that makes
-- them a document second.

-- +goose Up

CREATE TABLE documents (
    id            text PRIMARY KEY CHECK (id ~ '^DOC-[0-9a-f]{32}$'),
    filename      text NOT NULL CHECK (filename <> ''),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size          bigint NOT NULL CHECK (size >= 0),
    content_type  text NOT NULL,
    kind          text NOT NULL DEFAULT '',
    uploaded_by   text NOT NULL,
    uploader_role text NOT NULL,
    uploader_org  text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX documents_uploader_org_idx ON documents (uploader_org, created_at);

CREATE TABLE document_contents (
    key     text PRIMARY KEY,
    content bytea NOT NULL
);

-- Every download, by whom (as their token said), for the audit of who saw which file.
CREATE TABLE document_downloads (
    id            bigserial PRIMARY KEY,
    document_id   text NOT NULL REFERENCES documents (id),
    sub           text NOT NULL,
    role          text NOT NULL,
    org           text NOT NULL,
    downloaded_at timestamptz NOT NULL
);
CREATE INDEX document_downloads_document_id_idx ON document_downloads (document_id, downloaded_at);

-- Who may download a document depends on the applications that reference it: found by
-- containment in the projection's documents, which this index answers without a scan.
CREATE INDEX applications_documents_idx ON applications USING gin ((doc -> 'documents') jsonb_path_ops);

-- +goose Down
DROP INDEX applications_documents_idx;
DROP TABLE document_downloads;
DROP TABLE document_contents;
DROP TABLE documents;
