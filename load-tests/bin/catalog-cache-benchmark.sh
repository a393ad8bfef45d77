#!/usr/bin/env bash
# Cache-aside, measured: GET /products/{id} with the cache on vs off, side by side in one run.
# Needs a running system (./patternshop up) and wrk (installed from Debian's packages when run as root).
# Starts one more catalog-service with its cache off on port 8090 (same primary and replica as the
# others), warms both, then loads catalog-service-1 (8081, cache on) and it with the same wrk settings.
# Traffic goes to 127.0.0.1 only and stops by itself.
#   CONNECTIONS=16 DURATION=30s WARMUP=20s load-tests/bin/catalog-cache-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
SCRIPT=load-tests/wrk/random-product.lua

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; else
    echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1; fi
fi
export JAVA_HOME; JAVA_HOME=$(./patternshop java-home)
OUT=.patternshop/logs/benchmark-cache-off.out
mkdir -p .patternshop/logs
./patternshop instance catalog-service 8090 --catalog.cache.enabled=false > "$OUT" 2>&1 &
INSTANCE=$!
trap 'kill "$INSTANCE" 2>/dev/null || true; wait "$INSTANCE" 2>/dev/null || true' EXIT
until grep -q "is up" "$OUT"; do
  kill -0 "$INSTANCE" 2>/dev/null || { echo "the cache-off instance did not start:"; cat "$OUT"; exit 1; }
  sleep 1
done

run() { wrk -t1 -c"$CONNECTIONS" -d"$2" --latency -s "$SCRIPT" "$1"; }
summary() {
  awk -v label="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {errors=$NF}
    END {printf "| %-9s | %10s | %8s | %8s | %8s | %s |\n", label, rps, p50, p90, p99, (errors ? errors : 0)}'
}

echo "warming up both instances ($WARMUP each) ..."
run http://127.0.0.1:8081 "$WARMUP" >/dev/null
run http://127.0.0.1:8090 "$WARMUP" >/dev/null
echo "measuring: wrk -t1 -c$CONNECTIONS -d$DURATION --latency -s $SCRIPT"
ON=$(run http://127.0.0.1:8081 "$DURATION")
OFF=$(run http://127.0.0.1:8090 "$DURATION")
echo
echo "| cache     |      req/s |      p50 |      p90 |      p99 | non-2xx |"
echo "|-----------|-----------:|---------:|---------:|---------:|--------:|"
echo "$ON" | summary "on"
echo "$OFF" | summary "off"
echo
echo "$ON" > .patternshop/logs/benchmark-cache-on.wrk
echo "$OFF" > .patternshop/logs/benchmark-cache-off.wrk
echo "full wrk output: .patternshop/logs/benchmark-cache-{on,off}.wrk"
