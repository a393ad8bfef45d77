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

# CPU per request, as gateway-overhead-benchmark.sh measures it (utime + stime from /proc over the run, divided by the
# requests served): the instance itself, and what it uses behind it, Redis and the catalog's Postgres (primary and
# replica, each postmaster with its backends). The two runs are one after the other, so each delta is its own.
pid_of() { ./patternshop status | awk -v n="$1" '$1 == n {print $3}'; }
INSTANCE_PID_ON=$(sed -n 's/.*(pid \([0-9]*\),.*/\1/p' "$LOGS/benchmark-$ON_PORT.out" | head -1)
INSTANCE_PID_OFF=$(sed -n 's/.*(pid \([0-9]*\),.*/\1/p' "$LOGS/benchmark-$OFF_PORT.out" | head -1)
STORE_PIDS="$(pid_of redis) $(pid_of catalog-primary) $(pid_of catalog-replica)"
CLOCK_TICKS=$(getconf CLK_TCK)
ticks_of() { local total=0 pid child; for pid in "$@"; do
    for child in "$pid" $(pgrep -P "$pid"); do total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0))); done
  done; echo "$total"; }
measure() { # port, instance pid: runs wrk, prints its output, then "cpu <instance ticks> <store ticks>"
  local i0 s0 out
  i0=$(ticks_of "$2"); s0=$(ticks_of $STORE_PIDS)
  out=$(run "$1" "$DURATION")
  echo "$out"
  echo "cpu $(( $(ticks_of "$2") - i0 )) $(( $(ticks_of $STORE_PIDS) - s0 ))"
}
cpu_row() { # label, measure output
  echo "$2" | awk -v label="$1" -v hz="$CLOCK_TICKS" '/requests in/ {n=$1} /^cpu / {i=$2; s=$3}
    END {printf "| %-9s | %6.0f | %6.0f | %6.0f |\n", label, i*1e6/hz/n, s*1e6/hz/n, (i+s)*1e6/hz/n}'
}

echo "warming up both instances ($WARMUP each) ..."
run $ON_PORT "$WARMUP" >/dev/null
run $OFF_PORT "$WARMUP" >/dev/null
echo "measuring: wrk -t1 -c$CONNECTIONS -d$DURATION --latency -s $SCRIPT   (instance args: --catalog.cache.enabled=true|false $*)"
ON=$(measure $ON_PORT "$INSTANCE_PID_ON")
OFF=$(measure $OFF_PORT "$INSTANCE_PID_OFF")
echo
echo "$WRK_HEADER"
echo "$ON" | wrk_row "cache on"
echo "$OFF" | wrk_row "cache off"
ratio=$(printf '%s\n%s\n' "$ON" "$OFF" | awk '/Requests\/sec/ {r[++n]=$2} END {printf "%.2f", r[1]/r[2]}')
echo
echo "throughput ratio on/off: ${ratio}x"
echo
echo "CPU us per request: the instance; Redis + the catalog's Postgres (primary, replica) behind it; both"
echo
echo "| cache     | instance | stores | total |"
echo "|-----------|-------:|-------:|-------:|"
cpu_row "on" "$ON"
cpu_row "off" "$OFF"
echo "$ON" | grep -v "^cpu " > $LOGS/benchmark-cache-on.wrk
echo "$OFF" | grep -v "^cpu " > $LOGS/benchmark-cache-off.wrk
echo "full wrk output: $LOGS/benchmark-cache-{on,off}.wrk"
