#!/usr/bin/env bash
# One client must never raise another client's error rate. A good client (many customers: product reads, searches,
# the storefront, now and then an order) runs through the gateway alone, then beside a hostile client that sends
# only bad input: NUL and broken UTF-8 in queries, absurd ids and consistency tokens, other spellings of internal
# endpoints, malformed, overflowing and deeply nested order bodies. Before issue 11, fifteen such requests opened the
# catalog route's breaker and every customer got 503s. Prints the good client's req/s, latency and errors in both
# phases, and how many 5xx the hostile client earned (each one a defect; the aim is 0 for both).
# Needs a running system (./patternshop up) and wrk (installed from Debian's packages when run as root).
# Traffic goes to 127.0.0.1 only and stops by itself.
#   GOOD_CONNECTIONS=4 HOSTILE_CONNECTIONS=4 PHASE=20s WARMUP=10s load-tests/bin/hostile-client-scenario.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
GOOD_CONNECTIONS=${GOOD_CONNECTIONS:-4}
HOSTILE_CONNECTIONS=${HOSTILE_CONNECTIONS:-4}
PHASE=${PHASE:-20s}
WARMUP=${WARMUP:-10s}
CUSTOMERS=${CUSTOMERS:-500}

need wrk wrk
require_running
mint_customer_tokens "$CUSTOMERS" "$LOGS/hostile-good-tokens.txt"
mint_customer_tokens 1 "$LOGS/hostile-bad-token.txt"
export TOKENS_FILE="$LOGS/hostile-good-tokens.txt"

good() { wrk -t1 -c"$GOOD_CONNECTIONS" -d"$1" --latency -s load-tests/wrk/good-customer.lua "$GATEWAY_URL"; }
hostile() { TOKEN=$(head -1 "$LOGS/hostile-bad-token.txt") wrk -t1 -c"$HOSTILE_CONNECTIONS" -d"$1" \
  -s load-tests/wrk/hostile-client.lua "$GATEWAY_URL"; }

echo "warming up ($WARMUP) ..."
good "$WARMUP" >/dev/null
sleep 2   # wrk leaves requests in flight when it stops

echo "phase 1: the good client alone ($PHASE)"
ALONE=$(good "$PHASE")
sleep 2
echo "phase 2: the good client beside the hostile one ($PHASE)"
hostile "$PHASE" > "$LOGS/hostile-client.wrk" &
HOSTILE=$!
BESIDE=$(good "$PHASE")
wait $HOSTILE

echo
echo "good: wrk -t1 -c$GOOD_CONNECTIONS -d$PHASE --latency -s load-tests/wrk/good-customer.lua ($CUSTOMERS customers)"
echo "hostile: wrk -t1 -c$HOSTILE_CONNECTIONS -d$PHASE -s load-tests/wrk/hostile-client.lua (one customer's token)"
echo "$WRK_HEADER"
echo "$ALONE" | wrk_row "good alone"
echo "$BESIDE" | wrk_row "good + hostile"
echo
grep "hostile requests" "$LOGS/hostile-client.wrk" || cat "$LOGS/hostile-client.wrk"
echo "$ALONE" > "$LOGS/hostile-good-alone.wrk"
echo "$BESIDE" > "$LOGS/hostile-good-beside.wrk"
echo "full wrk output: $LOGS/hostile-{good-alone,good-beside,client}.wrk"
