# Shared by the load-tests/bin harnesses (source it from the project root). Every address is 127.0.0.1.
LOGS=.patternshop/logs
PROCESS_TABLE=.patternshop/run/processes.tsv
GATEWAY_URL=http://127.0.0.1:8080
ORDER_SERVICE_URL=http://127.0.0.1:8083   # order-service-1: order-service.ports (infra/local local-runtime.properties)
PG="postgres://patternshop:patternshop@127.0.0.1"
ORDER_CLUSTERS="orders-a:15442 orders-b:15452"   # shard cluster:primary port (infra/local local-runtime.properties)

need() { # command, Debian package: installed when run as root, otherwise says how
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; else
    echo "$1 is needed: sudo apt-get install $2" >&2; exit 1; fi
}

require_running() {
  ./patternshop status >/dev/null 2>&1 || { echo "Start Patternshop first (./patternshop up)." >&2; exit 1; }
  export JAVA_HOME; JAVA_HOME=$(./patternshop java-home)
  mkdir -p "$LOGS"
}

# Tokens of COUNT different customers, signed with the running gateway's key, one per line, to FILE.
mint_customer_tokens() { # count, file
  "$JAVA_HOME/bin/java" load-tests/src/test/java/dev/patternshop/loadtests/CustomerTokens.java .patternshop/data/gateway/signing-key.json "$1" 60 > "$2"
}

# One more instance beside the running system (./patternshop instance), stopped when the harness exits.
EXTRA_PIDS=()
trap 'for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start_instance() { # service, port, spring args...
  local service=$1 port=$2; shift 2
  ./patternshop instance "$service" "$port" "$@" > "$LOGS/benchmark-$port.out" 2>&1 &
  EXTRA_PIDS+=($!)
}
await_instance() { # port
  until grep -q "is up" "$LOGS/benchmark-$1.out"; do
    grep -q "did not start\|usage" "$LOGS/benchmark-$1.out" && { cat "$LOGS/benchmark-$1.out"; exit 1; }
    sleep 1
  done
}

# A markdown table row from wrk --latency output on stdin: label, req/s, p50, p90, p99, non-2xx, socket errors.
wrk_row() { # label
  awk -v label="$1" '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {errors=$NF}
    /Socket errors/ {line=$0; gsub(/[^0-9]+/, " ", line); n=split(line, counts, " "); for (i = 1; i <= n; i++) socket+=counts[i]}
    END {printf "| %-14s | %8s | %8s | %8s | %8s | %7s | %6s |\n", label, rps, p50, p90, p99, errors+0, socket+0}'
}
WRK_HEADER="|                |    req/s |      p50 |      p90 |      p99 | non-2xx | socket |
|----------------|---------:|---------:|---------:|---------:|--------:|-------:|"

# The outbox's publish lag (created -> published) of the OrderPlaced events written in [from, to), one markdown row
# per shard cluster: orders, unpublished, lag p50, p99 and max in ms.
OUTBOX_LAG_HEADER="| run | cluster | orders | unpublished | lag p50 ms | lag p99 ms | lag max ms |
|-----|---------|-------:|------------:|-----------:|-----------:|-----------:|"
outbox_lag_rows() { # label, from epoch, to epoch
  local cluster
  for cluster in $ORDER_CLUSTERS; do
    psql -qAtF ' | ' "$PG:${cluster#*:}/orders" -c "
      select '$1', '${cluster%%:*}', count(*),
             count(*) filter (where published_at is null),
             coalesce(round(1000 * percentile_cont(0.5) within group (order by extract(epoch from published_at - created_at))::numeric, 1), 0),
             coalesce(round(1000 * percentile_cont(0.99) within group (order by extract(epoch from published_at - created_at))::numeric, 1), 0),
             coalesce(round(1000 * max(extract(epoch from published_at - created_at))::numeric, 1), 0)
      from outbox where event_type = 'OrderPlaced.v1'
        and created_at >= to_timestamp($2) and created_at < to_timestamp($3)" | sed 's/^/| /; s/$/ |/'
  done
}

KAFKA=127.0.0.1:19092   # kafka.port (infra/local local-runtime.properties)
# The classpath of the Java harnesses that speak Kafka or JDBC (ReservationLoad, CheckoutBaseline): load-tests' test
# dependencies, resolved by Maven (needs the project built, ./patternshop build) and kept beside the run files until
# load-tests' pom changes; without a logging backend (Gatling brings logback) the Kafka client only warns, on stderr.
harness_classpath() {
  local file=.patternshop/run/load-tests.classpath
  if [ ! -s "$file" ] || [ load-tests/pom.xml -nt "$file" ]; then   # again after a dependency was added
    ./mvnw -q -B -pl load-tests dependency:build-classpath -Dmdep.includeScope=test -DexcludeGroupIds=ch.qos.logback -Dmdep.outputFile="$PWD/$file" >/dev/null
  fi
  cat "$file"
}
# Runs a harness from load-tests/src/test/java as a single-file program on that classpath.
run_harness() { # class name, args...
  local name=$1; shift
  "$JAVA_HOME/bin/java" -Xmx256m -cp "$(harness_classpath)" "load-tests/src/test/java/dev/patternshop/loadtests/$name.java" "$@"
}
RESERVATION_HEADER="| load   |   sent | replies | reserved | rejected | twice | replies/s | consumer lag p50 / p99 | round trip p50 / p99 |
|--------|-------:|--------:|---------:|---------:|------:|----------:|-----------------------:|---------------------:|"
