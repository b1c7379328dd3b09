-- Process 1 (selection): projections of applications, their tasks and committee sessions,
-- the selection notices, and the relations reviewers declare with providers.
-- As in 00001, the projections copy the workflow's state (doc) and index what lists filter
-- on; they check only enumerations, never a rule the workflow has already applied.

-- +goose Up

-- Numbers run on across years; the year in an ID is only the Seoul year of issue.
CREATE SEQUENCE application_id_seq;
CREATE SEQUENCE session_id_seq;
CREATE SEQUENCE notice_no_seq;
-- The demo catalog holds SVC-0001 … SVC-0425; selected services start well above it, so
-- that seeding a database and registering a selection never draw the same ID.
CREATE SEQUENCE service_id_seq START WITH 1001;

CREATE TABLE applications (
    id              text PRIMARY KEY,
    workflow_id     text NOT NULL,
    status          text NOT NULL CHECK (status IN ('document_check', 'supplement_requested', 'expert_review',
                                                    'site_visit', 'awaiting_committee', 'selected', 'not_selected',
                                                    'returned', 'ineligible', 'withdrawn')),
    -- No foreign key to providers: an applicant becomes a provider only when selected.
    provider_org    text NOT NULL,
    business_no     text NOT NULL,
    service_name    text NOT NULL,
    service_type    text NOT NULL,
    service_subtype text NOT NULL,
    applied_at      timestamptz NOT NULL,
    closed_at       timestamptz,
    -- The session whose agenda the application is on; NULL while it waits for one.
    session_id      text,
    notice_no       text,
    service_id      text,
    version         integer NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    doc             jsonb NOT NULL
);
CREATE INDEX applications_provider_org_idx ON applications (provider_org, id);
CREATE INDEX applications_status_idx ON applications (status, id);

-- One row per human step of a case; the case's projection writes them with it.
CREATE TABLE tasks (
    id            text PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('document_check', 'assign_experts', 'expert_review', 'site_visit',
                                                'committee_vote', 'quality_inspection')),
    case_type     text NOT NULL CHECK (case_type IN ('application', 'order', 'quality', 'contract')),
    case_id       text NOT NULL,
    workflow_id   text NOT NULL,
    title         text NOT NULL,
    assignee_role text NOT NULL,
    -- '' (not NULL) is the role's queue, so that the inbox index covers it with equality.
    assignee_sub  text NOT NULL DEFAULT '',
    due_at        timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    completed_at  timestamptz,
    completed_by  text NOT NULL DEFAULT '',
    session_id    text,
    -- The version of the case that wrote the row: a late retry never reopens a task.
    case_version  integer NOT NULL,
    doc           jsonb NOT NULL
);
CREATE INDEX tasks_inbox_idx ON tasks (assignee_role, assignee_sub, status, due_at, id);
CREATE INDEX tasks_case_id_idx ON tasks (case_id);

CREATE TABLE committee_sessions (
    id          text PRIMARY KEY,
    workflow_id text NOT NULL,
    held_on     date NOT NULL,
    status      text NOT NULL CHECK (status IN ('open', 'closing', 'closed')),
    members     jsonb NOT NULL,
    opened_by   text NOT NULL,
    opened_at   timestamptz NOT NULL,
    closed_at   timestamptz,
    version     integer NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    doc         jsonb NOT NULL
);
CREATE INDEX committee_sessions_status_held_on_idx ON committee_sessions (status, held_on, id);
CREATE INDEX committee_sessions_held_on_idx ON committee_sessions (held_on, id);

-- One notice per application: the key makes registering a selection idempotent.
CREATE TABLE selection_notices (
    application_id text PRIMARY KEY,
    notice_no      text NOT NULL UNIQUE,
    service_id     text NOT NULL UNIQUE REFERENCES services (id),
    issued_at      timestamptz NOT NULL
);

-- Declared links between reviewers and providers (국가계약법 시행령 제15조의4). The
-- provider is named by business number, not org: the link may predate its first application.
CREATE TABLE conflict_relations (
    id          bigserial PRIMARY KEY,
    person_sub  text NOT NULL REFERENCES users (sub),
    business_no text NOT NULL CHECK (business_no ~ '^[0-9]{3}-[0-9]{2}-[0-9]{5}$'),
    kind        text NOT NULL CHECK (kind IN ('self', 'spouse', 'employment', 'work')),
    -- The last day of the link; NULL while it holds.
    until       date,
    note        text NOT NULL DEFAULT '',
    declared_on date NOT NULL
);
CREATE INDEX conflict_relations_person_sub_idx ON conflict_relations (person_sub);

-- +goose Down
DROP TABLE conflict_relations;
DROP TABLE selection_notices;
DROP TABLE committee_sessions;
DROP TABLE tasks;
DROP TABLE applications;
DROP SEQUENCE service_id_seq;
DROP SEQUENCE notice_no_seq;
DROP SEQUENCE session_id_seq;
DROP SEQUENCE application_id_seq;
