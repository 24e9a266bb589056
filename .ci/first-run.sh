#!/usr/bin/env bash
# CI: the README's first command as a newcomer meets it: ./run.sh in a fresh clone inside a 0700 directory
# (root's home on a new server). Passes when it serves /healthz, its cluster keeps fsync, full_page_writes
# and synchronous_commit on, and stopping run.sh stops that cluster. Cleans up however it ends.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
ensure_pg || exit 1
repo=$PWD url=http://localhost:8080

tmp=$(mktemp -d /tmp/broadcaster-first-run.XXXXXX) && chmod 700 "$tmp" || exit 1
clone=$tmp/broadcaster log=$tmp/run.log runner=
cleanup() {
  if [ -n "$runner" ] && kill -0 "$runner" 2>/dev/null; then
    kill -TERM "$runner"
    for _ in $(seq 60); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$runner" 2>/dev/null
  fi
  local pg
  pg=$(readlink -f "$clone/data/pg" 2>/dev/null) && [ -d "$pg" ] && stop_cluster "$pg"
  [ -L "$clone/data/pg" ] && rm -rf "$pg" && rmdir /var/lib/broadcaster-run 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() {
  echo "first run: FAILED: $*"
  [ -f "$log" ] && tail -n 40 "$log" | sed 's/^/  run.sh| /'
  exit 1
}

(exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && fail "port 8080 is already in use"
# Below Linux's ephemeral range (32768-60999): right after the suite, thousands of its closed connections
# hold ports there in TIME_WAIT, and one of them once made this cluster's bind fail.
port=$(free_port 24330 24999) || fail "no free port for run.sh's PostgreSQL"
git clone -q "$repo" "$clone" || fail "git clone"
echo "first run: ./run.sh in $clone ($(id -un), directory mode 700), PostgreSQL port $port"
# Its own session, so that nothing it started outlives this check.
env -u ConnectionStrings__Postgres -u Broadcaster__DataDir -u ASPNETCORE_ENVIRONMENT \
  BROADCASTER_PG_PORT="$port" setsid "$clone/run.sh" >"$log" 2>&1 </dev/null &
runner=$!

# A fresh Release build on a busy machine can take minutes.
for _ in $(seq 900); do
  curl -fsS --max-time 5 "$url/healthz" >/dev/null 2>&1 && break
  kill -0 "$runner" 2>/dev/null || fail "run.sh ended before serving $url/healthz"
  sleep 1
done
curl -fsS --max-time 5 "$url/healthz" >/dev/null || fail "$url/healthz did not answer 200 within 15 minutes"

pg=$(sed -nE 's/^PostgreSQL: local cluster in ([^ ]+) .*/\1/p' "$log")
[ -n "$pg" ] && [ -f "$pg/PG_VERSION" ] || fail "run.sh did not say where its cluster lives (or it is not there)"
for setting in fsync full_page_writes synchronous_commit; do
  value=$("$PG_BIN/psql" -XAt -h 127.0.0.1 -p "$port" -U postgres -d broadcaster -c "SHOW $setting")
  [ "$value" = on ] || fail "SHOW $setting on run.sh's cluster says '$value', not 'on'"
done

kill -TERM "$runner"
for _ in $(seq 60); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
kill -0 "$runner" 2>/dev/null && fail "run.sh still running 60 s after SIGTERM"
as_pg_owner "$PG_BIN/pg_ctl" -D "$pg" status >/dev/null 2>&1 && fail "stopping run.sh left its cluster running"
echo "first run: passed (served /healthz; cluster in $pg with fsync, full_page_writes, synchronous_commit on)"
