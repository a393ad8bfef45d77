#!/usr/bin/env bash
# Competing consumers and the inbox under a crash: two inventory instances share inventory.commands.v1 (one
# consumer group, 6 partitions). While ReserveStock commands flow (the ReservationLoad harness plays the order
# saga), one instance is killed with SIGKILL: the broker notices its session is gone, the group rebalances, and the
# survivor takes over its partitions from their last committed offsets. Commands the dead instance had handled
# but not yet acknowledged are delivered again; its inbox finds them there and changes nothing. At the end every
# command must have exactly one outcome: no command unanswered (nothing lost), none answered twice (nothing applied
# twice). Then the killed instance is restarted (./patternshop restart) and the group rebalances back.
# Needs a running system (./patternshop up). Traffic goes to 127.0.0.1 only and stops by itself.
#   RATE=100 DURATION=40 KILL_AFTER=10 VICTIM=inventory-service-2 load-tests/bin/inventory-rebalance-scenario.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source load-tests/bin/common.sh
RATE=${RATE:-100}
RUN_SECONDS=${DURATION:-40}; RUN_SECONDS=${RUN_SECONDS%s}
KILL_AFTER=${KILL_AFTER:-10}
VICTIM=${VICTIM:-inventory-service-2}
SURVIVOR=${SURVIVOR:-inventory-service-1}

require_running
pid_of() { awk -F'\t' -v name="$1" '$1 == name {print $2}' "$PROCESS_TABLE"; }
PID=$(pid_of "$VICTIM")
[[ $PID =~ ^[1-9][0-9]*$ ]] || { echo "$VICTIM is not running (pid '$PID' in $PROCESS_TABLE)" >&2; exit 1; }
harness_classpath >/dev/null
trap 'for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
      [ -n "${RESTARTED:-}" ] || ./patternshop restart "$VICTIM" >/dev/null' EXIT

SURVIVOR_LOG="$LOGS/$SURVIVOR.log"
LOG_FROM=$(wc -l < "$SURVIVOR_LOG" 2>/dev/null || echo 0)
echo "sending $RATE ReserveStock/s for $RUN_SECONDS s; kill -9 $VICTIM (pid $PID) after $KILL_AFTER s"
run_harness ReservationLoad "$KAFKA" spread "$RATE" "$RUN_SECONDS" 1 10000 > "$LOGS/rebalance.out" &
HARNESS=$!
EXTRA_PIDS+=("$HARNESS")
sleep "$KILL_AFTER"
kill -9 "$PID"
echo "killed $VICTIM at $(date +%T)"
wait "$HARNESS"
echo
echo "$RESERVATION_HEADER"
cat "$LOGS/rebalance.out"
echo
echo "what $SURVIVOR logged about partitions since the run began:"
tail -n +"$((LOG_FROM + 1))" "$SURVIVOR_LOG" | grep -i "partitions assigned\|partitions revoked\|partitions lost" \
  | sed -E 's/.*"@timestamp":"([^"]+)".*"message":"([^"]*)".*/  \1  \2/' | tail -6 || true
echo
./patternshop restart "$VICTIM"
RESTARTED=1
ROW=$(cat "$LOGS/rebalance.out")
SENT=$(echo "$ROW" | awk -F'|' '{gsub(/ /, "", $3); print $3}')
REPLIES=$(echo "$ROW" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
TWICE=$(echo "$ROW" | awk -F'|' '{gsub(/ /, "", $7); print $7}')
if [ "$SENT" = "$REPLIES" ] && [ "$TWICE" = 0 ]; then
  echo "PASS: $SENT commands, each answered exactly once across the crash and the rebalance"
else
  echo "FAIL: $SENT commands sent, $REPLIES answered, $TWICE answered twice" >&2
  exit 1
fi
