-- The address a download came from (접속지), as the reads of personal data keep it
-- (00037): an access log names the account, the time, the origin and what was read. The
-- downloads recorded before this keep an empty address.

-- +goose Up
ALTER TABLE document_downloads ADD COLUMN client_ip text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE document_downloads DROP COLUMN client_ip;
