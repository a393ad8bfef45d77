#!/usr/bin/env bash
# A streaming replica: on first start, copy the primary with pg_basebackup -R (which writes primary_conninfo and
# standby.signal), then start postgres as the image would. Later starts find the copy and only start it.
# PATTERNSHOP_PRIMARY_HOST/PORT name the primary; PGPORT is this server's port.
set -euo pipefail

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --host "$PATTERNSHOP_PRIMARY_HOST" --port "$PATTERNSHOP_PRIMARY_PORT" --quiet; do
        sleep 1
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    # The replica's name shows in pg_stat_replication on the primary; the slot was made by primary-init.sh.
    gosu postgres pg_basebackup \
        --pgdata "$PGDATA" \
        --dbname "host=$PATTERNSHOP_PRIMARY_HOST port=$PATTERNSHOP_PRIMARY_PORT user=replicator password=$PATTERNSHOP_REPLICATION_PASSWORD application_name=${PATTERNSHOP_REPLICA_NAME:-$HOSTNAME}" \
        --wal-method stream \
        --slot replica \
        --write-recovery-conf \
        --checkpoint fast
fi

exec docker-entrypoint.sh postgres
