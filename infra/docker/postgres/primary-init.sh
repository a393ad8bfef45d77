#!/usr/bin/env bash
# Runs once, when the official postgres image initializes an empty primary (/docker-entrypoint-initdb.d).
# Creates the databases this cluster hosts (PATTERNSHOP_DATABASES, comma-separated, as in local-runtime.properties),
# the role a streaming replica connects as, its replication slot (so the primary keeps every WAL segment the
# replica has not replayed yet), and the pg_hba line that lets it in.
set -euo pipefail

for database in ${PATTERNSHOP_DATABASES//,/ }; do
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -c "create database \"$database\" owner \"$POSTGRES_USER\""
done

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
create role replicator with replication login password '${PATTERNSHOP_REPLICATION_PASSWORD}';
select pg_create_physical_replication_slot('replica');
SQL

# Replication connections come from the compose network only; scram like every other connection.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
