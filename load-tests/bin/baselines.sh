#!/usr/bin/env bash
# Writes docs/benchmarks.md: every benchmark harness of load-tests/bin run once, on this machine, against the embedded
# runtime, each with the machine, the exact command, the date and the numbers it printed. Never typed by hand: run
# this again to refresh it. Takes about 45 minutes on 2 cores. Traffic goes to 127.0.0.1 only; it stops by itself.
#   load-tests/bin/baselines.sh            (the system must not be running: the script starts it, to time the start)
#   OUT=/tmp/benchmarks.md SKIP="jmh broker-outage" load-tests/bin/baselines.sh   (skipped sections keep their last output)
#   UP_ARGS=--fresh SKIP=startup ...   (how to start the system when the start-up section is skipped)
# Sections: JMH (no system), start-up (cold with --fresh, then warm) and memory, the edge (gateway vs direct vs nginx,
# with CPU per request; and with every request traced; and what each edge feature costs), cache on/off, one vs two shard clusters with the outbox's
# publish lag (also at one connection, and at a steady 10 orders a second), inventory reservations, the saga vs its one-service baseline (and the Gatling checkout run), a broker
# outage, the hostile client.
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
OUT=${OUT:-docs/benchmarks.md}
SKIP=${SKIP:-}
WORK=.patternshop/benchmark/baselines
mkdir -p "$WORK" "$(dirname "$OUT")"
export JAVA_HOME; JAVA_HOME=$(./patternshop java-home)

if ./patternshop status >/dev/null 2>&1; then
  echo "Patternshop is running: stop it first (./patternshop down); this script starts it to time the start." >&2
  exit 1
fi
need wrk wrk
need nginx nginx
need psql postgresql-client
need kcat kcat
need jq jq

UP_PID=
stop_system() {
  [ -n "$UP_PID" ] || return 0
  ./patternshop down >/dev/null 2>&1 || true
  wait "$UP_PID" 2>/dev/null || true
  UP_PID=
}
trap stop_system EXIT

# `up` in the background (in this shell, so that UP_PID stays set); returns once it says it is up, with the seconds
# it printed in UP_SECONDS.
start_system() { # up args...
  ./patternshop up "$@" > "$WORK/up.out" 2>&1 &
  UP_PID=$!
  until grep -q "is up in" "$WORK/up.out"; do
    kill -0 "$UP_PID" 2>/dev/null || { cat "$WORK/up.out" >&2; exit 1; }
    sleep 1
  done
  UP_SECONDS=$(sed -n 's/.*is up in \([0-9.]*\) s.*/\1/p' "$WORK/up.out")
}

# The proportional set size of every process of the running system, in MiB (shared pages divided among sharers).
system_pss_mib() {
  local total=0 pid
  for pid in $(./patternshop status | awk '$2 == "pid" && $4 == "running" {print $3}'); do
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo $((total / 1024))
}

# The machine's CPU since boot, in centiseconds: "busy total" (busy: user, nice, system, irq, softirq).
machine_cpu() {
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat
}

# Per JVM of the running system: its CPU seconds so far, and how many of them its JIT compiler threads spent.
jvm_cpu_table() {
  local tick name pid total jit
  tick=$(getconf CLK_TCK)
  echo "| process | CPU s | of which the JIT compilers (C1, C2) |"
  echo "|---|---:|---:|"
  ./patternshop status | awk '$2 == "pid" && $4 == "running" {print $1, $3}' | while read -r name pid; do
    grep -q "CompilerThre" /proc/"$pid"/task/*/comm 2>/dev/null || continue
    total=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    jit=0
    for task in /proc/"$pid"/task/*; do
      if grep -q "CompilerThre" "$task/comm" 2>/dev/null; then
        jit=$((jit + $(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')))
      fi
    done
    echo "| $name | $(awk -v t="$total" -v k="$tick" 'BEGIN {printf "%.1f", t / k}') | $(awk -v j="$jit" -v t="$total" -v k="$tick" 'BEGIN {printf "%.1f (%d %%)", j / k, t ? 100 * j / t : 0}') |"
  done
}

# One section: a title, a sentence on what it measures, the command (run from the project root), its output. Each is
# kept in its own file, so that a run with SKIP refreshes the others and keeps the skipped ones from the last run
# (on a fresh clone, which has no last run, as $OUT has them).
SECTION_KEYS=()
section() { # key, title, what, command...
  local key=$1 title=$2 what=$3; shift 3
  SECTION_KEYS+=("$key")
  if [[ " $SKIP " == *" $key "* ]]; then
    if [ ! -f "$WORK/$key.section" ] && [ -f "$OUT" ]; then
      local kept
      kept=$(awk -v heading="## $title" '$0 == heading {keep = 1; print; next} keep && /^## / {exit} keep' "$OUT")
      # A section $OUT does not have yet (a new one) stays absent until it runs.
      if [ -n "$kept" ]; then printf '%s\n\n' "$kept" > "$WORK/$key.section"; fi
    fi
    return
  fi
  echo "== $title: $*" >&2
  local started; started=$(date -u +%Y-%m-%dT%H:%MZ)
  local t0=$SECONDS
  if ! "$@" > "$WORK/$key.out" 2> "$WORK/$key.err"; then
    echo "(exited with an error; the end of its stderr:)" >> "$WORK/$key.out"
    tail -5 "$WORK/$key.err" | sed 's/^/    /' >> "$WORK/$key.out"
  fi
  {
    echo "## $title"
    echo
    echo "$what"
    echo
    echo "Command: \`$*\` (started $started, took $((SECONDS - t0)) s)"
    echo
    cat "$WORK/$key.out"
    echo
  } > "$WORK/$key.section"
}

section jmh "Hot in-process paths (JMH)" \
  "Microbenchmarks on the production classes, no system running: order ids, shard routing, token issue and verification, the in-memory rate-limit decision, webhook signing." \
  load-tests/bin/jmh.sh

startup() {
  local cold warm pss stopped
  # Cold: empty data and no AOT cache, as the first start after a build (it records the caches).
  rm -rf .patternshop/aot
  start_system --fresh
  cold=$UP_SECONDS
  local stop_began=$SECONDS
  stop_system
  stopped=$((SECONDS - stop_began))
  local before after
  before=$(machine_cpu)
  start_system
  after=$(machine_cpu)
  warm=$UP_SECONDS
  pss=$(system_pss_mib)
  echo "| start | seconds to \"is up\" (every readiness probe UP, every service answering through the gateway, catalog warmed) |"
  echo "|---|---:|"
  echo "| cold: \`./patternshop up --fresh\` (empty data, no AOT cache: the first start after a build, recording them) | $cold |"
  echo "| the stop after it (\`./patternshop down\`, assembling the AOT caches) | $stopped |"
  echo "| warm: \`./patternshop up\` (data kept, the AOT caches of the previous run) | $warm |"
  echo
  echo "Memory of the running system after the warm start: $pss MiB PSS (every process, shared pages divided among their sharers)."
  echo
  # $before and $after are "busy total" pairs: word-split on purpose.
  # shellcheck disable=SC2086
  set -- $before $after
  echo "CPU during the warm start: $(awk -v b="$(($3 - $1))" -v t="$(($4 - $2))" -v k="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.1f of the %.1f CPU seconds the machine had were busy (%.0f %%)", b / k, t / k, 100 * b / t}'). Each JVM's CPU until \"is up\":"
  echo
  jvm_cpu_table
  echo
  echo "The warm start, as it printed it:"
  echo
  echo '```'
  sed -n '/infrastructure ready/,/is up in/p' "$WORK/up.out"
  echo '```'
}
section startup "Start-up and memory" \
  "The embedded runtime's start, timed as \`up\` reports it, cold and then warm, and the memory of all its processes." \
  startup
if [ -z "$UP_PID" ]; then start_system ${UP_ARGS:-}; fi

section gateway "The edge: gateway vs direct vs nginx" \
  "GET /products/{id} straight to one catalog instance, through a gateway (token verified, rate limiter, breaker, retry, load balancer), and through nginx, with the CPU each proxy spends per request. Tracing as configured (a budget of 20 new traces/s per process, 10 % beyond)." \
  env LEVELS="8" DURATION=30s WARMUP=90s load-tests/bin/gateway-overhead-benchmark.sh

section gateway-traced "The edge with every request traced" \
  "The same, with the benchmark gateway recording a trace for every request (the former default): what tracing everything costs." \
  env LEVELS="8" DURATION=30s WARMUP=90s load-tests/bin/gateway-overhead-benchmark.sh \
    --patternshop.tracing.sampling.traces-per-second=1000000 --management.tracing.sampling.probability=1.0

section gateway-features "What each edge feature costs" \
  "The gateway's CPU per proxied request as configured, with one feature off at a time, with all of them off, and for a request refused before any route (the server and Spring Security alone): where the gateway's cost is, and what is the framework's." \
  load-tests/bin/gateway-feature-cost.sh

section cache "Cache-aside: cache on vs off" \
  "GET /products/{id} on two extra catalog instances that differ only in catalog.cache.enabled." \
  env CONNECTIONS=8 DURATION=30s WARMUP=60s load-tests/bin/catalog-cache-benchmark.sh

section saga "The checkout saga vs its one-service baseline" \
  "Checkouts through the gateway at a fixed arrival rate until CONFIRMED, beside the same order written in one local transaction." \
  env RATE=5 DURATION=30 load-tests/bin/saga-benchmark.sh

gatling_checkout() {
  ./mvnw -q -B -pl load-tests test-compile gatling:test -Dgatling.simulationClass=dev.patternshop.loadtests.CheckoutSimulation \
    -DusersPerSecond=5 -DdurationSeconds=30 > "$WORK/gatling.log" 2>&1 || true
  sed -n '/Global Information/,/^=*$/p' "$WORK/gatling.log" | sed 's/^/    /'
  local report; report=$(ls -td load-tests/target/gatling/checkoutsimulation-* 2>/dev/null | head -1)
  echo
  echo "Report: \`$report/index.html\` (written by the run; not committed)"
}
section gatling "The checkout as customers see it (Gatling)" \
  "CheckoutSimulation: place, then poll the 202's Location as Retry-After asks, until CONFIRMED; 5 new customers a second for 30 s after a warm-up ramp." \
  gatling_checkout

section shards "Sharding: one vs two shard clusters, and the outbox's publish lag" \
  "POST /orders to 202 with all 64 logical shards on one cluster vs spread over two; the outbox's lag from commit to published under that load (the relay wakes on commit: LISTEN/NOTIFY)." \
  env CONNECTIONS=8 DURATION=30s load-tests/bin/order-placement-benchmark.sh

section shards-light "The outbox's publish lag at one connection" \
  "The same harness with one connection: orders one after another rather than as fast as eight clients can push them. Still as fast as one client can go, and every order's saga runs behind it: the box is saturated (about 25 orders a second on 2 cores)." \
  env CONNECTIONS=1 WARMUP=60s DURATION=30s load-tests/bin/order-placement-benchmark.sh

section outbox-paced "The outbox's publish lag at a steady 10 orders a second" \
  "Four customers who each pause 350 ms before every order: about ten orders a second, below what the box can take, so the relay's own delay shows rather than the queue behind a saturated box. Through the running order-service-1 (no instance started for the run, so no JVM still compiling beside it), after two minutes of orders at full speed." \
  load-tests/bin/outbox-lag-benchmark.sh

section broker-outage "The outbox through a broker outage" \
  "POST /orders before, during and after Kafka is killed: checkout keeps answering, the events wait in the outbox." \
  load-tests/bin/broker-outage-scenario.sh

section hostile "One hostile client beside a good one" \
  "A good client alone, then beside a client that sends only bad input: the good client's error rate must not move." \
  load-tests/bin/hostile-client-scenario.sh

# Last: see its description.
section reservations "Inventory reservations" \
  "ReserveStock commands straight to Kafka, both inventory instances consuming: one hot product vs products spread out. Last: its tens of thousands of replies also reach order-service, which reads and ignores them for minutes afterwards (a saga run right after it timed out behind them)." \
  load-tests/bin/reservation-benchmark.sh

stop_system
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`load-tests/bin/baselines.sh\` on $(date -u +%Y-%m-%d) (each section gives its own start) at commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- . ':!docs' || echo ' (with local changes)'); do not edit by hand, run it again."
  echo
  echo "Machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p); the whole runtime (14 JVMs, 7 Postgres servers, Kafka, Redis, Zipkin, WireMock) and the load generator share these cores."
  echo
  for key in "${SECTION_KEYS[@]}"; do
    if [ -f "$WORK/$key.section" ]; then cat "$WORK/$key.section"; fi
  done
} > "$OUT"
echo "wrote $OUT" >&2
