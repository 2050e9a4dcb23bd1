#!/usr/bin/env bash
# Measures scan throughput on the same messages: Spamfree's clamd client (TCP and unix socket,
# with and without IDSESSION connection reuse) against clamdscan --stream. The harness starts its
# own clamd on 127.0.0.1 and a unix socket with the project's test signatures; the Debian service
# is not used. Prints a Markdown report to standard output and progress to standard error.
#
# Usage: benchmarks/run-clamav-benchmark.sh [MESSAGES [ROUNDS]]   (defaults 100 and 5)
# Needs the compiled classes: mvn -o compile -pl benchmarks -am (no install needed).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
COMMAND_LINE="$0${*:+ $*}"
MESSAGES="${1:-100}"
ROUNDS="${2:-5}"
MAIN_CLASS=org.spamfree.benchmarks.clamav.ClamavThroughputBenchmark
# The harness is ended after this many seconds, whatever it is doing.
MAX_SECONDS=900

if ! [[ "$MESSAGES" =~ ^[0-9]{1,5}$ ]] || (( MESSAGES < 1 )); then
  echo "run-clamav-benchmark.sh: invalid message count '$MESSAGES': expected 1 to 99999" >&2
  exit 2
fi
if ! [[ "$ROUNDS" =~ ^[0-9]{1,3}$ ]] || (( ROUNDS < 1 )); then
  echo "run-clamav-benchmark.sh: invalid round count '$ROUNDS': expected 1 to 999" >&2
  exit 2
fi
for binary in /usr/sbin/clamd /usr/bin/clamdscan; do
  if [[ ! -x "$binary" ]]; then
    echo "run-clamav-benchmark.sh: $binary not found. scripts/install-test-deps installs it" \
      "(Debian packages clamav-daemon and clamdscan)." >&2
    exit 1
  fi
done
BENCHMARK_CLASSES="$REPO_ROOT/benchmarks/target/classes"
CORE_CLASSES="$REPO_ROOT/core/target/classes"
if [[ ! -f "$BENCHMARK_CLASSES/${MAIN_CLASS//.//}.class" ]]; then
  echo "run-clamav-benchmark.sh: $BENCHMARK_CLASSES has no harness. Run" \
    "'mvn -o compile -pl benchmarks -am' in $REPO_ROOT first." >&2
  exit 2
fi

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/spamfree-clamav-benchmark.XXXXXX")"
trap 'rm -rf "$WORK_DIR"' EXIT

# Third-party jars only: this checkout's own classes come first, never an installed snapshot.
echo "[$(date +%H:%M:%S)] resolving the classpath with Maven (offline)" >&2
mvn -q -o -f "$REPO_ROOT/pom.xml" -pl benchmarks dependency:build-classpath \
  -DexcludeGroupIds=org.spamfree -Dmdep.outputFile="$WORK_DIR/dependencies" >"$WORK_DIR/mvn.log" 2>&1 \
  || { cat "$WORK_DIR/mvn.log" >&2; exit 2; }
printf '127.0.0.1 localhost\n::1 localhost\n' >"$WORK_DIR/hosts"
cat >"$WORK_DIR/logback.xml" <<'XML'
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="STDERR"/></root>
</configuration>
XML

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED=$SECONDS
echo "[$(date +%H:%M:%S)] running the harness" >&2
timeout "$MAX_SECONDS" java -Djdk.net.hosts.file="$WORK_DIR/hosts" \
  -Dlogback.configurationFile="$WORK_DIR/logback.xml" \
  -cp "$BENCHMARK_CLASSES:$CORE_CLASSES:$(cat "$WORK_DIR/dependencies")" \
  "$MAIN_CLASS" "$WORK_DIR/run" "$MESSAGES" "$ROUNDS" >"$WORK_DIR/report.md"

echo "## Virus scan throughput: Spamfree's clamd client and clamdscan --stream"
echo
echo "- Command: \`$COMMAND_LINE\`"
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), duration $((SECONDS - STARTED)) s, commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "- Machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GiB memory, $(uname -sr)"
echo "- Java: $(java -version 2>&1 | head -n 1); clamd: $(/usr/sbin/clamd --version)"
echo "- Load average (1, 5, 15 min): $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
cat "$WORK_DIR/report.md"
