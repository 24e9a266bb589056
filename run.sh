#!/usr/bin/env bash
# Runs Broadcaster on http://localhost:8080 in Development.
# Without ConnectionStrings__Postgres, a private PostgreSQL cluster in ./data/pg is started for it (as root,
# when the postgres user cannot enter this checkout, in /var/lib/broadcaster-run/ with ./data/pg linking to it).
# The first run creates a demo network (Los Angeles and Orange) with two coordinators, and an overlapping Long Beach
# network with its own number, and prints the coordinators' API keys.
# Settings: ./appsettings.json (copy appsettings.example.json) or environment variables (Twilio__AuthToken, ...).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/pg.sh
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Broadcaster__DataDir=${Broadcaster__DataDir:-$PWD/data}
mkdir -p data

if [ -z "${ConnectionStrings__Postgres:-}" ]; then
  ensure_pg
  PG_DIR=$(run_cluster_dir "$PWD") PG_PORT=${BROADCASTER_PG_PORT:-54329}
  if ! as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    start_cluster "$PG_DIR" "$PG_PORT" durable || { cat "$PG_DIR/server.log" >&2; exit 1; }
    STARTED_PG=$PG_DIR
    trap 'stop_cluster "$STARTED_PG"' EXIT   # until the service's trap below takes over (a failed build, Ctrl-C)
  fi
  as_pg_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres broadcaster 2>/dev/null || true
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=broadcaster"
  where="PostgreSQL: local cluster in $PG_DIR"
  [ ! -L data/pg ] || where="$where (data/pg links to it: the postgres user cannot enter this checkout)"
  echo "$where on 127.0.0.1:$PG_PORT"
fi

# The build shows its progress (about a minute the first time): a silent minute looks like a hang.
echo "Building Broadcaster into data/bin..."
dotnet build src/Broadcaster -c Release -nologo -o data/bin -v minimal -clp:NoSummary -tl:auto
broadcaster() { dotnet data/bin/Broadcaster.dll "$@"; }

if [ ! -s data/demo-keys.txt ]; then
  broadcaster migrate
  broadcaster network add --slug demo-rrn --name "Demo Rapid Response Network" \
    --counties los-angeles,orange --hotline +12135550100
  # An overlapping city network with its own (fictional) number: a Long Beach ZIP at the default number gets a menu.
  broadcaster network add --slug demo-long-beach --name "Demo Long Beach Network" --hotline +15625550190 \
    --sms-from +15625550100
  broadcaster network add-area --network demo-long-beach --slug long-beach --name "Long Beach" \
    --zips 90802,90803,90804,90805,90806,90807,90808,90810,90813,90814,90815
  ana=$(broadcaster coordinator add --network demo-rrn --name Ana --phone +12135550111 | tail -n 1)
  luis=$(broadcaster coordinator add --network demo-rrn --name Luis --phone +12135550122 | tail -n 1)
  printf 'Ana  (+12135550111)  %s\nLuis (+12135550122)  %s\n' "$ana" "$luis" > data/demo-keys.txt
fi
banner() {
echo "Demo coordinators of network demo-rrn (API keys):"
cat data/demo-keys.txt
cat <<'EOF_DEMO'
Console:   http://localhost:8080/console            (sign in with Ana's API key; Luis's in a private window)
Simulator: http://localhost:8080/console/simulator  (a fictional phone: no account needed)
Demo: in the simulator text JOIN 90802 (Long Beach: two demo networks serve it, so the answer is a
numbered menu), answer 1, 2 or ALL, then YES; as Ana draft an alert for Los Angeles (New alert, or
  curl -H "Authorization: Bearer <Ana's key>" -d '{"counties":["los-angeles"],"texts":{"en":"Test"}}' http://localhost:8080/api/alerts)
then verify it as Luis (To verify, or POST /api/alerts/<id>/verify with Luis's key): it appears in
the simulator's thread within seconds. Add "drill":true to send a drill (coordinators and simulated numbers only).
EOF_DEMO
echo "Serving on http://localhost:8080 (Ctrl-C stops)"
}

echo "Starting the service..."
# This script prints the URLs itself, once they answer: the host's own "Now listening" lines would only split them.
env 'Logging__LogLevel__Microsoft.Hosting.Lifetime=Warning' dotnet data/bin/Broadcaster.dll serve --urls http://localhost:8080 &
server=$!
# Stop the service, then the cluster we started, however this script ends (Ctrl-C, kill, or the service exiting).
trap 'trap "" INT TERM; kill -TERM $server 2>/dev/null; wait $server || true; if [ -n "${STARTED_PG:-}" ]; then stop_cluster "$STARTED_PG"; fi' EXIT
trap 'exit 130' INT TERM
# The keys and URLs come last, once the port answers, so that no start-up line pushes them off the screen.
shown=
for _ in $(seq 1 120); do
  kill -0 "$server" 2>/dev/null || break
  if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then echo; banner; shown=1; break; fi
  sleep 0.5
done
if [ -z "$shown" ] && kill -0 "$server" 2>/dev/null; then echo "Port 8080 does not answer after 60 s; still waiting for the service." >&2; banner; fi
wait $server
