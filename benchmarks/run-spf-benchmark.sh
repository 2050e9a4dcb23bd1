#!/usr/bin/env bash
# Compares Spamfree's SPF evaluator with Apache jSPF 1.0.5 on the same records and the same NSD
# server on 127.0.0.1: results of the RFC 7208 cases, then evaluations per second and latency
# percentiles. Run with --help for the options.
set -euo pipefail

SCRIPT_NAME="$(basename "$0")"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
COMMAND_LINE="$0${*:+ $*}"
NSD_BINARY=/usr/sbin/nsd
MAIN_CLASS=org.spamfree.benchmarks.spf.SpfBenchmark
THREADS=8
ITERATIONS=20000
WARMUP=2000
MAX_SECONDS=900

usage() {
  cat <<USAGE
Usage: benchmarks/$SCRIPT_NAME [--threads N] [--iterations N] [--warmup N] [--max-seconds S]

Starts NSD on 127.0.0.1 with the benchmark zone bench.test and core's SPF test zones, then runs
$MAIN_CLASS, which prints a Markdown report to standard output. Expects the
classes to be compiled: mvn -o -pl benchmarks -am package -DskipTests (no install needed).

  --threads N       client threads evaluating at once (default $THREADS)
  --iterations N    measured evaluations per implementation and caching mode (default $ITERATIONS)
  --warmup N        evaluations before the measured ones (default $WARMUP)
  --max-seconds S   time bound of the harness (default $MAX_SECONDS)
USAGE
}

while (( $# > 0 )); do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --iterations) ITERATIONS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --max-seconds) MAX_SECONDS="$2"; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "$SCRIPT_NAME: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for value in "$THREADS" "$ITERATIONS" "$WARMUP" "$MAX_SECONDS"; do
  if ! [[ "$value" =~ ^[1-9][0-9]{0,6}$ ]]; then
    echo "$SCRIPT_NAME: invalid number '$value': expected a whole number from 1 to 9999999" >&2
    exit 2
  fi
done
if [[ ! -x "$NSD_BINARY" ]]; then
  echo "$SCRIPT_NAME: NSD is missing; install it with apt-get install nsd" >&2
  exit 1
fi
CORE_CLASSES="$REPO_ROOT/core/target/classes"
BENCHMARK_CLASSES="$REPO_ROOT/benchmarks/target/classes"
if [[ ! -d "$CORE_CLASSES/org/spamfree/core/spf" || ! -d "$BENCHMARK_CLASSES/org/spamfree/benchmarks/spf" ]]; then
  echo "$SCRIPT_NAME: compiled classes missing; run mvn -o -pl benchmarks -am package -DskipTests" >&2
  exit 2
fi

WORK_DIR="$(mktemp -d)"
NSD_PID=""
cleanup() {
  if [[ -n "$NSD_PID" ]] && kill -0 "$NSD_PID" 2>/dev/null; then
    kill "$NSD_PID"
    wait "$NSD_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT

mvn -q -o -f "$REPO_ROOT/pom.xml" -pl benchmarks dependency:build-classpath \
  -DexcludeGroupIds=org.spamfree -Dmdep.outputFile="$WORK_DIR/dependencies" >"$WORK_DIR/mvn.log" 2>&1 \
  || { cat "$WORK_DIR/mvn.log" >&2; exit 2; }
CLASSPATH="$BENCHMARK_CLASSES:$CORE_CLASSES:$(cat "$WORK_DIR/dependencies")"

# A port free for UDP and TCP on 127.0.0.1.
PORT=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if ! ss -H -lnu "sport = :$candidate" | grep -q . && ! ss -H -lnt "sport = :$candidate" | grep -q .; then
    PORT="$candidate"
    break
  fi
done
[[ -n "$PORT" ]] || { echo "$SCRIPT_NAME: no free port found" >&2; exit 1; }

ZONES_DIR="$WORK_DIR/zones"
mkdir -p "$ZONES_DIR"
cp "$REPO_ROOT/benchmarks/src/main/resources/spf/bench.test.zone" "$ZONES_DIR/"
cp "$REPO_ROOT/core/src/test/resources/zones/spf.test.zone" "$ZONES_DIR/"
cp "$REPO_ROOT/core/src/test/resources/zones/2.0.192.in-addr.arpa.zone" "$ZONES_DIR/"
{
  echo "server:"
  echo "  ip-address: 127.0.0.1"
  echo "  port: $PORT"
  echo "  do-ip6: no"
  echo "  username: \"\""
  echo "  chroot: \"\""
  echo "  zonesdir: \"$ZONES_DIR\""
  echo "  pidfile: \"$WORK_DIR/nsd.pid\""
  echo "  database: \"\""
  echo "  zonelistfile: \"$WORK_DIR/zone.list\""
  echo "  xfrdfile: \"$WORK_DIR/xfrd.state\""
  echo "  xfrdir: \"$WORK_DIR\""
  echo "  logfile: \"$WORK_DIR/nsd.log\""
  echo "  server-count: 1"
  echo "  verbosity: 1"
  # NSD's response rate limiting (200 queries/s per source by default in Debian's build) would
  # drop responses to the benchmark's own queries.
  echo "  rrl-ratelimit: 0"
  echo "  rrl-whitelist-ratelimit: 0"
  echo "remote-control:"
  echo "  control-enable: no"
  for zone in bench.test spf.test 2.0.192.in-addr.arpa; do
    echo "zone:"
    echo "  name: \"$zone\""
    echo "  zonefile: \"$zone.zone\""
  done
} >"$WORK_DIR/nsd.conf"
"$NSD_BINARY" -d -c "$WORK_DIR/nsd.conf" >"$WORK_DIR/nsd.out" 2>&1 &
NSD_PID=$!
sleep 1
if ! kill -0 "$NSD_PID" 2>/dev/null; then
  cat "$WORK_DIR/nsd.out" >&2
  exit 1
fi

# Host names resolve from this file only, so no lookup reaches the machine's resolver.
printf '127.0.0.1 localhost %s\n::1 localhost\n' "$(hostname)" >"$WORK_DIR/hosts"

echo "# SPF benchmark"
echo
echo "Command: \`$COMMAND_LINE\`; commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)."
echo "Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo),"
echo "$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GiB; $(java -version 2>&1 | head -n 1)."
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
timeout "$MAX_SECONDS" java -Xms256m -Xmx1g -Djdk.net.hosts.file="$WORK_DIR/hosts" \
  -Dlogback.configurationFile="$REPO_ROOT/conf/logback-tools.xml" \
  -cp "$CLASSPATH" "$MAIN_CLASS" --dns-port "$PORT" --threads "$THREADS" \
  --iterations "$ITERATIONS" --warmup "$WARMUP" \
  --comparison-cases "$REPO_ROOT/benchmarks/src/main/resources/spf/comparison-cases.tsv" \
  --benchmark-cases "$REPO_ROOT/benchmarks/src/main/resources/spf/benchmark-cases.tsv"
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
