#!/usr/bin/env bash
# The checkout saga while things break, then its invariants. Checkouts flow through the gateway at RATE/s for
# DURATION s (CheckoutLoad, 1,000 customers) while, one after another:
#   the payment provider answers 503 to half of the payments (./patternshop fault payment-provider errors 50), then
#   normal again; inventory-service-1 is killed (SIGKILL) and restarted; order-service-2 likewise; the broker is
#   killed and restarted.
# Then saga-invariants.sh check (every order ended, events, stock conserved, one hold per payment, each command
# applied and answered once) over the orders of this run, with SETTLE s for the last ones to end.
# Needs a running system (./patternshop up). Traffic goes to 127.0.0.1 only and stops by itself.
#   RATE=5 DURATION=120 SETTLE=180 load-tests/bin/saga-fault-scenario.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
RATE=${RATE:-5}
DURATION=${DURATION:-120}; DURATION=${DURATION%s}
SETTLE=${SETTLE:-180}
STEP=$((DURATION / 6))

require_running
need jq jq
harness_classpath >/dev/null
mint_customer_tokens 1000 "$LOGS/saga-fault-tokens.txt"
load-tests/bin/saga-invariants.sh snapshot
at() { echo "$(date -u +%T) $*"; }
kill_process() { kill -9 "$(awk -v name="$1" '$1 == name {print $2}' "$PROCESS_TABLE")"; }

at "checkouts at $RATE/s for $DURATION s"
run_harness CheckoutLoad "$GATEWAY_URL" "$LOGS/saga-fault-tokens.txt" "$RATE" "$DURATION" 1000 9000 \
  "$LOGS/saga-fault-orders.csv" > "$LOGS/saga-fault-load.txt" &
LOAD=$!
EXTRA_PIDS+=("$LOAD")

sleep "$STEP"; at "payment provider: 503 for half of the payments"; ./patternshop fault payment-provider errors 50 | head -1
sleep "$STEP"; at "payment provider: normal";                        ./patternshop fault payment-provider normal | head -1
at "kill -9 inventory-service-1";  kill_process inventory-service-1
sleep "$STEP"; at "restart inventory-service-1"; ./patternshop restart inventory-service-1 >/dev/null
at "kill -9 order-service-2";      kill_process order-service-2
sleep "$STEP"; at "restart order-service-2";     ./patternshop restart order-service-2 >/dev/null
at "kill -9 kafka";                kill_process kafka
sleep "$STEP"; at "restart kafka";               ./patternshop restart kafka >/dev/null
wait "$LOAD" || true
at "load done: $(cat "$LOGS/saga-fault-load.txt")"
SETTLE=$SETTLE load-tests/bin/saga-invariants.sh check
