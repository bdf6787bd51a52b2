#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster, then remove the cluster even
# when the command fails. PostgreSQL refuses to run as root, hence runuser.
#   scripts/with-pg.sh .venv/bin/pytest      # DATABASE_URL is exported for the command
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "with-pg: PostgreSQL binaries not found in $PGBIN (apt-get install postgresql-15)" >&2
  exit 2
fi
PGTMP=$(mktemp -d /tmp/motcua-pg.XXXXXX)
chmod 755 "$PGTMP"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGTMP"; as_pg() { (cd "$PGTMP" && runuser -u postgres -- "$@"); }
else as_pg() { (cd "$PGTMP" && "$@"); }; fi
PGPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/pg.log" -w -t 60 \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
# pytest-django copies template1 for each test database, so extensions go there.
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAtX -v ON_ERROR_STOP=1 -d template1 \
  -c "CREATE EXTENSION IF NOT EXISTS unaccent" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qAtX -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE motcua"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/motcua"
echo "with-pg: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2
set +e
"$@"
status=$?
exit $status
