#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (Debian's packages) for the campaign store's tests and
# print the URL they use: `export FAIRNESS_TEST_POSTGRES_URL=$(.ci/postgres.sh)`.
# Installs postgresql with apt-get when it is missing. The cluster lives in a temporary folder
# (owned by the postgres user when run as root) and listens on 127.0.0.1:${PGPORT:-54329};
# `.ci/postgres.sh stop` stops it.
set -euo pipefail
PORT="${PGPORT:-54329}"
DATA="${FAIRNESS_PG_DATA:-/tmp/fairness-pg-$PORT}"

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  BIN="$(bindir)"
  [ -n "$BIN" ] && [ -d "$DATA" ] && as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

if [ -z "$(bindir)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
fi
BIN="$(bindir)"

if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" = "0" ] && chown postgres: "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U fairness --auth=trust -E UTF8 --locale=C.UTF-8 >&2
fi
if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U fairness -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'fairness_test'" | grep -q 1 ||
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U fairness fairness_test >&2
echo "postgresql://fairness:fairness@127.0.0.1:$PORT/fairness_test"
