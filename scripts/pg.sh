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
    # from / : postgres cannot enter the caller's directory when it is inside a 0700 home
    (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
  else
    "$@"
  fi
}

free_port() {
  local port
  for port in $(seq "${1:-55432}" "${2:-55999}"); do
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  return 1
}

# In use: something listens there, or (where ss is installed) any socket holds it as its local port: an
# outgoing connection's ephemeral port, even one in TIME_WAIT, makes PostgreSQL's bind fail as well.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  command -v ss >/dev/null 2>&1 && [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]
}

# start_cluster DIR PORT MODE: initialise DIR once (trust auth on loopback only), then start it on PORT.
# MODE durable keeps PostgreSQL's crash-safe defaults (run.sh: what it stores must survive a power cut);
# MODE throwaway turns fsync, full_page_writes and synchronous_commit off (test.sh, bench.sh: speed only).
start_cluster() {
  local dir=$1 port=$2 mode=${3:-durable} opts
  case $mode in
    durable) opts="" ;;
    throwaway) opts="-c fsync=off -c full_page_writes=off -c synchronous_commit=off" ;;
    *) echo "start_cluster: mode must be durable or throwaway, not '$mode'" >&2; return 2 ;;
  esac
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_pg_owner "$PG_BIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg_owner "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 $opts" start >/dev/null
}

stop_cluster() {
  as_pg_owner "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}

# run_cluster_dir CHECKOUT: prints where run.sh keeps its cluster. That is CHECKOUT/data/pg, except as root
# when the postgres user cannot enter the checkout (a clone in a 0700 home such as /root): then it is
# /var/lib/broadcaster-run/NAME-HASH (named after the checkout's path, so two clones never share one),
# and CHECKOUT/data/pg is a symlink to it. Granting postgres a way into root's home instead would expose
# every world-readable file there (appsettings.json with its tokens) to it.
run_cluster_dir() {
  local checkout link outside old
  checkout=$(cd "$1" && pwd -P) link=$checkout/data/pg
  if [ -L "$link" ]; then readlink -f "$link"; return 0; fi
  if [ -f "$link/PG_VERSION" ]; then
    if [ "$(id -u)" != 0 ] || as_pg_owner test -r "$link/PG_VERSION"; then echo "$link"; return 0; fi
    outside=$(_run_cluster_outside "$checkout")
    echo "error: the cluster in $link (from an earlier run) is out of the postgres user's reach." >&2
    echo "       Stop it if it is running, then move it where postgres can reach it:" >&2
    echo "       mkdir -p ${outside%/*} && mv $link $outside && chown -R postgres: $outside && ln -s $outside $link" >&2
    return 1
  fi
  rmdir "$link" 2>/dev/null || true   # an empty directory left by a run that could not initialise it
  mkdir -p "$checkout/data"
  if [ "$(id -u)" != 0 ] || as_pg_owner test -x "$checkout/data"; then echo "$link"; return 0; fi
  outside=$(_run_cluster_outside "$checkout")
  if [ -e "$outside" ]; then
    # data/ was reset (its link is gone, and with it the key that encrypted what this cluster holds):
    # start afresh as before, but keep the old cluster rather than delete anyone's data.
    if as_pg_owner "$PG_BIN/pg_ctl" -D "$outside" status >/dev/null 2>&1; then
      echo "error: data/pg is gone but its cluster $outside is still running: stop it first with" >&2
      echo "       su postgres -s /bin/sh -c '$PG_BIN/pg_ctl -D $outside stop'" >&2
      return 1
    fi
    old=$outside.old-$(date -u +%Y%m%dT%H%M%SZ)
    mv "$outside" "$old"
    echo "note: data/pg was gone, so this checkout's earlier cluster is kept in $old: delete it when done." >&2
  fi
  mkdir -p "${outside%/*}"
  ln -s "$outside" "$link"
  echo "$outside"
}

_run_cluster_outside() {
  local name
  name=$(basename "$1" | tr -c 'A-Za-z0-9._\n-' '_')
  echo "/var/lib/broadcaster-run/$name-$(printf %s "$1" | sha256sum | cut -c1-8)"
}
