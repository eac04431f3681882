#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on loopback for tests and benchmarks
# (initdb refuses to run as root, so as root it runs as the postgres user).
# Usage: scripts/pg-cluster.sh start DIR PORT   → prints the DATABASE_URL
#        scripts/pg-cluster.sh stop DIR
set -euo pipefail
action=${1:?start|stop}
dir=${2:?data directory}
bin=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    port=${3:?port}
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$dir/data" -U gatehouse --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U gatehouse gatehouse 2>/dev/null || true
    echo "postgres://gatehouse@127.0.0.1:$port/gatehouse"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
