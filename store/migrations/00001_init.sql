-- The catalog, the projections written by workflow activities, and the API's bookkeeping.
-- Enumerations are CHECK constraints rather than PostgreSQL enum types so that a new value
-- is one ALTER TABLE in a later migration, not an enum change that cannot run in a
-- transaction.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE providers (
    org         text PRIMARY KEY,
    name        text NOT NULL,
    name_en     text NOT NULL DEFAULT '',
    business_no text NOT NULL UNIQUE CHECK (business_no ~ '^[0-9]{3}-[0-9]{2}-[0-9]{5}$'),
    size        text NOT NULL CHECK (size IN ('sme', 'midsize', 'large')),
    founded_on  date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Catalog search matches provider names too; kept lower-case so one ILIKE fits both.
    search_text text GENERATED ALWAYS AS (lower(name || ' ' || name_en)) STORED
);

CREATE TABLE agencies (
    org        text PRIMARY KEY,
    name       text NOT NULL,
    name_en    text NOT NULL DEFAULT '',
    kind       text NOT NULL CHECK (kind IN ('national', 'public_institution', 'local_government', 'school')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE services (
    id               text PRIMARY KEY,
    provider_org     text NOT NULL REFERENCES providers (org),
    name             text NOT NULL,
    name_en          text NOT NULL DEFAULT '',
    description      text NOT NULL DEFAULT '',
    description_en   text NOT NULL DEFAULT '',
    type             text NOT NULL CHECK (type IN ('cloud', 'support', 'convergence')),
    subtype          text NOT NULL,
    status           text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'suspended', 'removed')),
    selected_on      date,
    csap_valid_until date,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    search_text      text GENERATED ALWAYS AS (lower(name || ' ' || name_en || ' ' || description || ' ' || description_en)) STORED,
    -- A subtype belongs to exactly one type (클라우드컴퓨팅법 제20조③).
    CONSTRAINT services_subtype_of_type CHECK (
        (type = 'cloud' AND subtype IN ('iaas', 'paas', 'saas')) OR
        (type = 'support' AND subtype IN ('consulting', 'operations', 'migration')) OR
        (type = 'convergence' AND subtype = 'convergence'))
);
CREATE INDEX services_provider_org_idx ON services (provider_org);
CREATE INDEX services_status_type_subtype_idx ON services (status, type, subtype);
CREATE INDEX services_csap_valid_until_idx ON services (csap_valid_until);
-- Trigram indexes serve ILIKE '%q%' once the catalog outgrows a sequential scan.
CREATE INDEX services_search_text_trgm_idx ON services USING gin (search_text gin_trgm_ops);
CREATE INDEX providers_search_text_trgm_idx ON providers USING gin (search_text gin_trgm_ops);

CREATE TABLE users (
    sub        text PRIMARY KEY,
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('provider', 'operator', 'expert', 'committee', 'agency', 'auditor')),
    org        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Order numbers run on across years; the year in the ID is only the Seoul year of issue.
CREATE SEQUENCE order_id_seq;

CREATE TABLE orders (
    id                   text PRIMARY KEY,
    workflow_id          text NOT NULL,
    status               text NOT NULL CHECK (status IN ('proposal_requested', 'proposal_submitted', 'negotiating',
                                                         'not_qualified', 'delivery_requested', 'lapsed', 'cancelled')),
    title                text NOT NULL,
    service_id           text NOT NULL REFERENCES services (id),
    -- No foreign key to agencies: a development token may carry any agency org, and the
    -- projection must never refuse what the workflow has already decided.
    agency_org           text NOT NULL,
    provider_org         text NOT NULL,
    budget_krw           bigint NOT NULL CHECK (budget_krw >= 0),
    proposal_due         date NOT NULL,
    evaluation_total     numeric(5, 2) CHECK (evaluation_total BETWEEN 0 AND 100),
    negotiation_deadline timestamptz,
    final_price_krw      bigint CHECK (final_price_krw >= 0),
    requested_at         timestamptz NOT NULL,
    closed_at            timestamptz,
    version              integer NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    doc                  jsonb NOT NULL
);
CREATE INDEX orders_agency_org_idx ON orders (agency_org, id);
CREATE INDEX orders_provider_org_idx ON orders (provider_org, id);
CREATE INDEX orders_service_id_status_idx ON orders (service_id, status);
CREATE INDEX orders_status_idx ON orders (status, id);

CREATE TABLE contracts (
    id            text PRIMARY KEY,
    method        text NOT NULL CHECK (method IN ('catalog', 'direct')),
    order_id      text UNIQUE,
    service_id    text NOT NULL REFERENCES services (id),
    agency_org    text NOT NULL,
    provider_org  text NOT NULL,
    title         text NOT NULL,
    amount_krw    bigint NOT NULL CHECK (amount_krw >= 0),
    contracted_on date,
    created_at    timestamptz NOT NULL
);
CREATE INDEX contracts_agency_org_idx ON contracts (agency_org);
CREATE INDEX contracts_provider_org_idx ON contracts (provider_org);
CREATE INDEX contracts_service_id_idx ON contracts (service_id);

CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    caller       text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    resource_id  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, caller, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

CREATE TABLE notifications (
    key        text PRIMARY KEY,
    to_role    text NOT NULL,
    to_org     text NOT NULL,
    case_type  text NOT NULL,
    case_id    text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX notifications_to_org_created_at_idx ON notifications (to_org, created_at DESC);

-- +goose Down
DROP TABLE notifications;
DROP TABLE idempotency_keys;
DROP TABLE contracts;
DROP TABLE orders;
DROP SEQUENCE order_id_seq;
DROP TABLE users;
DROP TABLE services;
DROP TABLE agencies;
DROP TABLE providers;
