#!/usr/bin/env bash
# The checkout saga's invariants after a run, read from every place that keeps a record: both order shards, inventory's
# and payment's databases, the topics (kcat; the outbox deletes what it published, so Kafka is the record of events)
# and the payment provider's request journal. One line per invariant with its counts, PASS or FAIL; exits 1 on any
# violation. Scope: the orders created since SINCE (ISO-8601, or "all"; default the snapshot's time when there is one;
# "all" also judges orders placed before the saga existed, which stay PENDING without a saga, and fail).
#   1 terminal    every order CONFIRMED or CANCELLED, its saga in the same state with nothing left to do (due_at null,
#                 no release or void pending). A run's last orders are still in flight: polled for up to SETTLE s.
#   2 events      every order has one OrderPlaced and exactly one terminal event on order.events.v1, the one of its
#                 status (deduplicated by message id: the relay may publish a row twice, with the same id).
#   3 stock       reserved = the units of RESERVED reservations (per product); available + reserved + committed units
#                 never change (reserve moves available to reserved, release moves it back, commit removes reserved),
#                 so they are compared with `snapshot` (taken before the run) or, without one, with the seed
#                 (inventory's V2__seed_stock.sql: true on a fresh runtime where no admin has set stock); no negative
#                 stock; every CONFIRMED order's reservation COMMITTED with the order's lines, no CANCELLED order's
#                 reservation still RESERVED or COMMITTED.
#   4 payment     at the provider, at most one approved authorization per payment (distinct Idempotency-Keys with an
#                 APPROVED answer per merchant_reference, which is the payment id; the same key answered twice is a
#                 retry, not a second hold); every approved hold known to payment (AUTHORIZED, VOIDED or REFUNDED).
#                 The journal keeps the newest entries only: when it is full and its oldest entry is younger than
#                 SINCE it is truncated, and the event store is the record (at most one PaymentAuthorized per payment,
#                 checked either way). No CANCELLED order with a payment still AUTHORIZED; every CONFIRMED order's
#                 payment AUTHORIZED for its total.
#   5 once        the inbox's primary key makes "no message applied twice" true by construction, so this checks what
#                 it cannot: every saga command (inventory.commands.v1, payment.commands.v1, by message id) has exactly
#                 one inbox row in its consumer and exactly one reply with causation-id = its id (a second reply with
#                 another id is the command applied twice; none is a command lost); every such reply has exactly one
#                 inbox row over both order shards; no saga message on a dead-letter topic. Re-sends by the saga's
#                 supervisor are new commands with new ids and are counted, not failed. Inbox rows live longer than
#                 the topics (7 days), so the check holds for any SINCE within the topics' retention.
# Needs a running system (./patternshop up), psql, kcat and jq. Reads only; every address is 127.0.0.1; the joins run
# in temporary tables of one psql session on the services cluster's `postgres` database, dropped when it ends.
#   load-tests/bin/saga-invariants.sh snapshot        before a run: stock and committed units per product
#   SETTLE=120 [SINCE=2026-12-04T10:00:00Z|all] load-tests/bin/saga-invariants.sh check
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
MODE=${1:-check}
SETTLE=${SETTLE:-120}
SNAPSHOT=${SNAPSHOT:-.patternshop/run/saga-invariants-stock.csv}
SERVICES="$PG:15462"      # postgres.services (inventory, payment)
PROVIDER=http://127.0.0.1:18089
PROPERTIES=infra/local/src/main/resources/local-runtime.properties
JOURNAL_LIMIT=$(sed -n 's/^payment-provider.journal-entries=//p' "$PROPERTIES")

need psql postgresql-client
need kcat kcat
need jq jq
require_running

# Stock per product with the units committed so far, read in one statement (one MVCC snapshot: consistent).
STOCK_SQL="select s.product_id, s.available, s.reserved, coalesce(c.units, 0)
  from stock s left join (select l.product_id, sum(l.quantity) as units from reservation r
                          join reservation_line l using (order_id) where r.status = 'COMMITTED' group by 1) c
    using (product_id) order by 1"

if [ "$MODE" = snapshot ]; then
  date -u +%FT%T.%3NZ > "$SNAPSHOT.at"
  psql -qAt "$SERVICES/inventory" -c "copy ($STOCK_SQL) to stdout with csv" > "$SNAPSHOT"
  echo "stock of $(wc -l < "$SNAPSHOT") products kept in $SNAPSHOT (taken $(cat "$SNAPSHOT.at")); run, then: $0 check"
  exit 0
fi
[ "$MODE" = check ] || { echo "usage: $0 snapshot|check" >&2; exit 2; }

if [ -z "${SINCE:-}" ]; then
  if [ -s "$SNAPSHOT.at" ]; then SINCE=$(cat "$SNAPSHOT.at"); else SINCE=all; fi
fi
if [ "$SINCE" = all ]; then
  SINCE_SQL="'-infinity'"; SINCE_MS=0; KAFKA_FROM=beginning
else
  SINCE_SQL="'$SINCE'"; SINCE_MS=$(date -d "$SINCE" +%s%3N); KAFKA_FROM="s@$SINCE_MS"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

shard_sql() { # sql: one line per cluster, prefixed with the cluster's name
  for cluster in $ORDER_CLUSTERS; do
    psql -qAt -F, "$PG:${cluster#*:}/orders" -c "$1" | sed "s/^/${cluster%%:*},/"
  done
}

# 1. Poll until every order of the window has ended (or SETTLE seconds pass); the counts of the last poll are judged.
TERMINAL_SQL="select count(*),
    count(*) filter (where o.status not in ('CONFIRMED', 'CANCELLED')),
    count(*) filter (where s.order_id is null),
    count(*) filter (where s.state not in ('CONFIRMED', 'CANCELLED') or s.due_at is not null
                       or s.release_pending or s.void_pending),
    count(*) filter (where s.state in ('CONFIRMED', 'CANCELLED') and s.state <> o.status),
    count(*) filter (where s.state = 'COMPENSATING')
  from orders o left join order_saga s on s.order_id = o.id where o.created_at >= $SINCE_SQL"
settle_start=$(date +%s)
while :; do
  shard_sql "$TERMINAL_SQL" > "$WORK/terminal.csv"
  open=$(awk -F, '{n += $3 + $5} END {print n + 0}' "$WORK/terminal.csv")
  [ "$open" = 0 ] && break
  [ $(($(date +%s) - settle_start)) -ge "$SETTLE" ] && break
  sleep 2
done
read -r ORDERS NOT_TERMINAL NO_SAGA NOT_ENDED DISAGREE COMPENSATING < <(awk -F, \
  '{for (i = 2; i <= 7; i++) t[i] += $i} END {print t[2] + 0, t[3] + 0, t[4] + 0, t[5] + 0, t[6] + 0, t[7] + 0}' \
  "$WORK/terminal.csv")
SETTLED=$(($(date +%s) - settle_start))
echo "scope: orders created since $SINCE ($ORDERS orders; waited $SETTLED s of SETTLE=$SETTLE for them to end)"

# Everything else is gathered as CSV, then joined in one psql session.
WINDOW="o.created_at >= $SINCE_SQL"
shard_sql "copy (select o.id, o.status, o.total_minor from orders o where $WINDOW) to stdout with csv" \
  > "$WORK/orders.csv"
shard_sql "copy (select l.order_id, l.product_id, sum(l.quantity) from order_line l join orders o on o.id = l.order_id
  where $WINDOW group by 1, 2) to stdout with csv" > "$WORK/order_lines.csv"
shard_sql "copy (select consumer, message_id, topic from inbox where received_at >= $SINCE_SQL
  and topic in ('inventory.events.v1', 'payment.events.v1')) to stdout with csv" > "$WORK/order_inbox.csv"
inventory() { psql -qAt "$SERVICES/inventory" -c "copy ($1) to stdout with csv"; }
payment() { psql -qAt "$SERVICES/payment" -c "copy ($1) to stdout with csv"; }
inventory "select order_id, status from reservation where created_at >= $SINCE_SQL" > "$WORK/reservations.csv"
inventory "select l.order_id, l.product_id, l.quantity from reservation_line l join reservation r using (order_id)
  where r.created_at >= $SINCE_SQL" > "$WORK/reservation_lines.csv"
inventory "$STOCK_SQL" > "$WORK/stock.csv"
# reserved must equal the units of RESERVED reservations: read in the same snapshot as the stock.
inventory "select s.product_id from stock s left join (select l.product_id, sum(l.quantity) as units from reservation r
  join reservation_line l using (order_id) where r.status = 'RESERVED' group by 1) h using (product_id)
  where s.reserved <> coalesce(h.units, 0)" > "$WORK/reserved_mismatch.csv"
inventory "select consumer, message_id from inbox where received_at >= $SINCE_SQL" > "$WORK/inventory_inbox.csv"
payment "select id, order_id, status, amount_minor from payments where updated_at >= $SINCE_SQL" > "$WORK/payments.csv"
payment "select payment_id, count(*) from payment_events where type = 'PaymentAuthorized'
  and payment_id in (select payment_id from payment_events where occurred_at >= $SINCE_SQL) group by 1" \
  > "$WORK/authorized_events.csv"
payment "select consumer, message_id from inbox where received_at >= $SINCE_SQL" > "$WORK/payment_inbox.csv"

# A topic from SINCE to its current end: message id, type, key, correlation id, causation id, broker timestamp.
# kcat -J gives the headers as a flat name, value list (an object in some versions: both are read).
topic() { # topic, file
  kcat -C -q -b "$KAFKA" -t "$1" -o "$KAFKA_FROM" -e -J 2>"$WORK/kcat.err" | jq -r --arg topic "$1" '
    def h($n): if (.headers | type) == "array"
               then [.headers as $l | range(0; $l | length; 2) | select($l[.] == $n) | $l[. + 1]] | last
               elif (.headers | type) == "object" then .headers[$n] else null end;
    [$topic, h("message-id"), h("message-type"), .key, h("correlation-id"), h("causation-id"), .ts] | @csv' >> "$2" \
    || { echo "could not read $1: $(cat "$WORK/kcat.err")" >&2; exit 1; }
}
: > "$WORK/messages.csv"
for t in order.events.v1 inventory.commands.v1 inventory.events.v1 payment.commands.v1 payment.events.v1 \
         order.events.v1.dlt inventory.commands.v1.dlt inventory.events.v1.dlt payment.commands.v1.dlt \
         payment.events.v1.dlt; do
  topic "$t" "$WORK/messages.csv"
done

# The provider's journal: authorize calls with their key, merchant_reference (the payment id) and whether approved.
curl -sf "$PROVIDER/__admin/requests" > "$WORK/journal.json" || { echo "no journal at $PROVIDER" >&2; exit 1; }
jq -r '.requests[] | select(.request.method == "POST" and (.request.url | sub("\\?.*"; "")) == "/v1/authorizations")
  | [ (.request.headers // {} | to_entries | map(select(.key | ascii_downcase == "idempotency-key"))
       | (.[0].value // null) | if type == "array" then .[0] else . end),
      ((.request.body | fromjson? | .merchant_reference) // null),
      (((.response.body // "") | test("\"status\"\\s*:\\s*\"APPROVED\""))
        or (.responseDefinition.jsonBody.status? == "APPROVED")),
      .request.loggedDate ] | @csv' "$WORK/journal.json" > "$WORK/journal.csv"
read -r KEPT OLDEST < <(jq -r '[(.requests | length), ([.requests[].request.loggedDate] | min // 0)] | @tsv' \
  "$WORK/journal.json")
TRUNCATED=false
[ "$KEPT" -ge "$JOURNAL_LIMIT" ] && [ "$OLDEST" -gt "$SINCE_MS" ] && TRUNCATED=true

if [ -s "$SNAPSHOT" ] && [ "$SINCE" != all ]; then BASIS="the snapshot of $(cat "$SNAPSHOT.at")"; BASE_FILE=$SNAPSHOT
else BASIS="the seed (no snapshot: valid on a fresh runtime where no admin set stock)"; BASE_FILE=; fi

# name|violations|counts: one row per invariant; violations 0 is a PASS.
psql -qAt -F'|' -v ON_ERROR_STOP=1 "$SERVICES/postgres" > "$WORK/verdicts.txt" <<SQL
create temp table orders (shard text, id text, status text, total_minor bigint);
create temp table order_lines (shard text, order_id text, product_id bigint, quantity bigint);
create temp table order_inbox (shard text, consumer text, message_id uuid, topic text);
create temp table reservations (order_id text, status text);
create temp table reservation_lines (order_id text, product_id bigint, quantity bigint);
create temp table stock (product_id bigint, available bigint, reserved bigint, committed bigint);
create temp table base (product_id bigint, available bigint, reserved bigint, committed bigint);
create temp table reserved_mismatch (product_id bigint);
create temp table inventory_inbox (consumer text, message_id uuid);
create temp table payments (id text, order_id text, status text, amount_minor bigint);
create temp table authorized_events (payment_id text, events bigint);
create temp table payment_inbox (consumer text, message_id uuid);
create temp table raw_messages (topic text, message_id text, type text, key text, correlation_id text,
                                causation_id text, ts bigint);
create temp table journal (key text, merchant_reference text, approved boolean, logged_ms bigint);
\copy orders from '$WORK/orders.csv' with (format csv)
\copy order_lines from '$WORK/order_lines.csv' with (format csv)
\copy order_inbox from '$WORK/order_inbox.csv' with (format csv)
\copy reservations from '$WORK/reservations.csv' with (format csv)
\copy reservation_lines from '$WORK/reservation_lines.csv' with (format csv)
\copy stock from '$WORK/stock.csv' with (format csv)
\copy reserved_mismatch from '$WORK/reserved_mismatch.csv' with (format csv)
\copy inventory_inbox from '$WORK/inventory_inbox.csv' with (format csv)
\copy payments from '$WORK/payments.csv' with (format csv)
\copy authorized_events from '$WORK/authorized_events.csv' with (format csv)
\copy payment_inbox from '$WORK/payment_inbox.csv' with (format csv)
\copy raw_messages from '$WORK/messages.csv' with (format csv)
\copy journal from '$WORK/journal.csv' with (format csv)
$([ -n "$BASE_FILE" ] && echo "\\copy base from '$BASE_FILE' with (format csv)")
-- Without a snapshot the seed is the base (inventory's V2__seed_stock.sql, nothing reserved or committed).
insert into base select n, case n when 13 then 1 when 77 then 2 when 404 then 3 when 777 then 4 when 9001 then 5
                                   else 20 + (n * 37) % 181 end, 0, 0
  from generate_series(1, 10000) n where not exists (select 1 from base);
-- One row per message id (the relay may publish a row twice, with its id), only what belongs to the window's orders.
create temp table messages as
  select distinct on (topic, message_id) m.* from raw_messages m
  where coalesce(m.correlation_id, m.key) in (select id from orders) and m.message_id is not null;
create temp table commands as select * from messages where topic in ('inventory.commands.v1', 'payment.commands.v1');
create temp table replies as select * from messages
  where topic in ('inventory.events.v1', 'payment.events.v1') and type is distinct from 'StockChanged.v1';

-- 2 events
with per as (select key,
    count(*) filter (where type = 'OrderPlaced.v1') as placed,
    count(*) filter (where type = 'OrderConfirmed.v1') as confirmed,
    count(*) filter (where type = 'OrderCancelled.v1') as cancelled
  from messages where topic = 'order.events.v1' group by key),
judged as (select o.status, coalesce(placed, 0) as placed, coalesce(confirmed, 0) as confirmed,
                  coalesce(cancelled, 0) as cancelled from orders o left join per on per.key = o.id)
select 'events: OrderPlaced once, one terminal event of its status', count(*) filter (where placed <> 1
         or (status = 'CONFIRMED' and (confirmed, cancelled) <> (1, 0))
         or (status = 'CANCELLED' and (confirmed, cancelled) <> (0, 1))
         or (status not in ('CONFIRMED', 'CANCELLED') and confirmed + cancelled > 0)),
  format('%s orders; OrderPlaced missing %s, twice %s; CONFIRMED without exactly one OrderConfirmed %s; '
         'CANCELLED without exactly one OrderCancelled %s; both terminal events %s',
         count(*), count(*) filter (where placed = 0), count(*) filter (where placed > 1),
         count(*) filter (where status = 'CONFIRMED' and (confirmed, cancelled) <> (1, 0)),
         count(*) filter (where status = 'CANCELLED' and (confirmed, cancelled) <> (0, 1)),
         count(*) filter (where confirmed > 0 and cancelled > 0))
from judged;

-- 3 stock
select 'stock: conserved, never negative, reserved = RESERVED units',
  count(*) filter (where s.available + s.reserved + s.committed <> b.available + b.reserved + b.committed
                     or s.available < 0 or s.reserved < 0)
    + (select count(*) from reserved_mismatch),
  format('%s products against $BASIS; available + reserved + committed changed: %s (e.g. %s); negative: %s; '
         'reserved <> units of RESERVED reservations: %s',
         count(*), count(*) filter (where s.available + s.reserved + s.committed
                                          <> b.available + b.reserved + b.committed),
         coalesce(array_to_string((array_agg(s.product_id order by s.product_id)
                                   filter (where s.available + s.reserved + s.committed
                                                 <> b.available + b.reserved + b.committed))[1:10], ' '), '-'),
         count(*) filter (where s.available < 0 or s.reserved < 0), (select count(*) from reserved_mismatch))
from stock s join base b using (product_id);
with lines_differ as (
  select order_id from (select order_id, product_id, quantity from order_lines
                        except select order_id, product_id, quantity from reservation_lines) a
  union select order_id from (select order_id, product_id, quantity from reservation_lines
                              where order_id in (select id from orders)
                              except select order_id, product_id, quantity from order_lines) b)
select 'stock: CONFIRMED committed as ordered, CANCELLED holds none',
  count(*) filter (where o.status = 'CONFIRMED' and (r.status is distinct from 'COMMITTED'
                                                     or o.id in (select order_id from lines_differ)))
    + count(*) filter (where o.status = 'CANCELLED' and r.status in ('RESERVED', 'COMMITTED')),
  format('CONFIRMED %s: reservation not COMMITTED %s, lines differ %s; CANCELLED %s: reservation still RESERVED %s, '
         'COMMITTED %s',
         count(*) filter (where o.status = 'CONFIRMED'),
         count(*) filter (where o.status = 'CONFIRMED' and r.status is distinct from 'COMMITTED'),
         count(*) filter (where o.status = 'CONFIRMED' and o.id in (select order_id from lines_differ)),
         count(*) filter (where o.status = 'CANCELLED'),
         count(*) filter (where o.status = 'CANCELLED' and r.status = 'RESERVED'),
         count(*) filter (where o.status = 'CANCELLED' and r.status = 'COMMITTED'))
from orders o left join reservations r on r.order_id = o.id;

-- 4 payment
with window_journal as (select * from journal where logged_ms >= $SINCE_MS),
per_payment as (select merchant_reference, count(distinct key) filter (where approved) as approved_keys
                from window_journal group by 1),
per_key as (select key, count(*) filter (where approved) as approved from window_journal group by 1)
select 'payment: one approved authorization per payment (provider)',
  (select count(*) from per_payment where approved_keys > 1),
  format('%s authorize calls kept since SINCE for %s payments; payments with more than one approved key: %s; '
         'keys answered APPROVED more than once (retries, same hold): %s; journal %s of $JOURNAL_LIMIT entries%s',
         (select count(*) from window_journal), (select count(*) from per_payment),
         (select count(*) from per_payment where approved_keys > 1),
         (select count(*) from per_key where approved > 1), $KEPT,
         case when $TRUNCATED then ', TRUNCATED (full, oldest entry after SINCE): the event store below is the record'
              else '' end);
select 'payment: every approved hold known to payment',
  count(*),
  format('approved authorizations since SINCE whose payment is not AUTHORIZED, VOIDED or REFUNDED: %s (%s)',
         count(*), coalesce(array_to_string(
           (array_agg(j.merchant_reference || '=' || coalesce(p.status, 'absent')))[1:10], ' '), '-'))
from (select distinct merchant_reference from journal where approved and logged_ms >= $SINCE_MS) j
  left join payments p on p.id = j.merchant_reference
where p.status is null or p.status not in ('AUTHORIZED', 'VOIDED', 'REFUNDED');
select 'payment: at most one PaymentAuthorized per payment (event store)',
  count(*) filter (where events > 1),
  format('%s payments authorized; authorized more than once: %s', count(*), count(*) filter (where events > 1))
from authorized_events;
select 'payment: CANCELLED not left AUTHORIZED, CONFIRMED authorized',
  count(*) filter (where o.status = 'CANCELLED' and p.status = 'AUTHORIZED')
    + count(*) filter (where o.status = 'CONFIRMED' and (p.status is distinct from 'AUTHORIZED'
                                                         or p.amount_minor <> o.total_minor)),
  format('CANCELLED with payment AUTHORIZED (not voided): %s; CONFIRMED without an AUTHORIZED payment: %s, '
         'for another amount: %s',
         count(*) filter (where o.status = 'CANCELLED' and p.status = 'AUTHORIZED'),
         count(*) filter (where o.status = 'CONFIRMED' and p.status is distinct from 'AUTHORIZED'),
         count(*) filter (where o.status = 'CONFIRMED' and p.amount_minor <> o.total_minor))
from orders o left join payments p on p.order_id = o.id;

-- 5 once (message ids are UUIDs, unique over every topic: counted by id alone)
create temp table command_inbox as
  select message_id::text as message_id, count(*) as n
  from (select message_id from inventory_inbox union all select message_id from payment_inbox) i group by 1;
create temp table reply_counts as select causation_id, count(*) as n from replies group by 1;
create temp table reply_inbox as select message_id::text as message_id, count(*) as n from order_inbox group by 1;
with judged as (
  select c.type, coalesce(i.n, 0) as inbox_rows, coalesce(r.n, 0) as reply_count
  from commands c left join command_inbox i using (message_id)
    left join reply_counts r on r.causation_id = c.message_id)
select 'once: each saga command applied once, answered once',
  count(*) filter (where inbox_rows <> 1 or reply_count <> 1),
  format('%s commands (%s); inbox rows: none %s, several %s; replies: none %s, several %s (applied twice)',
         count(*), coalesce((select string_agg(type || ' ' || n, ', ') from (select type, count(*) n from commands
                                                                             group by 1 order by 1) t), '-'),
         count(*) filter (where inbox_rows = 0), count(*) filter (where inbox_rows > 1),
         count(*) filter (where reply_count = 0), count(*) filter (where reply_count > 1))
from judged;
with judged as (
  select coalesce(i.n, 0) as inbox_rows
  from replies r left join reply_inbox i using (message_id)
  where r.causation_id in (select message_id from commands))
select 'once: each reply applied once by the order shards',
  count(*) filter (where inbox_rows <> 1),
  format('%s replies; in no shard inbox: %s; in more than one: %s', count(*),
         count(*) filter (where inbox_rows = 0), count(*) filter (where inbox_rows > 1))
from judged;
select 'once: no saga message dead-lettered', count(*),
  format('%s (%s)', count(*), coalesce(string_agg(distinct topic || ' ' || coalesce(type, '?'), ', '), '-'))
from messages where topic like '%.dlt';
select 'info: commands sent again by the supervisor', 0,
  format('orders with more than one ReserveStock: %s, AuthorizePayment: %s',
         count(*) filter (where type = 'ReserveStock.v1' and n > 1),
         count(*) filter (where type = 'AuthorizePayment.v1' and n > 1))
from (select correlation_id, type, count(*) n from commands group by 1, 2) t;
SQL

FAILED=0
verdict() { # name, violations, counts
  local mark=PASS
  [ "$2" = 0 ] || { mark=FAIL; FAILED=1; }
  case $1 in info:*) mark=INFO ;; esac
  printf '%s  %-60s %s\n' "$mark" "$1" "$3"
}
verdict "terminal: every order ended, its saga too" $((NOT_TERMINAL + NO_SAGA + NOT_ENDED + DISAGREE)) \
  "$ORDERS orders; not CONFIRMED/CANCELLED $NOT_TERMINAL; without saga $NO_SAGA; saga not ended (state, due_at or \
a pending compensation) $NOT_ENDED, of them COMPENSATING $COMPENSATING; saga state <> order status $DISAGREE"
while IFS='|' read -r name violations counts; do
  verdict "$name" "$violations" "$counts"
done < "$WORK/verdicts.txt"
exit "$FAILED"
