-- The framework's releases in English too (docs/ocds.md): a service's snapshot now keeps
-- its key features and, under "english", its name, description and key features in
-- English; a contract's snapshot keeps its service's English name. A release is built from
-- its snapshot alone, so the releases written before keep exactly what they said: their
-- snapshots have neither key.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION ocds_service_snapshot(s services) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', s.id, 'name', s.name, 'name_en', s.name_en,
        'description', s.description, 'description_en', s.description_en,
        'type', s.type, 'subtype', s.subtype, 'status', s.status, 'selected_on', s.selected_on,
        'version', s.version, 'features', s.features,
        'english', jsonb_build_object('name', s.name_en, 'description', s.description_en,
            'features', s.features_en),
        'provider', jsonb_build_object('org', s.provider_org,
            'name', coalesce((SELECT p.name FROM providers p WHERE p.org = s.provider_org), s.provider_org)))
$$;

CREATE OR REPLACE FUNCTION ocds_contract_snapshot(
    id text, method text, order_id text, service_id text, agency_org text, provider_org text,
    title text, amount_krw bigint, contracted_on date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id, 'method', c.method, 'order_id', c.order_id,
        'service', jsonb_build_object('id', c.service_id,
            'name', (SELECT s.name FROM services s WHERE s.id = c.service_id),
            'name_en', (SELECT s.name_en FROM services s WHERE s.id = c.service_id)),
        'agency', ocds_org(c.agency_org), 'provider', ocds_org(c.provider_org),
        'title', c.title, 'amount_krw', c.amount_krw, 'contracted_on', c.contracted_on)
    || coalesce((SELECT jsonb_build_object('budget_krw', o.budget_krw, 'requested_at', o.requested_at,
                    'proposal_due', o.proposal_due)
                 FROM orders o WHERE o.id = c.order_id), '{}')
    || coalesce((SELECT jsonb_build_object('status', d.status, 'period_from', d.period_from,
                    'period_to', d.period_to, 'closed_at', d.closed_at, 'changes', ocds_contract_changes(d.doc))
                 FROM direct_contracts d WHERE d.id = c.id AND c.method = 'direct'), '{}')
    FROM (SELECT ocds_contract_snapshot.id, ocds_contract_snapshot.method, ocds_contract_snapshot.order_id,
                 ocds_contract_snapshot.service_id, ocds_contract_snapshot.agency_org,
                 ocds_contract_snapshot.provider_org, ocds_contract_snapshot.title,
                 ocds_contract_snapshot.amount_krw, ocds_contract_snapshot.contracted_on) AS c
$$;

-- An update publishes when what a framework release shows changed (now the English key
-- features too): not updated_at, a CSAP
-- validity, the search columns.
CREATE OR REPLACE FUNCTION ocds_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    at      timestamptz;
    changed text[];
BEGIN
    SELECT array_agg(n.id) INTO changed
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.name, o.name_en, o.description, o.description_en, o.type, o.subtype, o.status,
           o.selected_on, o.version, o.features, o.features_en, o.prices, o.provider_org)
          IS DISTINCT FROM
          (n.name, n.name_en, n.description, n.description_en, n.type, n.subtype, n.status,
           n.selected_on, n.version, n.features, n.features_en, n.prices, n.provider_org);
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    at := ocds_feed_lock();
    INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
    SELECT nextval('ocds_feed_seq'), x.id, 'framework', x.change, at, x.snapshot
    FROM (SELECT n.id,
                 CASE WHEN n.status = o.status THEN 'changed'
                      WHEN n.status = 'removed' THEN 'removed'
                      WHEN n.status = 'suspended' THEN 'suspended'
                      ELSE 'reinstated' END AS change,
                 ocds_service_snapshot(n) AS snapshot
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.id = ANY (changed) ORDER BY n.id) AS x;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
-- ocds_service_snapshot is a service as its framework release shows it.
CREATE OR REPLACE FUNCTION ocds_service_snapshot(s services) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', s.id, 'name', s.name, 'name_en', s.name_en,
        'description', s.description, 'description_en', s.description_en,
        'type', s.type, 'subtype', s.subtype, 'status', s.status, 'selected_on', s.selected_on,
        'version', s.version,
        'provider', jsonb_build_object('org', s.provider_org,
            'name', coalesce((SELECT p.name FROM providers p WHERE p.org = s.provider_org), s.provider_org)))
$$;

-- ocds_contract_snapshot is a contract as its release shows it: the register's row, with
-- the order it concluded (catalog) or the direct contract's projection (direct) when
-- there is one.
CREATE OR REPLACE FUNCTION ocds_contract_snapshot(
    id text, method text, order_id text, service_id text, agency_org text, provider_org text,
    title text, amount_krw bigint, contracted_on date) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id, 'method', c.method, 'order_id', c.order_id,
        'service', jsonb_build_object('id', c.service_id,
            'name', (SELECT s.name FROM services s WHERE s.id = c.service_id)),
        'agency', ocds_org(c.agency_org), 'provider', ocds_org(c.provider_org),
        'title', c.title, 'amount_krw', c.amount_krw, 'contracted_on', c.contracted_on)
    || coalesce((SELECT jsonb_build_object('budget_krw', o.budget_krw, 'requested_at', o.requested_at,
                    'proposal_due', o.proposal_due)
                 FROM orders o WHERE o.id = c.order_id), '{}')
    || coalesce((SELECT jsonb_build_object('status', d.status, 'period_from', d.period_from,
                    'period_to', d.period_to, 'closed_at', d.closed_at, 'changes', ocds_contract_changes(d.doc))
                 FROM direct_contracts d WHERE d.id = c.id AND c.method = 'direct'), '{}')
    FROM (SELECT ocds_contract_snapshot.id, ocds_contract_snapshot.method, ocds_contract_snapshot.order_id,
                 ocds_contract_snapshot.service_id, ocds_contract_snapshot.agency_org,
                 ocds_contract_snapshot.provider_org, ocds_contract_snapshot.title,
                 ocds_contract_snapshot.amount_krw, ocds_contract_snapshot.contracted_on) AS c
$$;

-- An update publishes when what a framework release shows changed: not updated_at, a CSAP
-- validity, the search columns.
CREATE OR REPLACE FUNCTION ocds_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    at      timestamptz;
    changed text[];
BEGIN
    SELECT array_agg(n.id) INTO changed
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.name, o.name_en, o.description, o.description_en, o.type, o.subtype, o.status,
           o.selected_on, o.version, o.features, o.prices, o.provider_org)
          IS DISTINCT FROM
          (n.name, n.name_en, n.description, n.description_en, n.type, n.subtype, n.status,
           n.selected_on, n.version, n.features, n.prices, n.provider_org);
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    at := ocds_feed_lock();
    INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
    SELECT nextval('ocds_feed_seq'), x.id, 'framework', x.change, at, x.snapshot
    FROM (SELECT n.id,
                 CASE WHEN n.status = o.status THEN 'changed'
                      WHEN n.status = 'removed' THEN 'removed'
                      WHEN n.status = 'suspended' THEN 'suspended'
                      ELSE 'reinstated' END AS change,
                 ocds_service_snapshot(n) AS snapshot
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.id = ANY (changed) ORDER BY n.id) AS x;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
