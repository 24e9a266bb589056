#!/usr/bin/env bash
# The whole test suite. Starts a throwaway PostgreSQL on a free port unless BROADCASTER_TEST_PG is set,
# and stops it afterwards. Installs Debian's chromium (browser tests) when it is missing. Ends with a line
# "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")"
. scripts/pg.sh
. scripts/chromium.sh
ensure_chromium || echo "the console's browser tests will fail without it" >&2

if [ -z "${BROADCASTER_TEST_PG:-}" ]; then
  ensure_pg || exit 1
  PG_DIR=$(mktemp -d /tmp/broadcaster-test-pg.XXXXXX)
  PG_PORT=$(free_port $((55432 + RANDOM % 400))) || { echo "error: no free port for the test PostgreSQL" >&2; exit 1; }
  trap 'stop_cluster "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
  start_cluster "$PG_DIR" "$PG_PORT" throwaway || { cat "$PG_DIR/server.log" >&2; exit 1; }
  export BROADCASTER_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Maximum Pool Size=20"
  echo "test PostgreSQL on 127.0.0.1:$PG_PORT"
fi

log=$(mktemp)
dotnet test Broadcaster.sln --blame-hang-timeout 5m --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=0; failed=0
# dotnet test prints, per test assembly, "     Passed: N" and "     Failed: M" under "Total tests:".
while read -r n; do passed=$((passed + n)); done < <(sed -nE 's/^ +Passed: +([0-9]+) *$/\1/p' "$log")
while read -r n; do failed=$((failed + n)); done < <(sed -nE 's/^ +Failed: +([0-9]+) *$/\1/p' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "the test run failed before reporting its tests (see above)"; fi
echo "$passed passed, $failed failed"
exit "$status"
