-- Process 4 (regular inspection, 정기점검): the projection of each yearly quality case, and
-- the index the yearly cycle pages the due services with. As in 00001, the projection copies
-- the workflow's state (doc) and indexes what lists filter on; it checks only enumerations,
-- never a deadline the workflow has already applied. The cases' inspection tasks go to the
-- tasks table of 00002 (case_type 'quality').

-- +goose Up

CREATE TABLE quality_cases (
    id              text PRIMARY KEY,
    workflow_id     text NOT NULL UNIQUE,
    year            integer NOT NULL CHECK (year BETWEEN 2020 AND 9999),
    status          text NOT NULL CHECK (status IN ('report_requested', 'report_submitted', 'pre_reviewed',
                                                    'inspecting', 'remediating', 'fit', 'rereview', 'unfit')),
    service_id      text NOT NULL REFERENCES services (id),
    service_name    text NOT NULL,
    provider_org    text NOT NULL,
    report_due      date NOT NULL,
    remediation_due date,
    opened_at       timestamptz NOT NULL,
    closed_at       timestamptz,
    version         integer NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    doc             jsonb NOT NULL,
    -- One case per service and year, whatever its ID: the workflow ID says the same.
    UNIQUE (service_id, year)
);
CREATE INDEX quality_cases_provider_org_idx ON quality_cases (provider_org, id);
CREATE INDEX quality_cases_status_idx ON quality_cases (status, id);
CREATE INDEX quality_cases_year_status_idx ON quality_cases (year, status, id);

-- The cycle pages through registered services by ID (keyset) and keeps those selected on
-- or before its cutoff: with selected_on in the index, a page visits the table only for the
-- rows it returns, however many recent selections it skips.
CREATE INDEX services_registered_id_idx ON services (id) INCLUDE (selected_on) WHERE status = 'registered';

-- +goose Down
DROP INDEX services_registered_id_idx;
DROP TABLE quality_cases;
