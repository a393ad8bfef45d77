#!/usr/bin/env bash
# What each edge feature costs: the gateway's CPU per proxied GET /products/{id}, as configured and with one feature
# switched off at a time, then all of them, then a request the edge refuses (401: the server and Spring Security,
# nothing proxied). Each variant is a fresh benchmark gateway (port 8092, catalog-service-1 behind it), warmed, then
# measured with wrk; CPU per request is the gateway process's CPU time over the requests wrk completed. Needs a
# running system (./patternshop up).
#   load-tests/bin/gateway-feature-cost.sh
#   WARMUP=150s DURATION=20s CONNECTIONS=8 load-tests/bin/gateway-feature-cost.sh
# A fresh gateway's JIT is busy for minutes under this load (60 s of warm-up left it at about twice its steady cost,
# and the comparison meaningless): keep WARMUP long.
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh

WARMUP=${WARMUP:-150s}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-8}
CATALOG_PORT=8081
GATEWAY_PORT=8092
SCRIPT=load-tests/wrk/random-product.lua
WORK=.patternshop/benchmark/gateway-features

need wrk wrk
require_running
mkdir -p "$WORK"
rm -f "$WORK"/*.wrk

TRACING_OFF=--management.tracing.enabled=false
ROUTE_TIMER_OFF=--spring.cloud.gateway.server.webflux.metrics.enabled=false
# A list is bound from one source as a whole: this leaves every route the prefix strip alone (no breaker, no retry).
BREAKER_RETRY_OFF=--spring.cloud.gateway.server.webflux.default-filters[0]=StripPrefix=2
LIMITER_OFF=--gateway.rate-limit.enabled=false

CLOCK_TICKS=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
GATEWAY_PID=
stop_gateway() {
  [ -n "$GATEWAY_PID" ] || return 0
  kill "$GATEWAY_PID" 2>/dev/null || true
  while kill -0 "$GATEWAY_PID" 2>/dev/null; do sleep 1; done
  GATEWAY_PID=
}
cleanup() {
  stop_gateway
  for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# Tokens live 15 minutes and the whole run takes longer: one per variant.
fresh_token() {
  curl -sf "$GATEWAY_URL/auth/token" -H 'Content-Type: application/json' \
    -d '{"username":"alice","password":"alice-pass"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/' \
    || { echo "no token from $GATEWAY_URL/auth/token: is the system up (./patternshop up)?" >&2; exit 1; }
}

BASELINE=
CONFIGURED=()
measure() { # key, label, path prefix, "token" or "no-token", gateway args...
  local key=$1 label=$2 prefix=$3 token=; shift 3
  # An assignment, not an argument: a failed login stops the run instead of measuring a variant of 401s.
  if [ "$1" = token ]; then token=$(fresh_token); fi
  shift
  EXTRA_PIDS=()
  start_instance gateway $GATEWAY_PORT --gateway.rate-limit.routes.catalog.capacity=10000000 \
    "--spring.cloud.discovery.client.simple.instances.catalog-service[1].uri=http://127.0.0.1:$CATALOG_PORT" "$@"
  await_instance $GATEWAY_PORT
  GATEWAY_PID=$(sed -n 's/.*(pid \([0-9]*\),.*/\1/p' "$LOGS/benchmark-$GATEWAY_PORT.out" | head -1)
  local file="$WORK/$key.wrk" before requests cpu
  BEARER_TOKEN=$token PRODUCT_PATH_PREFIX=$prefix \
    wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$SCRIPT" "http://127.0.0.1:$GATEWAY_PORT" > /dev/null
  before=$(ticks "$GATEWAY_PID")
  BEARER_TOKEN=$token PRODUCT_PATH_PREFIX=$prefix \
    wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SCRIPT" "http://127.0.0.1:$GATEWAY_PORT" > "$file"
  requests=$(awk '/requests in/ {print $1}' "$file")
  if [ "${requests:-0}" -eq 0 ]; then
    echo "$label: wrk completed no request through http://127.0.0.1:$GATEWAY_PORT$prefix (see $file)" >&2
    exit 1
  fi
  cpu=$(awk -v ticks="$(($(ticks "$GATEWAY_PID") - before))" -v hz="$CLOCK_TICKS" -v n="$requests" \
    'BEGIN {printf "%.0f", ticks * 1e6 / hz / n}')
  BASELINE=${BASELINE:-$cpu}
  if [[ $key == configured* ]]; then CONFIGURED+=("$cpu"); fi
  awk -v label="$label" -v cpu="$cpu" -v base="$BASELINE" '
    /Requests\/sec/ {rps = $2}
    /^ +99%/ {p99 = $2}
    /Non-2xx/ {other = $NF}
    END {printf "| %s | %d | %+d | %s | %s | %d |\n", label, cpu, cpu - base, rps, p99, other}' "$file"
  stop_gateway
  for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}

echo "warming catalog-service-1 ($WARMUP, direct) ..." >&2
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$SCRIPT" "http://127.0.0.1:$CATALOG_PORT" > /dev/null

echo "Each variant: a fresh gateway, wrk -t1 -c$CONNECTIONS for $WARMUP to warm it, then -d$DURATION measured, -s $SCRIPT,"
echo "a bearer token on every proxied request. CPU us/req: the gateway process's CPU time per request; against: the"
echo "difference from the gateway as configured."
echo
echo "| gateway | CPU us/req | against | req/s | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|"
measure configured "as configured" /api/catalog token
measure tracing-off "tracing off (\`$TRACING_OFF\`)" /api/catalog token $TRACING_OFF
measure route-timer-off "route timer off (\`$ROUTE_TIMER_OFF\`)" /api/catalog token $ROUTE_TIMER_OFF
measure breaker-retry-off "no breaker, no retry (\`$BREAKER_RETRY_OFF\`)" /api/catalog token $BREAKER_RETRY_OFF
measure limiter-off "no rate limiter (\`$LIMITER_OFF\`)" /api/catalog token $LIMITER_OFF
measure all-off "all four off" /api/catalog token $TRACING_OFF $ROUTE_TIMER_OFF $BREAKER_RETRY_OFF $LIMITER_OFF
# No token on a path that needs one (GET /api/orders/products/{id}): answered 401 problem+json before any route runs.
measure refused "refused at the edge: 401 before any route, nothing proxied (its non-2xx are those 401s)" /api/orders no-token
# The first variant again, last: how far two runs of the same gateway differ here.
measure configured-again "as configured, again" /api/catalog token
echo
echo "The same gateway measured first and last: ${CONFIGURED[0]} and ${CONFIGURED[1]} us/req. A difference smaller than theirs is noise."
echo "full wrk output: $WORK/*.wrk"
