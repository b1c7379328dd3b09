-- Information changes (정보 변경, Process 4): a provider's request to change a catalog
-- service's information. change_requests is the projection of the ChangeRequest workflows
-- (the workflow holds the state); service_changes is the catalog's history of applied
-- changes, one row per field, with the old and the new value, who asked, who approved and
-- the request that carried it. A retried apply finds its rows (change_request_id, field)
-- and changes nothing more.

-- +goose Up

CREATE SEQUENCE change_request_id_seq;

CREATE TABLE change_requests (
    id           text PRIMARY KEY,
    workflow_id  text NOT NULL UNIQUE,
    service_id   text NOT NULL REFERENCES services (id),
    provider_org text NOT NULL,
    path         text NOT NULL CHECK (path IN ('approval', 'rereview')),
    status       text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'rereview_started')),
    requested_at timestamptz NOT NULL,
    closed_at    timestamptz,
    version      integer NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    doc          jsonb NOT NULL
);
CREATE INDEX change_requests_provider_org_idx ON change_requests (provider_org, id);
CREATE INDEX change_requests_status_idx ON change_requests (status, id);
CREATE INDEX change_requests_service_id_idx ON change_requests (service_id);

CREATE TABLE service_changes (
    id                bigserial PRIMARY KEY,
    service_id        text NOT NULL REFERENCES services (id),
    change_request_id text NOT NULL REFERENCES change_requests (id),
    field             text NOT NULL,
    old_value         text NOT NULL,
    new_value         text NOT NULL,
    requested_by      text NOT NULL,
    approved_by       text NOT NULL,
    applied_at        timestamptz NOT NULL,
    UNIQUE (change_request_id, field)
);
CREATE INDEX service_changes_service_id_idx ON service_changes (service_id, applied_at, id);

-- +goose Down
DROP TABLE service_changes;
DROP TABLE change_requests;
DROP SEQUENCE change_request_id_seq;
