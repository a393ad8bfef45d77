#!/usr/bin/env bash
# The transactional outbox under a broker outage, measured through the gateway: POST /orders before, during and
# after Kafka is down (killed with SIGKILL, then brought back with ./patternshop restart kafka). Placing an order
# writes only to its shard's database (the order and its OrderPlaced event in one transaction), so checkout keeps
# answering 202 while the broker is gone; the events wait in the outbox and the relay publishes them once it is back.
# Prints req/s, latency and errors per phase, the backlog the outage left, how long the relay took to drain it,
# and, for every order placed during the run, whether its event was published.
# Needs a running system (./patternshop up), wrk and psql (installed from Debian's packages when run as root).
# Requests come from many customers (tokens signed with the local gateway's key), each a new order of 1-3 items.
# Traffic goes to 127.0.0.1 only and stops by itself.
#   CONNECTIONS=4 PHASE=20s WARMUP=10s CUSTOMERS=500 load-tests/bin/broker-outage-scenario.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
CONNECTIONS=${CONNECTIONS:-4}
PHASE=${PHASE:-20s}
WARMUP=${WARMUP:-10s}
CUSTOMERS=${CUSTOMERS:-500}
SCRIPT=load-tests/wrk/place-order.lua

need wrk wrk
need psql postgresql-client
require_running
mint_customer_tokens "$CUSTOMERS" "$LOGS/outage-tokens.txt"
export TOKENS_FILE="$LOGS/outage-tokens.txt" ORDERS_PATH=/api/orders/orders

run() { wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -s "$SCRIPT" "$GATEWAY_URL"; }
# Outbox rows not yet published, over every shard cluster; with a created-before epoch, only those older.
unpublished() { # [created before, epoch]
  local total=0 count
  for cluster in $ORDER_CLUSTERS; do
    count=$(psql -qAt "$PG:${cluster#*:}/orders" -c "select count(*) from outbox where published_at is null
      ${1:+and created_at < to_timestamp($1)}")
    total=$((total + count))
  done
  echo "$total"
}
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
kafka_pid() { grep -w kafka "$PROCESS_TABLE" | cut -f2; }

echo "warming up the order path ($WARMUP) ..."
run "$WARMUP" >/dev/null
sleep 2   # wrk leaves requests in flight when it stops
[ "$(unpublished)" = 0 ] || echo "note: $(unpublished) events were already waiting in the outbox before the run"
FROM=$(now)

echo "phase 1: broker up ($PHASE)"
BEFORE=$(run "$PHASE")

PID=$(kafka_pid)
[[ $PID =~ ^[1-9][0-9]*$ ]] || { echo "kafka is not running (pid '$PID' in $PROCESS_TABLE)" >&2; exit 1; }
# Interrupted from here on: bring the broker back on the way out.
trap 'for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
      [ -n "${BROKER_BACK:-}" ] || ./patternshop restart kafka' EXIT
echo "phase 2: kill -9 kafka (pid $PID), same load ($PHASE)"
kill -9 "$PID"
DURING=$(run "$PHASE")
sleep 2
BACKLOG=$(unpublished)

echo "phase 3: ./patternshop restart kafka, same load ($PHASE) while the relay drains the backlog"
RESTART_FROM=$(now)
./patternshop restart kafka > "$LOGS/outage-restart.out" || { cat "$LOGS/outage-restart.out" >&2; exit 1; }
BROKER_BACK=$(now)
run "$PHASE" > "$LOGS/outage-after.wrk" &
WRK=$!
# The backlog is drained when nothing committed before the broker came back is still unpublished.
until [ "$(unpublished "$BROKER_BACK")" = 0 ]; do
  sleep 0.25
  if awk -v s="$(seconds "$BROKER_BACK" "$(now)")" 'BEGIN {exit !(s > 120)}'; then
    echo "the backlog did not drain within 120 s" >&2; break
  fi
done
DRAINED=$(now)
wait $WRK
AFTER=$(cat "$LOGS/outage-after.wrk")
TO=$(now)
sleep 5   # the relay publishes what was committed last

echo
echo "wrk -t1 -c$CONNECTIONS -d$PHASE --latency -s $SCRIPT $GATEWAY_URL (ORDERS_PATH=$ORDERS_PATH, $CUSTOMERS customers)"
echo "$WRK_HEADER"
echo "$BEFORE" | wrk_row "broker up"
echo "$DURING" | wrk_row "broker killed"
echo "$AFTER" | wrk_row "broker back"
echo
echo "outbox backlog when the outage ended: $BACKLOG events"
echo "./patternshop restart kafka returned after $(seconds "$RESTART_FROM" "$BROKER_BACK") s (broker up and answering);" \
     "the backlog was published $(seconds "$RESTART_FROM" "$DRAINED") s after the restart began"
echo
echo "| cluster | orders placed in the run | events published | still waiting |"
echo "|---------|-------------------------:|-----------------:|--------------:|"
for cluster in $ORDER_CLUSTERS; do
  psql -qAtF ' | ' "$PG:${cluster#*:}/orders" -c "
    select '${cluster%%:*}', count(*), count(*) filter (where published_at is not null),
           count(*) filter (where published_at is null)
    from outbox where event_type = 'OrderPlaced.v1'
      and created_at >= to_timestamp($FROM) and created_at < to_timestamp($TO)" | sed 's/^/| /; s/$/ |/'
done
echo "$BEFORE" > "$LOGS/outage-before.wrk"
echo "$DURING" > "$LOGS/outage-during.wrk"
echo "full wrk output: $LOGS/outage-{before,during,after}.wrk"
