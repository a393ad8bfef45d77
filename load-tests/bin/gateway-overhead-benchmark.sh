#!/usr/bin/env bash
# What the edge costs, measured: GET /products/{id} (random seeded ids) straight to catalog-service-1,
# through a gateway (token verified, rate limiter on with a limit it never reaches, breaker, retry, load
# balancer) and through nginx as a reference proxy: side by side in one run, the same token on every
# request, the same single catalog instance behind all three.
# Needs a running system (./patternshop up); installs wrk and nginx from Debian's packages when run as root.
# Starts a second gateway on 8092 (limits raised, catalog = 8081 only; actuator on 8093) and nginx on 8099; stops both
# at the end.
# Traffic goes to 127.0.0.1 only and stops by itself.
#   LEVELS="2 16" DURATION=30s WARMUP=30s load-tests/bin/gateway-overhead-benchmark.sh [--spring.property=value ...]
# Extra arguments go to the benchmark's gateway (e.g. --management.tracing.sampling.probability=0).
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
LEVELS=${LEVELS:-"2 16"}          # wrk connections: a moderate load, then a saturating one
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-30s}
CATALOG_PORT=8081
GATEWAY_PORT=8092
NGINX_PORT=8099   # not 8093: the benchmark gateway's management port
WORK=.patternshop/benchmark/gateway-overhead
SCRIPT=load-tests/wrk/random-product.lua

need wrk wrk
need nginx nginx
command -v nginx >/dev/null || export PATH="$PATH:/usr/sbin"
require_running
mkdir -p "$WORK"

TOKEN=$(curl -sf $GATEWAY_URL/auth/token -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"alice-pass"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/') \
  || { echo "no token from $GATEWAY_URL/auth/token: is the system up (./patternshop up)?" >&2; exit 1; }
export BEARER_TOKEN=$TOKEN

cleanup() {
  for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_instance gateway $GATEWAY_PORT --gateway.rate-limit.routes.catalog.capacity=10000000 \
  "--spring.cloud.discovery.client.simple.instances.catalog-service[1].uri=http://127.0.0.1:$CATALOG_PORT" "$@"

cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$WORK/nginx.pid;
error_log $PWD/$WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $PWD/$WORK/client-body;
  proxy_temp_path $PWD/$WORK/proxy;
  fastcgi_temp_path $PWD/$WORK/fastcgi;
  uwsgi_temp_path $PWD/$WORK/uwsgi;
  scgi_temp_path $PWD/$WORK/scgi;
  upstream catalog { server 127.0.0.1:$CATALOG_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /api/catalog/ {
      proxy_pass http://catalog/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
nginx -p "$PWD/$WORK" -c "$PWD/$WORK/nginx.conf"

await_instance $GATEWAY_PORT

# CPU per request: the process's CPU time (utime + stime, /proc/PID/stat) over the run divided by the requests wrk
# completed in it. Direct: catalog-service-1's; gateway: the benchmark gateway's; nginx: its worker's.
CATALOG_PID=$(./patternshop status | awk '$1 == "catalog-service-1" {print $3}')
GATEWAY_PID=$(sed -n 's/.*(pid \([0-9]*\),.*/\1/p' "$LOGS/benchmark-$GATEWAY_PORT.out" | head -1)
NGINX_PID=$(pgrep -P "$(cat "$WORK/nginx.pid")" | head -1)
CLOCK_TICKS=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A PID_OF=([direct]=$CATALOG_PID [gateway]=$GATEWAY_PID [nginx]=$NGINX_PID)

run() { # name, port, prefix, connections, duration
  local pid=${PID_OF[${1#warm-}]} before
  before=$(ticks "$pid")
  PRODUCT_PATH_PREFIX=$3 wrk -t1 -c"$4" -d"$5" --latency -s "$SCRIPT" "http://127.0.0.1:$2" \
    > "$WORK/$1-c$4.wrk"
  echo $(( $(ticks "$pid") - before )) > "$WORK/$1-c$4.ticks"
}
cpu_per_request() { # run file without extension: microseconds of the process's CPU per completed request
  awk -v ticks="$(cat "$1.ticks")" -v hz="$CLOCK_TICKS" '/requests in/ {printf "%.0f", ticks * 1e6 / hz / $1}' "$1.wrk"
}
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}' "$1"; }
errors() { awk '/Non-2xx/ {print $NF; found=1} END {if (!found) print 0}' "$1"; }

echo "warming up ($WARMUP each) ..."
run warm-direct $CATALOG_PORT "" 8 "$WARMUP"
run warm-gateway $GATEWAY_PORT /api/catalog 8 "$WARMUP"
run warm-nginx $NGINX_PORT /api/catalog 8 "$WARMUP"

echo
echo "wrk -t1 -c<N> -d$DURATION --latency -s $SCRIPT, bearer token on every request"
echo "CPU us/req: the CPU time of the process that answers (direct: catalog-service-1; gateway, nginx: the proxy) per request"
echo
echo "| path | connections | req/s | p50 ms | p99 ms | non-2xx | CPU us/req |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for c in $LEVELS; do
  run direct $CATALOG_PORT "" "$c" "$DURATION"
  run gateway $GATEWAY_PORT /api/catalog "$c" "$DURATION"
  run nginx $NGINX_PORT /api/catalog "$c" "$DURATION"
  for path in direct gateway nginx; do
    f="$WORK/$path-c$c.wrk"
    echo "| $path | $c | $(rps "$f") | $(pct "$f" 50%) | $(pct "$f" 99%) | $(errors "$f") | $(cpu_per_request "${f%.wrk}") |"
  done
done
echo
for c in $LEVELS; do
  awk -v c="$c" -v d="$(rps "$WORK/direct-c$c.wrk")" -v g="$(rps "$WORK/gateway-c$c.wrk")" -v n="$(rps "$WORK/nginx-c$c.wrk")" \
      -v dp="$(pct "$WORK/direct-c$c.wrk" 99%)" -v gp="$(pct "$WORK/gateway-c$c.wrk" 99%)" -v np="$(pct "$WORK/nginx-c$c.wrk" 99%)" \
    'BEGIN {printf "c=%s: gateway keeps %.0f%% of direct throughput (nginx %.0f%%); p99 added: gateway %+.2f ms, nginx %+.2f ms\n",
            c, 100*g/d, 100*n/d, gp-dp, np-dp}'
done
echo "full wrk output: $WORK/*.wrk"
