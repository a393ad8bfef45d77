#!/usr/bin/env bash
# Cache-aside, measured: GET /products/{id} with the cache on vs off, side by side in one run.
# Needs a running system (./patternshop up) and wrk (installed from Debian's packages when run as root).
# Starts two more catalog-service instances that differ only in catalog.cache.enabled (8096 on, 8097
# off; same primary, replica and Redis as the others), warms both, then loads each with the same wrk
# settings. Traffic goes to 127.0.0.1 only and stops by itself.
#   CONNECTIONS=16 DURATION=30s WARMUP=20s load-tests/bin/catalog-cache-benchmark.sh [--spring.property=value ...]
# Extra arguments go to both instances (e.g. --management.tracing.sampling.probability=0).
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
SCRIPT=load-tests/wrk/random-product.lua
ON_PORT=8096   # 8090 is the gateway's management port
OFF_PORT=8097

need wrk wrk
require_running
start_instance catalog-service $ON_PORT --catalog.cache.enabled=true "$@"
start_instance catalog-service $OFF_PORT --catalog.cache.enabled=false "$@"
await_instance $ON_PORT
await_instance $OFF_PORT

run() { wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -s "$SCRIPT" "http://127.0.0.1:$1"; }

echo "warming up both instances ($WARMUP each) ..."
run $ON_PORT "$WARMUP" >/dev/null
run $OFF_PORT "$WARMUP" >/dev/null
echo "measuring: wrk -t1 -c$CONNECTIONS -d$DURATION --latency -s $SCRIPT   (instance args: --catalog.cache.enabled=true|false $*)"
ON=$(run $ON_PORT "$DURATION")
OFF=$(run $OFF_PORT "$DURATION")
echo
echo "$WRK_HEADER"
echo "$ON" | wrk_row "cache on"
echo "$OFF" | wrk_row "cache off"
ratio=$(printf '%s\n%s\n' "$ON" "$OFF" | awk '/Requests\/sec/ {r[++n]=$2} END {printf "%.2f", r[1]/r[2]}')
echo
echo "throughput ratio on/off: ${ratio}x"
echo "$ON" > $LOGS/benchmark-cache-on.wrk
echo "$OFF" > $LOGS/benchmark-cache-off.wrk
echo "full wrk output: $LOGS/benchmark-cache-{on,off}.wrk"
