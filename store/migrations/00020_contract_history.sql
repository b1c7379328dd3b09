-- Contracts made outside the system's workflows, for the statistics (GET /api/v1/stats):
-- they have no case, only the facts the figures count. The statistics add them to the
-- contracts the system registered (table contracts).
--
-- source says where a row comes from. 'demo' rows are DEMO DATA: a made-up history that
-- reproduces the public figures of SPEC.md (store/seed_history.go), loaded once by the demo
-- seed; they are not real contracts and the API says how many it counted (demo_rows).

-- +goose Up
CREATE TABLE contract_history (
    id            text PRIMARY KEY,
    method        text NOT NULL CHECK (method IN ('catalog', 'direct')),
    -- The service when it is in the catalog; the demo history names none, and carries the
    -- classification itself so that it never depends on which services exist.
    service_id    text REFERENCES services (id),
    type          text NOT NULL CHECK (type IN ('cloud', 'support', 'convergence')),
    subtype       text NOT NULL,
    agency_kind   text NOT NULL CHECK (agency_kind IN ('national', 'public_institution', 'local_government', 'school')),
    provider_size text NOT NULL CHECK (provider_size IN ('sme', 'midsize', 'large')),
    amount_krw    bigint NOT NULL CHECK (amount_krw >= 0),
    -- The contract date in Asia/Seoul.
    contracted_on date NOT NULL,
    -- Calendar days from the proposal request to the delivery request (catalog), or from
    -- the contract date to its registration (direct); NULL when unknown.
    lead_days     integer CHECK (lead_days >= 0),
    source        text NOT NULL,
    CONSTRAINT contract_history_subtype_of_type CHECK (
        (type = 'cloud' AND subtype IN ('iaas', 'paas', 'saas')) OR
        (type = 'support' AND subtype IN ('consulting', 'operations', 'migration')) OR
        (type = 'convergence' AND subtype = 'convergence'))
);
CREATE INDEX contract_history_contracted_on_idx ON contract_history (contracted_on);
CREATE INDEX contract_history_source_idx ON contract_history (source);

-- +goose Down
DROP TABLE contract_history;
