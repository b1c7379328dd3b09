-- Process 4 (continuous inspection, 상시점검): the projection of each service's watch and the
-- public notices of services removed as unfit (고시 제8조).

-- +goose Up

-- One watch per catalog service; the workflow writes it after every finding.
CREATE TABLE service_watches (
    service_id       text PRIMARY KEY REFERENCES services (id),
    workflow_id      text NOT NULL,
    status           text NOT NULL CHECK (status IN ('watching', 'rereview_required', 'unfit')),
    csap_valid_until date,
    version          integer NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    doc              jsonb NOT NULL
);
CREATE INDEX service_watches_status_idx ON service_watches (status, service_id);

-- One notice per removed service: the key makes publishing idempotent. A service leaves the
-- catalog once; a service selected again gets a new ID.
CREATE TABLE unfit_notices (
    service_id    text PRIMARY KEY REFERENCES services (id),
    service_name  text NOT NULL,
    provider_name text NOT NULL,
    reason        text NOT NULL,
    -- Shown from shown_from through shown_until, both Seoul dates.
    shown_from    date NOT NULL,
    shown_until   date NOT NULL CHECK (shown_until >= shown_from),
    published_at  timestamptz NOT NULL
);
CREATE INDEX unfit_notices_shown_idx ON unfit_notices (shown_until, shown_from);

-- +goose Down
DROP TABLE unfit_notices;
DROP TABLE service_watches;
