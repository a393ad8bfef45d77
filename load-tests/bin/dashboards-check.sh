#!/usr/bin/env bash
# Proves the Grafana dashboards (infra/docker/observability/grafana/dashboards/*.json) show real data: after a short
# load through the gateway, every PromQL expression of every panel is asked of the embedded runtime's Prometheus
# (./patternshop up with Prometheus installed) and must return at least one series. Prints expr -> series count and
# exits 1 when any expression returns none (a metric renamed or never exported, a label that is not there).
# The load: CheckoutLoad (the saga benchmark's harness) for LOAD_SECONDS at RATE orders/s, product reads (the catalog's
# cache and replicas), and a burst of logins beyond the per-address limit (the edge's 429s). Then it waits two scrape
# intervals and a rate window, so that rate() over a few minutes has two samples.
# Needs a running system with Prometheus, curl and jq. Traffic goes to 127.0.0.1 only and stops by itself.
#   [PATTERNSHOP_PORT_OFFSET=0 PATTERNSHOP_HOME=.patternshop] RATE=10 LOAD_SECONDS=15 load-tests/bin/dashboards-check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PROPERTIES=infra/local/src/main/resources/local-runtime.properties
DASHBOARDS=infra/docker/observability/grafana/dashboards
OFFSET=${PATTERNSHOP_PORT_OFFSET:-0}
HOME_DIR=${PATTERNSHOP_HOME:-.patternshop}
RATE=${RATE:-10}
LOAD_SECONDS=${LOAD_SECONDS:-15}
CUSTOMERS=${CUSTOMERS:-50}
PRODUCT_READS=${PRODUCT_READS:-300}
FROM_PRODUCT=${FROM_PRODUCT:-1000}
TO_PRODUCT=${TO_PRODUCT:-9000}   # 9001 is one of the five scarce products (see saga-benchmark.sh)

property() { sed -n "s/^$1=//p" "$PROPERTIES"; }
port() { echo $(( $(property "$1" | cut -d, -f1) + OFFSET )); }
GATEWAY_URL=http://127.0.0.1:$(port gateway.port)
PROMETHEUS_URL=http://127.0.0.1:$(port prometheus.port)
SCRAPE=$(property prometheus.scrape-interval); SCRAPE=${SCRAPE%s}
# The login limit per address (gateway application.yml, rate-limit.login.capacity) is far below this: some answer 429.
LOGIN_BURST=${LOGIN_BURST:-40}
# The live-stream route's limit per client (rate-limit.routes.notifications-stream, 5 at once) is below this: some
# answer 429 on a route, which the edge counts by route id.
STREAM_BURST=${STREAM_BURST:-12}

for tool in curl jq; do command -v $tool >/dev/null || { echo "$tool is needed (apt-get install $tool)" >&2; exit 1; }; done
curl -fsS -o /dev/null "$PROMETHEUS_URL/-/ready" \
  || { echo "No Prometheus at $PROMETHEUS_URL: install it (apt-get install prometheus) and start ./patternshop up." >&2; exit 1; }
curl -fsS -o /dev/null "$GATEWAY_URL/api/catalog/actuator/health" \
  || { echo "No gateway at $GATEWAY_URL: start ./patternshop up (same PATTERNSHOP_PORT_OFFSET)." >&2; exit 1; }
JAVA_HOME=${JAVA_HOME:-$(./patternshop java-home)}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

echo "load: $LOAD_SECONDS s of checkouts at $RATE/s, $PRODUCT_READS product reads, $LOGIN_BURST logins at once ..."
"$JAVA_HOME/bin/java" load-tests/src/test/java/dev/patternshop/loadtests/CustomerTokens.java \
  "$HOME_DIR/data/gateway/signing-key.json" "$CUSTOMERS" 60 > "$WORK/tokens.txt"
"$JAVA_HOME/bin/java" -Xmx256m load-tests/src/test/java/dev/patternshop/loadtests/CheckoutLoad.java "$GATEWAY_URL" \
  "$WORK/tokens.txt" "$RATE" "$LOAD_SECONDS" "$FROM_PRODUCT" "$TO_PRODUCT" "$WORK/orders.csv" &
CHECKOUT=$!
for _ in $(seq "$PRODUCT_READS"); do echo "$GATEWAY_URL/api/catalog/products/$(( FROM_PRODUCT + RANDOM % 50 ))"; done \
  | xargs -P 4 -I{} curl -s -o /dev/null {}
seq "$LOGIN_BURST" | xargs -P "$LOGIN_BURST" -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST \
  -H 'Content-Type: application/json' -d '{"username":"dashboards-check-{}","password":"wrong"}' \
  "$GATEWAY_URL/auth/token" | sort | uniq -c | sed 's/^/  logins answered: /'
# (An open stream ends at --max-time, which curl reports as an error: hence the `|| true`.)
seq "$STREAM_BURST" | xargs -P "$STREAM_BURST" -I{} sh -c 'curl -s -o /dev/null -w "%{http_code}\n" --max-time 2 \
  -H "Authorization: Bearer $1" "$2" || true' _ "$(head -1 "$WORK/tokens.txt")" "$GATEWAY_URL/api/notifications/events/stream" \
  | sort | uniq -c | sed 's/^/  live streams answered: /'
wait "$CHECKOUT"
echo "waiting for the sagas to end and two scrapes ($((SCRAPE * 6)) s) ..."
sleep $((SCRAPE * 6))

# Every expr of every panel of every dashboard, with the dashboard's file name.
failed=0
printf '%-16s | %6s | %s\n' dashboard series expr
while IFS=$'\t' read -r dashboard expr; do
  answer=$(curl -fsS -G "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$expr")
  count=$(jq '.data.result | length' <<<"$answer")
  mark=""
  if [ "$count" -eq 0 ]; then mark="  <- NO DATA"; failed=$((failed + 1)); fi
  # "or vector(0)" shows 0 for a counter that appears only when its event first happens: say whether it exists yet.
  if [[ "$expr" == *"or vector(0)"* ]] && [ "$(jq '[.data.result[] | select(.metric | length > 0)] | length' <<<"$answer")" -eq 0 ]; then
    mark="  (no such event yet: 0 by default)"
  fi
  printf '%-16s | %6s | %s%s\n' "$dashboard" "$count" "$expr" "$mark"
done < <(for file in "$DASHBOARDS"/*.json; do
  jq -r --arg d "$(basename "$file" .json)" '.panels[].targets[].expr | [$d, .] | @tsv' "$file"; done)
if [ "$failed" -gt 0 ]; then
  echo "$failed expression(s) returned no data" >&2
  exit 1
fi
echo "every dashboard expression returned data"
