#!/bin/sh
# One-shot of docker-compose.yml (temporal-schema), run in temporalio/admin-tools before the
# Temporal server starts, in place of the deprecated temporalio/auto-setup image: creates
# Temporal's two databases in PostgreSQL and brings their schemas to the versions that this
# admin-tools release ships (the server's release, same tag).
# Safe to run at every start: an existing database is kept, setup-schema leaves a versioned
# schema alone, and update-schema applies only the versions not applied yet.
# Needs POSTGRES_SEEDS and POSTGRES_USER; reads DB_PORT, POSTGRES_PWD, DBNAME and
# VISIBILITY_DBNAME as the temporalio/server image does, so both take one environment.
set -eu

: "${POSTGRES_SEEDS:?is not set: the PostgreSQL host}"
: "${POSTGRES_USER:?is not set}"
PORT=${DB_PORT:-5432}
SCHEMA_DIR=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
# The tool reads its password from SQL_PASSWORD: kept out of the process list.
SQL_PASSWORD=${POSTGRES_PWD:-}
export SQL_PASSWORD

# sql runs temporal-sql-tool on database $1.
sql() {
	db=$1
	shift
	temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" -u "$POSTGRES_USER" --db "$db" "$@"
}

for pair in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
	db=${pair%%:*}
	schema=${pair#*:}
	echo "database $db: create unless it exists, then the $schema schema up to date"
	sql "$db" create
	sql "$db" setup-schema -v 0.0
	sql "$db" update-schema -d "$SCHEMA_DIR/$schema/versioned"
done
echo "Temporal schemas are up to date"
