#!/usr/bin/env bash
# The checkout saga end to end beside the design it replaces, in the same run.
#   saga      POST /orders through the gateway at a fixed arrival rate (RATE orders/s for DURATION s, an open model:
#             load-tests/src/test/java/dev/patternshop/loadtests/CheckoutLoad.java) as CUSTOMERS customers, 1-3 lines
#             of one unit from products FROM_PRODUCT..TO_PRODUCT (ample stock, none of the scarce ones; totals far
#             under the provider's 10,000.00 refusal limit; minted customers, never the declined demo customer), then
#             waits up to SETTLE s for every order to end. Time to CONFIRMED is from the client's 202 to the later
#             of the order row's and its saga row's updated_at (the transition to CONFIRMED, which ends the saga in
#             the same transaction: what GET /orders/{id} shows; same clock, one machine), and, beside it, to
#             OrderConfirmed's broker timestamp on order.events.v1 (when the rest of the system can know: the order
#             shard's outbox relay included). orders/s = orders ended (CONFIRMED or CANCELLED) / (last end - first
#             request).
#   baseline  the same orders written in ONE local transaction on one Postgres (order + lines, stock taken, payment
#             inserted: CheckoutBaseline.java), same arrival rate and length, CONNECTIONS connections, in a scratch
#             database it creates and drops on the services cluster. Its time is arrival to commit, queueing
#             included; it has no HTTP, gateway, catalog read or broker, so it bounds from above what any design
#             with those could do on this machine.
# Both run one after the other (never at once: they would share the two cores). With MAX_RATE > 0 both run again at
# MAX_RATE, beyond what two cores sustain, where orders/s shows capacity rather than the offered rate.
# The issue's aim: saga orders/s >= 50% of the baseline's, p99 202 -> CONFIRMED < 500 ms at a moderate rate.
# Every confirmed order takes one unit per line for good: check the products' stock after many runs
# (load-tests/bin/saga-invariants.sh check reads it, and the other invariants, after a run).
# Needs a running system (./patternshop up), psql, kcat, jq. Traffic goes to 127.0.0.1 only and stops by itself.
#   RATE=20 DURATION=30 [MAX_RATE=100] CUSTOMERS=1000 CONNECTIONS=10 load-tests/bin/saga-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
RATE=${RATE:-20}
MAX_RATE=${MAX_RATE:-0}
SECONDS_EACH=${DURATION:-30}; SECONDS_EACH=${SECONDS_EACH%s}
CUSTOMERS=${CUSTOMERS:-1000}
CONNECTIONS=${CONNECTIONS:-10}   # the baseline's pool: Hikari's default, as a service would have
FROM_PRODUCT=${FROM_PRODUCT:-1000}
TO_PRODUCT=${TO_PRODUCT:-9000}   # 9001 is one of the five scarce products
SETTLE=${SETTLE:-120}
SERVICES=127.0.0.1:15462         # postgres.services (infra/local local-runtime.properties)

need psql postgresql-client
need kcat kcat
need jq jq
require_running
mint_customer_tokens "$CUSTOMERS" "$LOGS/saga-tokens.txt"
harness_classpath >/dev/null   # resolve it before the clock starts

# Orders created since an epoch-ms time that have not ended yet, over both shard clusters.
open_orders() { # since ms
  local total=0 count
  for cluster in $ORDER_CLUSTERS; do
    count=$(psql -qAt "$PG:${cluster#*:}/orders" -c "select count(*) from orders
      where created_at >= to_timestamp($1 / 1000.0) and status not in ('CONFIRMED', 'CANCELLED')")
    total=$((total + count))
  done
  echo "$total"
}

# One saga run at a rate: adds its row to ROWS and what else it measured to SAGA_NOTES.
saga_run() { # rate
  local rate=$1 run="$LOGS/saga-$1" from_ms summary waited=0
  from_ms=$(date +%s%3N)
  summary=$(run_harness CheckoutLoad "$GATEWAY_URL" "$LOGS/saga-tokens.txt" "$rate" "$SECONDS_EACH" \
    "$FROM_PRODUCT" "$TO_PRODUCT" "$run-placed.csv")
  until [ "$(open_orders "$from_ms")" = 0 ] || [ "$waited" -ge "$SETTLE" ]; do
    sleep 1; waited=$((waited + 1))
  done
  : > "$run-orders.csv"
  for cluster in $ORDER_CLUSTERS; do
    psql -qAt "$PG:${cluster#*:}/orders" -c "copy (select o.id, o.status,
        (extract(epoch from greatest(o.updated_at, s.updated_at)) * 1000)::bigint
      from orders o left join order_saga s on s.order_id = o.id
      where o.created_at >= to_timestamp($from_ms / 1000.0)) to stdout with csv" >> "$run-orders.csv"
  done
  kcat -C -q -b "$KAFKA" -t order.events.v1 -o "s@$from_ms" -e -J | jq -r '
    (if (.headers | type) == "array" then [.headers as $l | range(0; $l | length; 2) | select($l[.] == "message-type")
       | $l[. + 1]] | last else .headers["message-type"]? end) as $type
    | select($type == "OrderConfirmed.v1") | [.key, .ts] | @csv' > "$run-confirmed.csv"
  psql -qAt -F$'\t' -v ON_ERROR_STOP=1 "postgres://patternshop:patternshop@$SERVICES/postgres" <<SQL > "$run-row.txt"
create temp table placed (id text, sent_ms bigint, accepted_ms bigint);
create temp table orders (id text, status text, ended_ms bigint);
create temp table confirmed (id text, ts bigint);
\copy placed from '$run-placed.csv' with (format csv)
\copy orders from '$run-orders.csv' with (format csv)
\copy confirmed from '$run-confirmed.csv' with (format csv)
with j as (select p.*, o.status, o.ended_ms, c.ts as event_ms
           from placed p left join orders o using (id)
             left join (select id, min(ts) as ts from confirmed group by 1) c using (id)),
ended as (select * from j where status in ('CONFIRMED', 'CANCELLED'))
select format('| %-8s | %5s/s | %6s | %9s | %9s | %9s | %8s | %6s ms | %6s ms |', 'saga', $rate, count(*),
         count(*) filter (where status = 'CONFIRMED'), count(*) filter (where status = 'CANCELLED'),
         count(*) filter (where status is null or status not in ('CONFIRMED', 'CANCELLED')),
         coalesce(round((select count(*) from ended)
                        / nullif(((select max(ended_ms) from ended) - min(sent_ms)) / 1000.0, 0), 1)::text, '-'),
         coalesce((percentile_disc(0.5) within group (order by ended_ms - accepted_ms)
                   filter (where status = 'CONFIRMED'))::text, '-'),
         coalesce((percentile_disc(0.99) within group (order by ended_ms - accepted_ms)
                   filter (where status = 'CONFIRMED'))::text, '-')),
       format('202 -> OrderConfirmed on the broker p50 %s ms, p99 %s ms (%s of the confirmed orders'' events read)',
         coalesce((percentile_disc(0.5) within group (order by event_ms - accepted_ms)
                   filter (where status = 'CONFIRMED' and event_ms is not null))::text, '-'),
         coalesce((percentile_disc(0.99) within group (order by event_ms - accepted_ms)
                   filter (where status = 'CONFIRMED' and event_ms is not null))::text, '-'),
         count(*) filter (where status = 'CONFIRMED' and event_ms is not null))
from j;
SQL
  local late=
  [ "$waited" -ge "$SETTLE" ] && late="; orders still not ended after SETTLE=$SETTLE s"
  SAGA_NOTES+=("at $rate/s: POST $summary; $(cut -f2 "$run-row.txt")$late")
  ROWS+=("$(cut -f1 "$run-row.txt")")
}

echo "warming up (10 s of checkouts at $RATE/s) ..."
WARM_FROM=$(date +%s%3N)
run_harness CheckoutLoad "$GATEWAY_URL" "$LOGS/saga-tokens.txt" "$RATE" 10 "$FROM_PRODUCT" "$TO_PRODUCT" \
  "$LOGS/saga-warm-up.csv" >/dev/null
waited=0
until [ "$(open_orders "$WARM_FROM")" = 0 ] || [ "$waited" -ge "$SETTLE" ]; do sleep 1; waited=$((waited + 1)); done

SAGA_NOTES=()
ROWS=()
RATES=("$RATE")
[ "$MAX_RATE" -gt 0 ] && RATES+=("$MAX_RATE")
for rate in "${RATES[@]}"; do
  echo "saga at $rate/s for $SECONDS_EACH s, then the baseline ..."
  saga_run "$rate"
  ROWS+=("$(run_harness CheckoutBaseline "$SERVICES" "$rate" "$SECONDS_EACH" "$FROM_PRODUCT" "$TO_PRODUCT" \
    "$CONNECTIONS")")
done

echo
echo "$(nproc) cores; $SECONDS_EACH s per run; products $FROM_PRODUCT-$TO_PRODUCT, 1-3 lines of one unit;" \
     "$CUSTOMERS customers; baseline $CONNECTIONS connections"
echo "saga: 202 -> order CONFIRMED (its row's last update); baseline: arrival -> commit of the one transaction"
echo "| run      | offered | orders | confirmed | cancelled / failed | not ended | orders/s | p50       | p99       |"
echo "|----------|--------:|-------:|----------:|----------:|----------:|---------:|----------:|----------:|"
printf '%s\n' "${ROWS[@]}"
echo
for note in "${SAGA_NOTES[@]}"; do echo "saga $note"; done
for ((i = 0; i < ${#ROWS[@]}; i += 2)); do
  awk -F'|' -v saga="${ROWS[i]}" -v base="${ROWS[i + 1]}" 'BEGIN {
    split(saga, s, "|"); split(base, b, "|"); gsub(/ /, "", s[3]); gsub(/[ a-z]/, "", s[10])
    ratio = (b[8] + 0 > 0) ? (s[8] + 0) / (b[8] + 0) : 0
    printf "at %s: saga/baseline orders/s = %.2f (aim >= 0.50); saga p99 %s ms (aim < 500)\n", s[3], ratio, s[10]
  }'
done
