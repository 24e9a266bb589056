# Shared by run.sh and test.sh: find (or install) PostgreSQL's server binaries and run a private cluster.
# As root, the cluster runs as the `postgres` user (initdb refuses root).

pg_bin_dir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

ensure_pg() {
  PG_BIN=$(pg_bin_dir) && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries not found: installing Debian's postgresql package..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || true
    PG_BIN=$(pg_bin_dir) && return 0
  fi
  echo "error: PostgreSQL 15+ server binaries (initdb, pg_ctl) are not installed." >&2
  echo "       Install them with: sudo apt-get install postgresql   (or set ConnectionStrings__Postgres)" >&2
  return 1
}

# as_pg_owner CMD...: run CMD as the cluster's owner (postgres when we are root).
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

free_port() {
  local port
  for port in $(seq "${1:-55432}" "${2:-55999}"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}

# start_cluster DIR PORT: initialise DIR once (trust auth on loopback only), then start it on PORT.
start_cluster() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_pg_owner "$PG_BIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
}

stop_cluster() {
  as_pg_owner "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}
