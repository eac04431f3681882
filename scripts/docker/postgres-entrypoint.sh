#!/bin/bash
# A stand-in for the official postgres image's entrypoint: on an empty PGDATA it creates the
# cluster with POSTGRES_USER / POSTGRES_PASSWORD (password authentication over the network) and
# POSTGRES_DB, then runs the server in the foreground as the postgres user.
set -euo pipefail
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}" "${PGDATA:=/var/lib/postgresql/data}"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then echo 'POSTGRES_PASSWORD must be set' >&2; exit 1; fi
  printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    postgres -D "$PGDATA" -c listen_addresses='' >/tmp/init.log 2>&1 &
    pid=$!
    for _ in $(seq 1 50); do pg_isready -q -h /var/run/postgresql && break; sleep 0.2; done
    createdb -h /var/run/postgresql -U "$POSTGRES_USER" "$POSTGRES_DB"
    kill -INT "$pid"; wait "$pid" || true
  fi
fi
if [ "${1:-}" = postgres ]; then shift; exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"; fi
exec "$@"
