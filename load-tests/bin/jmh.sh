#!/usr/bin/env bash
# Microbenchmarks (JMH) of the hot in-process paths, run on the production classes: order ids, shard routing, token
# issue and verification, the gateway's in-memory rate-limit decisions, webhook signing. Needs no running system.
# Builds load-tests/jmh/target/benchmarks.jar when it is missing or older than the code it measures, runs the
# benchmarks (JMH's progress on stderr, its results as JSON in load-tests/target/jmh-result.json) and prints on
# stdout the machine, the command, the date and a Markdown table of the results.
#   load-tests/bin/jmh.sh                          all of them with the defaults in the code (fork 1, warm-up 3 x 1 s,
#                                                  measurement 5 x 1 s: about 2 minutes)
#   load-tests/bin/jmh.sh -wi 5 -i 10 -r 2s Token  any JMH option (java -jar benchmarks.jar -h), regexps pick benchmarks
#   MVN_FLAGS=-o load-tests/bin/jmh.sh             extra Maven flags for the build (it runs ./mvnw -pl load-tests/jmh
#                                                  -am package -DskipTests, which builds the services it measures)
# Needs a JDK >= 25: JAVA_HOME, or java on the PATH (./patternshop java-home prints the one the runtime uses).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=load-tests/jmh/target/benchmarks.jar
RESULT=load-tests/target/jmh-result.json
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

version=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
major=${version%%.*}
if ! [ "${major:-0}" -ge 25 ] 2>/dev/null; then
  echo "$JAVA is Java ${version:-?}; the benchmarks need a JDK >= 25 (set JAVA_HOME)." >&2
  exit 1
fi

# Stale when anything it is built from changed after the jar.
sources=(pom.xml load-tests/jmh/pom.xml load-tests/jmh/src order-service/src/main gateway/src/main
  notification-service/src/main infra/service-defaults/src/main)
if [ ! -f "$JAR" ] || [ -n "$(find "${sources[@]}" -newer "$JAR" -print -quit)" ]; then
  echo "building $JAR ..." >&2
  # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
  ./mvnw -B -q ${MVN_FLAGS:-} -pl load-tests/jmh -am package -DskipTests >&2
fi

mkdir -p "$(dirname "$RESULT")"
started=$(date -u '+%Y-%m-%d %H:%M UTC')
# JMH reads fields through sun.misc.Unsafe (JDK 24+ warns about it); the forks inherit this flag.
command=("$JAVA" --sun-misc-unsafe-memory-access=allow -cp "$JAR" dev.patternshop.benchmarks.MarkdownReport -rf json -rff "$RESULT" "$@")
table=$("${command[@]}")

cores=$(nproc)
memory=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
jdk=$("$JAVA" -version 2>&1 | sed -n 2p)
echo "- machine: ${cores} cores (nproc), ${memory} memory (/proc/meminfo)${cpu:+, $cpu}, $(uname -sr)"
echo "- JDK: ${jdk}"
args=""
[ $# -eq 0 ] || args=$(printf ' %q' "$@")
echo "- command: \`load-tests/bin/jmh.sh${args}\`, which ran \`$(printf '%q ' "${command[@]}" | sed 's/ $//')\`"
echo "- date: ${started} (start); JSON results: ${RESULT}"
echo
echo "$table"
