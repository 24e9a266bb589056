#!/usr/bin/env bash
# The fan-out benchmark (see README, "Performance"). Starts a throwaway PostgreSQL on a free port unless
# BROADCASTER_BENCH_PG is set, builds in Release, runs tests/Broadcaster.Bench. Pass --quick for a smoke run.
set -uo pipefail
cd "$(dirname "$0")"
. scripts/pg.sh

if [ -z "${BROADCASTER_BENCH_PG:-}" ]; then
  ensure_pg || exit 1
  PG_DIR=$(mktemp -d /tmp/broadcaster-bench-pg.XXXXXX)
  PG_PORT=$(free_port $((56432 + RANDOM % 400)) 56999) || { echo "error: no free port for the bench PostgreSQL" >&2; exit 1; }
  trap 'stop_cluster "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
  start_cluster "$PG_DIR" "$PG_PORT" throwaway || { cat "$PG_DIR/server.log" >&2; exit 1; }
  export BROADCASTER_BENCH_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "bench PostgreSQL on 127.0.0.1:$PG_PORT"
fi

dotnet build tests/Broadcaster.Bench -c Release -nologo -v quiet >/dev/null || dotnet build tests/Broadcaster.Bench -c Release -nologo || exit 1
export BROADCASTER_DLL="$PWD/src/Broadcaster/bin/Release/net10.0/Broadcaster.dll"
dotnet tests/Broadcaster.Bench/bin/Release/net10.0/Broadcaster.Bench.dll "$@"
