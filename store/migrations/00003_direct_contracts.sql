-- Process 3 (direct contracts, 수의계약): the projection of each registration workflow.
-- As in 00001, the projection copies the workflow's state (doc) and indexes what lists
-- filter on; it checks only enumerations, never a deadline the workflow has already applied.
-- The contract register (contracts, 00001) gets a row per direct contract as well, so that
-- whoever counts contracts finds both methods in one table.

-- +goose Up

-- Numbers run on across years; the year in an ID is only the Seoul year of issue. Catalog
-- contracts are named after their order (CT-ORD-…), so the two never meet.
CREATE SEQUENCE direct_contract_id_seq;

CREATE TABLE direct_contracts (
    id               text PRIMARY KEY,
    workflow_id      text NOT NULL,
    status           text NOT NULL CHECK (status IN ('registered', 'change_pending', 'change_overdue', 'closed')),
    service_id       text NOT NULL REFERENCES services (id),
    -- No foreign key to agencies, as for orders: the projection never refuses what the
    -- workflow has already decided.
    agency_org       text NOT NULL,
    provider_org     text NOT NULL,
    title            text NOT NULL,
    amount_krw       bigint NOT NULL CHECK (amount_krw >= 0),
    contracted_on    date NOT NULL,
    period_from      date NOT NULL,
    period_to        date NOT NULL,
    registered_at    timestamptz NOT NULL,
    registration_due date NOT NULL,
    late             boolean NOT NULL,
    -- The earliest due date of a change still waiting for its details; NULL when none.
    next_change_due  date,
    closes_at        timestamptz NOT NULL,
    closed_at        timestamptz,
    version          integer NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    doc              jsonb NOT NULL
);
CREATE INDEX direct_contracts_agency_org_idx ON direct_contracts (agency_org, id);
CREATE INDEX direct_contracts_provider_org_idx ON direct_contracts (provider_org, id);
CREATE INDEX direct_contracts_status_idx ON direct_contracts (status, id);
CREATE INDEX direct_contracts_service_id_idx ON direct_contracts (service_id);

-- +goose Down
DELETE FROM contracts WHERE method = 'direct';
DROP TABLE direct_contracts;
DROP SEQUENCE direct_contract_id_seq;
