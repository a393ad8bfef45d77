#!/usr/bin/env bash
# The outbox's publish lag (commit -> acknowledged by Kafka and marked) at a steady rate of orders, below what the
# box can take, through the running system's own order-service-1: no instance started for the run, so no JVM still
# compiling beside the measurement. POST /orders straight to it, first as fast as one connection goes for WARMUP,
# then CONNECTIONS customers who each pause THINK_MS before every order (about CONNECTIONS / (THINK_MS + latency)
# orders a second) for DURATION. Each order's saga runs behind it, as in production.
# Needs a running system (./patternshop up), wrk and psql. Traffic goes to 127.0.0.1 only and stops by itself.
#   CONNECTIONS=4 THINK_MS=350 WARMUP=120s DURATION=60s CUSTOMERS=500 load-tests/bin/outbox-lag-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
CONNECTIONS=${CONNECTIONS:-4}
THINK_MS=${THINK_MS:-350}
WARMUP=${WARMUP:-120s}
DURATION=${DURATION:-60s}
CUSTOMERS=${CUSTOMERS:-500}
SCRIPT=load-tests/wrk/place-order.lua

need wrk wrk
need psql postgresql-client
require_running
mint_customer_tokens "$CUSTOMERS" "$LOGS/benchmark-order-tokens.txt"
export TOKENS_FILE="$LOGS/benchmark-order-tokens.txt"

echo "warming up: $WARMUP of orders as fast as one connection goes ..."
THINK_MS=0 wrk -t1 -c1 -d"$WARMUP" -s "$SCRIPT" "$ORDER_SERVICE_URL" > /dev/null
sleep 2   # wrk leaves requests in flight when it stops: let them finish outside the measured window
echo "measuring: THINK_MS=$THINK_MS wrk -t1 -c$CONNECTIONS -d$DURATION --latency -s $SCRIPT $ORDER_SERVICE_URL ($CUSTOMERS customers)"
FROM=$(date +%s.%N)
PACED=$(THINK_MS=$THINK_MS wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SCRIPT" "$ORDER_SERVICE_URL")
TO=$(date +%s.%N)
sleep 5   # let the relays publish what was committed last

echo
echo "$WRK_HEADER"
echo "$PACED" | wrk_row "paced"
echo
echo "$OUTBOX_LAG_HEADER"
outbox_lag_rows "paced" "$FROM" "$TO"
echo "$PACED" > "$LOGS/benchmark-outbox-lag.wrk"
echo
echo "full wrk output: $LOGS/benchmark-outbox-lag.wrk"
