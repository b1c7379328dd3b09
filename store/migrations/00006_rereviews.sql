-- Re-reviews (재심사, Process 4 → Process 1): a quality case or a service watch that finds a
-- re-review ground starts an application in re-review mode. The case ref (the quality case's
-- workflow ID, or the watch's workflow ID with the finding's version) names the ground once,
-- so a retried start finds the application it drew the first time instead of starting a
-- second re-review. The application itself is projected in applications like any other.

-- +goose Up

CREATE TABLE rereviews (
    case_ref       text PRIMARY KEY,
    service_id     text NOT NULL REFERENCES services (id),
    application_id text NOT NULL UNIQUE,
    from_process   text NOT NULL CHECK (from_process IN ('quality', 'inspection', 'change')),
    ground         text NOT NULL,
    -- Set when the committee's decision is carried out.
    outcome        text CHECK (outcome IN ('confirmed', 'unfit_requested')),
    created_at     timestamptz NOT NULL,
    decided_at     timestamptz
);
CREATE INDEX rereviews_service_id_idx ON rereviews (service_id, created_at);

-- +goose Down
DROP TABLE rereviews;
