#!/usr/bin/env bash
# Makes sure a PostgreSQL 15 server is installed, running and reachable on
# 127.0.0.1:5432 with user postgres / password postgres, then prints the
# environment the PostgreSQL tests read. Idempotent: safe to run again.
#
#   eval "$(bash .ci/postgres.sh)"   # then: cargo test
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/lib/postgresql/15 ]; then
    log "installing postgresql-15 from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql-15 >&2
fi

if ! pg_lsclusters -h 2>/dev/null | awk '$1 == "15" && $2 == "main"' | grep -q .; then
    log "creating cluster 15/main"
    pg_createcluster 15 main >&2
fi

if ! pg_lsclusters -h | awk '$1 == "15" && $2 == "main" {print $4}' | grep -q online; then
    log "starting cluster 15/main"
    pg_ctlcluster 15 main start >&2
fi

# Ready when it accepts connections on TCP, which is what the tests use.
for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p 5432; then
        break
    fi
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p 5432 >&2

su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >&2

echo "export MUSTER_TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres"
# The fault test may stop and start this cluster (it runs alone in its binary).
echo "export MUSTER_TEST_PG_RESTART=1"
echo "export MUSTER_TEST_PG_CLUSTER='15 main'"
