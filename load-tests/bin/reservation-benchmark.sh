#!/usr/bin/env bash
# Inventory's command side under load, both instances consuming: ReserveStock commands (one unit each, every one
# a new order) sent straight to inventory.commands.v1 by a harness that plays the order saga
# (load-tests/src/test/java/dev/patternshop/loadtests/ReservationLoad.java), replies read from inventory.events.v1.
#   hot    every command reserves the same product: every transaction updates one row (lock contention)
#   spread every command picks one of the catalog's 10,000 products at random
# Each at RATE commands/s for SECONDS, then at MAX_RATE (more than two cores handle: the capacity shows in
# replies/s and in a growing lag). Prints replies/s, how many were reserved or rejected, commands answered twice
# (must be 0), the consumer lag (command on the broker -> handled by inventory) and the round trip (command on the
# broker -> its reply on the broker, inventory's outbox relay included), p50/p99.
# Before the hot runs the hot product gets a large stock (admin API through the gateway), so they measure
# contention rather than rejections; every run releases what it reserved (and waits until the releases are answered)
# and the stock is put back at the end.
# Needs a running system (./patternshop up). Traffic goes to 127.0.0.1 only and stops by itself.
#   RATE=200 MAX_RATE=1500 DURATION=20 HOT_PRODUCT=1 load-tests/bin/reservation-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
RATE=${RATE:-200}
MAX_RATE=${MAX_RATE:-1500}
SECONDS_EACH=${DURATION:-20}; SECONDS_EACH=${SECONDS_EACH%s}
HOT_PRODUCT=${HOT_PRODUCT:-1}
PRODUCTS=${PRODUCTS:-10000}

need jq jq
require_running
ADMIN=$(curl -sf "$GATEWAY_URL/auth/token" -d username=admin -d password=admin-pass | jq -r .access_token)
stock() { curl -sf "$GATEWAY_URL/api/inventory/products/$HOT_PRODUCT"; }
set_available() { # units
  local version; version=$(stock | jq -r .version)
  curl -sf -X PUT "$GATEWAY_URL/api/inventory/admin/products/$HOT_PRODUCT/stock" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "{\"available\":$1,\"version\":$version}" >/dev/null
}
ORIGINAL=$(stock | jq -r .available)
trap 'for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; set_available "$ORIGINAL" || true' EXIT
set_available 1000000
harness_classpath >/dev/null   # resolve it before the clock starts

echo "warming up (5 s spread at $RATE/s) ..."
run_harness ReservationLoad "$KAFKA" spread "$RATE" 5 "$HOT_PRODUCT" "$PRODUCTS" >/dev/null
echo
echo "$(nproc) cores, inventory x2; $SECONDS_EACH s per run; hot product $HOT_PRODUCT"
echo "$RESERVATION_HEADER"
for rate in "$RATE" "$MAX_RATE"; do
  for load in hot spread; do
    printf '%s' "$(run_harness ReservationLoad "$KAFKA" "$load" "$rate" "$SECONDS_EACH" "$HOT_PRODUCT" "$PRODUCTS")"
    echo " at $rate/s"
  done
done
echo
echo "hot product $HOT_PRODUCT after the runs: $(stock)"
