#!/usr/bin/env bash
# Cache-aside, measured: GET /products/{id} with the cache on vs off, side by side in one run.
# Needs a running system (./patternshop up) and wrk (installed from Debian's packages when run as root).
# Starts two more catalog-service instances that differ only in catalog.cache.enabled (8090 on, 8091
# off; same primary, replica and Redis as the others), warms both, then loads each with the same wrk
# settings. Traffic goes to 127.0.0.1 only and stops by itself.
#   CONNECTIONS=16 DURATION=30s WARMUP=20s load-tests/bin/catalog-cache-benchmark.sh [--spring.property=value ...]
# Extra arguments go to both instances (e.g. --management.tracing.sampling.probability=0).
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
SCRIPT=load-tests/wrk/random-product.lua
ON_PORT=8090
OFF_PORT=8091

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else
    echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1; fi
fi
export JAVA_HOME; JAVA_HOME=$(./patternshop java-home)
mkdir -p .patternshop/logs
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start_instance() { # port, cache enabled, extra args...
  local port=$1 cache=$2; shift 2
  ./patternshop instance catalog-service "$port" --catalog.cache.enabled="$cache" "$@" \
    > ".patternshop/logs/benchmark-$port.out" 2>&1 &
  PIDS+=($!)
}
await_instance() {
  until grep -q "is up" ".patternshop/logs/benchmark-$1.out"; do
    grep -q "did not start\|usage" ".patternshop/logs/benchmark-$1.out" && { cat ".patternshop/logs/benchmark-$1.out"; exit 1; }
    sleep 1
  done
}
start_instance $ON_PORT true "$@"
start_instance $OFF_PORT false "$@"
await_instance $ON_PORT
await_instance $OFF_PORT

run() { wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -s "$SCRIPT" "http://127.0.0.1:$1"; }
summary() {
  awk -v label="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {errors=$NF}
    END {printf "| %-5s | %10s | %8s | %8s | %8s | %7s |\n", label, rps, p50, p90, p99, (errors ? errors : 0)}'
}

echo "warming up both instances ($WARMUP each) ..."
run $ON_PORT "$WARMUP" >/dev/null
run $OFF_PORT "$WARMUP" >/dev/null
echo "measuring: wrk -t1 -c$CONNECTIONS -d$DURATION --latency -s $SCRIPT   (instance args: --catalog.cache.enabled=true|false $*)"
ON=$(run $ON_PORT "$DURATION")
OFF=$(run $OFF_PORT "$DURATION")
echo
echo "| cache |      req/s |      p50 |      p90 |      p99 | non-2xx |"
echo "|-------|-----------:|---------:|---------:|---------:|--------:|"
echo "$ON" | summary "on"
echo "$OFF" | summary "off"
ratio=$(printf '%s\n%s\n' "$ON" "$OFF" | awk '/Requests\/sec/ {r[++n]=$2} END {printf "%.2f", r[1]/r[2]}')
echo
echo "throughput ratio on/off: ${ratio}x"
echo "$ON" > .patternshop/logs/benchmark-cache-on.wrk
echo "$OFF" > .patternshop/logs/benchmark-cache-off.wrk
echo "full wrk output: .patternshop/logs/benchmark-cache-{on,off}.wrk"
