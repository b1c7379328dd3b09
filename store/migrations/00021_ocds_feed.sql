-- The public change feed of OCDS open data (docs/ocds.md): every published change to the
-- catalog (a selection, an applied change, a suspension, a removal, an unfit notice) and to
-- contracts (a catalog order's delivery request, a direct contract's registration, its
-- amendments and its end) is one row, appended by the triggers below in the SAME
-- transaction as the write that publishes it: no writer has to remember the feed, and a
-- change is in the feed exactly when it is committed.
--
-- A row keeps a snapshot of what was published (public facts only: organizations, never
-- people), and the API builds the OCDS release from the snapshot alone, so that a release
-- never changes once written.
--
-- Ordering: a reader pages by seq ("after seq N"). With a plain sequence two writers can
-- commit out of order (seq 11 visible before seq 10), and a reader that saw 11 would skip
-- 10 for ever. So every append first takes one transaction-level advisory lock, and only
-- then draws its seq: the lock is held until commit, and PostgreSQL makes a transaction
-- visible before it releases its locks, so seq order is commit order, and a reader that
-- sees seq N sees every seq below it. The cost is that publishing writes commit one at a
-- time, from their first published change to their commit; they are few (selections,
-- contracts, changes), and writes that publish nothing never take the lock. at is taken
-- after the lock too, so it grows with seq.
--
-- Triggers are per statement with transition tables, so that a bulk load (the demo seed,
-- `dsmarket seed --services 50000` by COPY) is one set-based insert, not a call per row.

-- +goose Up
CREATE SEQUENCE ocds_feed_seq;

CREATE TABLE ocds_feed (
    seq      bigint PRIMARY KEY,
    -- The contracting process: a service (the framework stage of its selection), a catalog
    -- order, or a direct contract; its ocid is OCDS_PREFIX-process.
    process  text NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('framework', 'catalog', 'direct')),
    change   text NOT NULL CHECK (change IN ('selected', 'changed', 'suspended', 'reinstated', 'removed',
                                             'unfit_notice', 'contracted', 'amended', 'closed')),
    at       timestamptz NOT NULL,
    snapshot jsonb NOT NULL
);
CREATE INDEX ocds_feed_process_idx ON ocds_feed (process, seq);
CREATE INDEX ocds_feed_at_idx ON ocds_feed (at);

-- +goose StatementBegin
-- ocds_feed_lock serializes appends (see above); 0x64736d6b_6f636473 is "dsmkocds".
CREATE FUNCTION ocds_feed_lock() RETURNS timestamptz LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7238251695213618291);
    RETURN clock_timestamp();
END
$$;

-- ocds_service_snapshot is a service as its framework release shows it.
CREATE FUNCTION ocds_service_snapshot(s services) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', s.id, 'name', s.name, 'name_en', s.name_en,
        'description', s.description, 'description_en', s.description_en,
        'type', s.type, 'subtype', s.subtype, 'status', s.status, 'selected_on', s.selected_on,
        'version', s.version,
        'provider', jsonb_build_object('org', s.provider_org,
            'name', coalesce((SELECT p.name FROM providers p WHERE p.org = s.provider_org), s.provider_org)))
$$;

-- ocds_org is an organization's public name, the org ID when it is in no directory table.
CREATE FUNCTION ocds_org(org text) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('org', ocds_org.org, 'name', coalesce(
        (SELECT a.name FROM agencies a WHERE a.org = ocds_org.org),
        (SELECT p.name FROM providers p WHERE p.org = ocds_org.org), ocds_org.org))
$$;

-- ocds_contract_changes are a direct contract's registered changes (amendments): the
-- announced ones are not contract terms yet.
CREATE FUNCTION ocds_contract_changes(doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'no', c->'no', 'changed_on', c->'changed_on', 'reason', c->'reason',
               'amount_krw', c->'amount_krw', 'period_from', c->'period_from',
               'period_to', c->'period_to', 'title', c->'title', 'registered_at', c->'registered_at')
             ORDER BY (c->>'no')::int), '[]')
    FROM jsonb_array_elements(coalesce(doc->'changes', '[]')) AS c
    WHERE c->>'status' = 'registered'
$$;

-- ocds_contract_snapshot is a contract as its release shows it: the register's row, with
-- the order it concluded (catalog) or the direct contract's projection (direct) when
-- there is one.
CREATE FUNCTION ocds_contract_snapshot(
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

CREATE FUNCTION ocds_services_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE at timestamptz;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    at := ocds_feed_lock();
    INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
    SELECT nextval('ocds_feed_seq'), x.id, 'framework', 'selected', at, x.snapshot
    FROM (SELECT n.id, ocds_service_snapshot(n) AS snapshot FROM new_rows n ORDER BY n.id) AS x;
    RETURN NULL;
END
$$;

-- An update publishes when what a framework release shows changed: not updated_at, a CSAP
-- validity, the search columns.
CREATE FUNCTION ocds_services_updated() RETURNS trigger LANGUAGE plpgsql AS $$
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

-- An unfit notice publishes the reason of a removal (the removal itself came first).
CREATE FUNCTION ocds_unfit_notices_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE at timestamptz;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    at := ocds_feed_lock();
    INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
    SELECT nextval('ocds_feed_seq'), x.service_id, 'framework', 'unfit_notice', at, x.snapshot
    FROM (SELECT n.service_id,
                 ocds_service_snapshot(s) || jsonb_build_object('reason', n.reason,
                     'notice_from', n.shown_from, 'notice_until', n.shown_until) AS snapshot
          FROM new_rows n JOIN services s ON s.id = n.service_id ORDER BY n.service_id) AS x;
    RETURN NULL;
END
$$;

-- Every contract lands in the register (contracts): a catalog order's at its delivery
-- request, a direct contract's at its registration (after its projection, in the same
-- transaction). A catalog contract's process is its order.
CREATE FUNCTION ocds_contracts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE at timestamptz;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    at := ocds_feed_lock();
    INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
    SELECT nextval('ocds_feed_seq'), x.process, x.method, 'contracted', at, x.snapshot
    FROM (SELECT coalesce(n.order_id, n.id) AS process, n.method,
                 ocds_contract_snapshot(n.id, n.method, n.order_id, n.service_id, n.agency_org, n.provider_org,
                     n.title, n.amount_krw, n.contracted_on) AS snapshot
          FROM new_rows n ORDER BY n.id) AS x;
    RETURN NULL;
END
$$;

-- A direct contract publishes a registered change of its terms (an amendment) and its
-- end; an announced change, a reminder or an overdue mark are the registration's own
-- bookkeeping, not contract terms.
CREATE FUNCTION ocds_direct_contracts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    at      timestamptz;
    changed text[];
BEGIN
    SELECT array_agg(n.id) INTO changed
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.status = 'closed') <> (o.status = 'closed')
       OR (o.title, o.amount_krw, o.contracted_on, o.period_from, o.period_to, ocds_contract_changes(o.doc))
          IS DISTINCT FROM
          (n.title, n.amount_krw, n.contracted_on, n.period_from, n.period_to, ocds_contract_changes(n.doc));
    IF changed IS NULL THEN
        RETURN NULL;
    END IF;
    at := ocds_feed_lock();
    INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
    SELECT nextval('ocds_feed_seq'), x.id, 'direct', x.change, at, x.snapshot
    FROM (SELECT n.id,
                 CASE WHEN n.status = 'closed' AND o.status <> 'closed' THEN 'closed' ELSE 'amended' END AS change,
                 ocds_contract_snapshot(n.id, 'direct', NULL, n.service_id, n.agency_org, n.provider_org,
                     n.title, n.amount_krw, n.contracted_on) AS snapshot
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE n.id = ANY (changed) ORDER BY n.id) AS x;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER ocds_services_inserted AFTER INSERT ON services
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ocds_services_inserted();
CREATE TRIGGER ocds_services_updated AFTER UPDATE ON services
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ocds_services_updated();
CREATE TRIGGER ocds_unfit_notices_inserted AFTER INSERT ON unfit_notices
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ocds_unfit_notices_inserted();
CREATE TRIGGER ocds_contracts_inserted AFTER INSERT ON contracts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ocds_contracts_inserted();
CREATE TRIGGER ocds_direct_contracts_updated AFTER UPDATE ON direct_contracts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ocds_direct_contracts_updated();

-- What a database already holds when this migration runs is published once, in its
-- present state: each service's selection (with its unfit notice's reason, if removed),
-- then each contract of the register. A demo database seeded later gets its releases from
-- the triggers instead. (TestOcdsFeed_Backfill runs the statements between the markers.)
-- backfill begin
INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
SELECT nextval('ocds_feed_seq'), x.id, 'framework', 'selected', now(), x.snapshot
FROM (SELECT s.id, ocds_service_snapshot(s) || coalesce(
             (SELECT jsonb_build_object('reason', n.reason, 'notice_from', n.shown_from, 'notice_until', n.shown_until)
              FROM unfit_notices n WHERE n.service_id = s.id), '{}') AS snapshot
      FROM services s ORDER BY s.id) AS x;
INSERT INTO ocds_feed (seq, process, kind, change, at, snapshot)
SELECT nextval('ocds_feed_seq'), x.process, x.method, 'contracted', now(), x.snapshot
FROM (SELECT coalesce(c.order_id, c.id) AS process, c.method,
             ocds_contract_snapshot(c.id, c.method, c.order_id, c.service_id, c.agency_org, c.provider_org,
                 c.title, c.amount_krw, c.contracted_on) AS snapshot
      FROM contracts c ORDER BY c.created_at, c.id) AS x;
-- backfill end

-- +goose Down
DROP TRIGGER ocds_direct_contracts_updated ON direct_contracts;
DROP TRIGGER ocds_contracts_inserted ON contracts;
DROP TRIGGER ocds_unfit_notices_inserted ON unfit_notices;
DROP TRIGGER ocds_services_updated ON services;
DROP TRIGGER ocds_services_inserted ON services;
DROP FUNCTION ocds_direct_contracts_updated();
DROP FUNCTION ocds_contracts_inserted();
DROP FUNCTION ocds_unfit_notices_inserted();
DROP FUNCTION ocds_services_updated();
DROP FUNCTION ocds_services_inserted();
DROP FUNCTION ocds_contract_snapshot(text, text, text, text, text, text, text, bigint, date);
DROP FUNCTION ocds_contract_changes(jsonb);
DROP FUNCTION ocds_org(text);
DROP FUNCTION ocds_service_snapshot(services);
DROP FUNCTION ocds_feed_lock();
DROP TABLE ocds_feed;
DROP SEQUENCE ocds_feed_seq;
