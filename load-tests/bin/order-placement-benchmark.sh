#!/usr/bin/env bash
# Sharding, measured: POST /orders (to 202) with every shard on ONE cluster vs spread over TWO, in one run,
# and the outbox's publish lag (commit -> acknowledged by Kafka and marked) under that load.
# Needs a running system (./patternshop up), wrk and psql (installed from Debian's packages when run as root).
# Starts two more order-service instances that differ only in the shard directory: 8094 maps all 64 logical
# shards to orders-a, 8095 keeps the configured split (0-31 orders-a, 32-63 orders-b). Both price against the
# running catalog instances and publish through the usual relays. Requests come from many customers (tokens
# signed with the local gateway's key, load-tests/src/test/java/dev/patternshop/loadtests/CustomerTokens.java), each a new order with 1-3 items.
# Traffic goes to 127.0.0.1 only and stops by itself.
# THINK_MS pauses each connection before every request (load-tests/wrk/place-order.lua): a steady rate below saturation.
#   CONNECTIONS=8 DURATION=30s WARMUP=20s CUSTOMERS=500 THINK_MS=0 load-tests/bin/order-placement-benchmark.sh [--spring.property=value ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
CUSTOMERS=${CUSTOMERS:-500}
SCRIPT=load-tests/wrk/place-order.lua
ONE_PORT=8094
TWO_PORT=8095

need wrk wrk
need psql postgresql-client
require_running
mint_customer_tokens "$CUSTOMERS" "$LOGS/benchmark-order-tokens.txt"
export TOKENS_FILE="$LOGS/benchmark-order-tokens.txt"

start_instance order-service $ONE_PORT '--orders.sharding.directory.[32-63]=orders-a' "$@"
await_instance $ONE_PORT
start_instance order-service $TWO_PORT "$@"
await_instance $TWO_PORT

run() { wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -s "$SCRIPT" "http://127.0.0.1:$1"; }
echo "warming up both instances ($WARMUP each) ..."
THINK_MS=0 run $ONE_PORT "$WARMUP" >/dev/null   # warm at full speed
THINK_MS=0 run $TWO_PORT "$WARMUP" >/dev/null
sleep 2   # wrk leaves requests in flight when it stops: let them finish outside the measured windows
echo "measuring: wrk -t1 -c$CONNECTIONS -d$DURATION --latency -s $SCRIPT ($CUSTOMERS customers; think ${THINK_MS:-0} ms; instance args: $*)"
ONE_FROM=$(date +%s.%N); ONE=$(run $ONE_PORT "$DURATION"); ONE_TO=$(date +%s.%N)
sleep 2   # the same between the two measured runs
TWO_FROM=$(date +%s.%N); TWO=$(run $TWO_PORT "$DURATION"); TWO_TO=$(date +%s.%N)
sleep 5   # let the relays publish what was committed last

echo
echo "$WRK_HEADER"
echo "$ONE" | wrk_row "one cluster"
echo "$TWO" | wrk_row "two clusters"
echo
echo "$OUTBOX_LAG_HEADER"
outbox_lag_rows "one cluster" "$ONE_FROM" "$ONE_TO"
outbox_lag_rows "two clusters" "$TWO_FROM" "$TWO_TO"
echo "$ONE" > "$LOGS/benchmark-orders-one-cluster.wrk"
echo "$TWO" > "$LOGS/benchmark-orders-two-clusters.wrk"
echo
echo "full wrk output: $LOGS/benchmark-orders-{one,two}-cluster*.wrk"
