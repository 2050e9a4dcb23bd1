#!/usr/bin/env bash
# Measures the latency of the DNS list check of a client address with four zones, one of them
# slow: Spamfree's DnsblChecker against James 3.8.1's DNSRBLHandler, side by side. NSD and
# the harness's delaying forwarder listen on 127.0.0.1 only. Run with --help for the options.
set -euo pipefail

SCRIPT_NAME="$(basename "$0")"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COMMAND_LINE="$0${*:+ $*}"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

ITERATIONS=200
WARMUP=20
SLOW_ZONE=1
SLOW_DELAY_MS=200
OTHER_ZONES_DELAY_MS=0
MAX_SECONDS=1200
KEEP_DIR=""

NSD_BINARY=/usr/sbin/nsd
MAIN_CLASS=org.spamfree.benchmarks.dnsbl.DnsblLatencyBenchmark
# Extra time for the harness beyond --max-seconds: JVM start, NSD start and the sanity checks.
HARNESS_GRACE_SECONDS=120
CLASSPATH_TIMEOUT_SECONDS=300
STOP_TIMEOUT_SECONDS=10

usage() {
  cat <<USAGE
Usage: benchmarks/$SCRIPT_NAME [options]

Starts NSD on 127.0.0.1 with four DNS list zones (zone1.test to zone4.test), runs the harness
$MAIN_CLASS, which sends the queries through a forwarder on 127.0.0.1 that delays the
responses of one zone, and prints a Markdown report with the machine's description to standard output.
Progress goes to standard error. Expects 'mvn install -DskipTests' to have run in the repository;
it builds nothing.

Options:
  --iterations N            measured checks per implementation and client kind, 1 to 100000
                            (default $ITERATIONS)
  --warmup N                checks before the measured ones, 0 to 100000 (default $WARMUP)
  --slow-zone N             number of the slow zone, 1 to 4 (default $SLOW_ZONE)
  --slow-delay-ms MS        delay of every response from the slow zone, 0 to 10000
                            (default $SLOW_DELAY_MS)
  --other-zones-delay-ms L  comma-separated delays of the other zones' responses in ms, each 0 to
                            10000. The measurement runs once per value (default $OTHER_ZONES_DELAY_MS)
  --max-seconds S           time bound of all measured checks, 1 to 86400 (default $MAX_SECONDS).
                            The harness is stopped $HARNESS_GRACE_SECONDS s after it.
  --repo DIR                repository root after "mvn install -DskipTests" (default: $REPO_ROOT)
  --keep-dir DIR            keep the zone files, NSD's log, the report and every measured
                            check's latency (latencies.csv) in DIR
  --help                    print this help and exit

Exit status: 0 when every check was measured with the expected outcome, 1 when NSD is missing,
a process failed or an outcome was unexpected, 2 for invalid options or a missing build.
USAGE
}

fail_usage() {
  echo "$SCRIPT_NAME: $1" >&2
  echo "Run '$SCRIPT_NAME --help' for usage." >&2
  exit 2
}

log() {
  echo "[$(date +%H:%M:%S)] $*" >&2
}

# Checks that $2 (the value of option $1) is an integer from $3 to $4 and prints it.
parse_integer() {
  local option="$1" value="$2" minimum="$3" maximum="$4"
  if ! [[ "$value" =~ ^[0-9]{1,9}$ ]] || (( 10#$value < minimum || 10#$value > maximum )); then
    fail_usage "invalid $option value '$value': expected an integer from $minimum to $maximum"
  fi
  echo $((10#$value))
}

parse_arguments() {
  while (( $# > 0 )); do
    local option="$1" value
    if [[ "$option" == --help || "$option" == -h ]]; then
      usage
      exit 0
    fi
    if [[ "$option" == --*=* ]]; then
      value="${option#*=}"
      option="${option%%=*}"
    elif [[ "$option" == --* ]]; then
      if (( $# < 2 )); then
        fail_usage "missing value for $option"
      fi
      value="$2"
      shift
    else
      fail_usage "unexpected argument '$option': every value must follow its option"
    fi
    shift
    case "$option" in
      --iterations) ITERATIONS="$(parse_integer "$option" "$value" 1 100000)" ;;
      --warmup) WARMUP="$(parse_integer "$option" "$value" 0 100000)" ;;
      --slow-zone) SLOW_ZONE="$(parse_integer "$option" "$value" 1 4)" ;;
      --slow-delay-ms) SLOW_DELAY_MS="$(parse_integer "$option" "$value" 0 10000)" ;;
      --other-zones-delay-ms)
        if ! [[ "$value" =~ ^[0-9]{1,5}(,[0-9]{1,5})*$ ]]; then
          fail_usage "invalid $option value '$value': expected comma-separated integers such as 0,20"
        fi
        OTHER_ZONES_DELAY_MS="$value"
        ;;
      --max-seconds) MAX_SECONDS="$(parse_integer "$option" "$value" 1 86400)" ;;
      --repo) REPO_ROOT="$value" ;;
      --keep-dir) KEEP_DIR="$value" ;;
      *) fail_usage "unknown option '$option'" ;;
    esac
  done
}

check_prerequisites() {
  if [[ ! -x "$NSD_BINARY" ]]; then
    echo "$SCRIPT_NAME: NSD not found at $NSD_BINARY. scripts/install-test-deps installs it" \
      "(Debian package nsd)." >&2
    exit 1
  fi
  if [[ ! -d "$REPO_ROOT" ]]; then
    fail_usage "repository root '$REPO_ROOT' not found. Set --repo to the Spamfree checkout."
  fi
  REPO_ROOT="$(cd "$REPO_ROOT" && pwd)"
  BENCHMARK_CLASSES="$REPO_ROOT/benchmarks/target/classes"
  CORE_CLASSES="$REPO_ROOT/core/target/classes"
  if [[ ! -f "$BENCHMARK_CLASSES/${MAIN_CLASS//.//}.class" || ! -d "$CORE_CLASSES/org/spamfree/core/dnsbl" ]]; then
    echo "$SCRIPT_NAME: compiled classes not found in $BENCHMARK_CLASSES and $CORE_CLASSES." \
      "Run 'mvn install -DskipTests' in $REPO_ROOT first." >&2
    exit 2
  fi
  local tool
  for tool in java mvn awk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$SCRIPT_NAME: $tool not found on the PATH. Install it first." >&2
      exit 2
    fi
  done
}

# --- Process handling -------------------------------------------------------------------------

NSD_PID=""
HARNESS_PID=""
WORK_DIR=""

# Sends SIGTERM to process $1, waits up to STOP_TIMEOUT_SECONDS, then sends SIGKILL.
stop_process() {
  local pid="$1" name="$2"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (PID $pid) did not stop within $STOP_TIMEOUT_SECONDS s after SIGTERM, so sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  trap - EXIT INT TERM
  stop_process "$HARNESS_PID" "harness"
  stop_process "$NSD_PID" "NSD"
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
    if [[ -n "$KEEP_DIR" ]]; then
      mkdir -p "$KEEP_DIR"
      cp -r "$WORK_DIR"/. "$KEEP_DIR"/
      log "kept the zone files, NSD's log, the report and latencies.csv in $KEEP_DIR"
    fi
    rm -rf "$WORK_DIR"
  fi
}

# --- Steps ------------------------------------------------------------------------------------

# Writes the harness's classpath to $WORK_DIR/classpath: this checkout's compiled classes first,
# then the third-party jars from the local Maven repository, so a spamfree-core snapshot that
# another build installed there is never used.
build_classpath() {
  log "resolving the harness's classpath with Maven (offline)"
  if ! timeout "$CLASSPATH_TIMEOUT_SECONDS" mvn -q -o -f "$REPO_ROOT/pom.xml" -pl benchmarks \
      dependency:build-classpath -DexcludeGroupIds=org.spamfree \
      -Dmdep.outputFile="$WORK_DIR/dependencies" >"$WORK_DIR/mvn.log" 2>&1; then
    cat "$WORK_DIR/mvn.log" >&2
    echo "$SCRIPT_NAME: resolving the classpath failed. Run 'mvn install -DskipTests' in $REPO_ROOT" \
      "first, which also downloads the dependencies." >&2
    exit 2
  fi
  echo "$BENCHMARK_CLASSES:$CORE_CLASSES:$(cat "$WORK_DIR/dependencies")" >"$WORK_DIR/classpath"
}

write_jvm_files() {
  # Only loopback names, so the JVM's name lookups (James's DNS service looks up the local host
  # name) never reach the machine's resolver.
  printf '127.0.0.1 localhost %s\n' "$(uname -n)" >"$WORK_DIR/hosts"
  # WARN and above only: DEBUG logging of every lookup would add to the measured latency.
  cat >"$WORK_DIR/logback.xml" <<'XML'
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder>
      <pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="WARN">
    <appender-ref ref="STDERR"/>
  </root>
</configuration>
XML
  JAVA_COMMAND=(java -Djdk.net.hosts.file="$WORK_DIR/hosts"
    -Dlogback.configurationFile="$WORK_DIR/logback.xml"
    -cp "$(cat "$WORK_DIR/classpath")" "$MAIN_CLASS")
}

# The java command line of the harness, set by write_jvm_files.
JAVA_COMMAND=()

start_nsd() {
  local port
  port="$("${JAVA_COMMAND[@]}" prepare "$WORK_DIR/nsd")"
  log "starting NSD on 127.0.0.1:$port"
  "$NSD_BINARY" -d -c "$WORK_DIR/nsd/nsd.conf" >"$WORK_DIR/nsd/nsd.out" 2>&1 &
  NSD_PID=$!
  NSD_PORT="$port"
}

run_harness() {
  log "running the harness, which first waits for NSD to respond"
  "${JAVA_COMMAND[@]}" run --nsd-port "$NSD_PORT" --iterations "$ITERATIONS" --warmup "$WARMUP" \
    --slow-zone "$SLOW_ZONE" --slow-delay-ms "$SLOW_DELAY_MS" \
    --other-zones-delay-ms "$OTHER_ZONES_DELAY_MS" --max-seconds "$MAX_SECONDS" \
    --latencies-file "$WORK_DIR/latencies.csv" >"$WORK_DIR/report.md" &
  HARNESS_PID=$!
  local deadline=$((SECONDS + MAX_SECONDS + HARNESS_GRACE_SECONDS))
  while kill -0 "$HARNESS_PID" 2>/dev/null && (( SECONDS < deadline )); do
    if ! kill -0 "$NSD_PID" 2>/dev/null; then
      log "NSD exited during the run; its output and log follow"
      cat "$WORK_DIR/nsd/nsd.out" "$WORK_DIR/nsd/nsd.log" >&2 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  if kill -0 "$HARNESS_PID" 2>/dev/null; then
    log "the harness did not finish within $((MAX_SECONDS + HARNESS_GRACE_SECONDS)) s, so stopping it"
    stop_process "$HARNESS_PID" "harness"
  fi
  HARNESS_STATUS=0
  wait "$HARNESS_PID" || HARNESS_STATUS=$?
  HARNESS_PID=""
}

print_report() {
  local java_version cpu memory_gib commit
  java_version="$(java -version 2>&1 | head -n 2 | paste -sd ';' - | sed 's/;/; /')"
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  memory_gib="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
  commit="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"

  echo "## DNS list check latency: Spamfree and James 3.8.1"
  echo
  echo "- Command: \`$COMMAND_LINE\`"
  echo "- Date: $RUN_DATE, duration $((SECONDS - RUN_STARTED_SECONDS)) s, commit $commit"
  echo "- Machine: $(nproc) cores ($cpu), $memory_gib GiB memory, $(uname -sr)"
  echo "- Java: $java_version"
  echo "- Load average (1, 5, 15 min): $LOAD_AVERAGE_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after"
  echo "- NSD: $("$NSD_BINARY" -v 2>&1 | head -n 1)"
  echo
  cat "$WORK_DIR/report.md"
}

main() {
  parse_arguments "$@"
  check_prerequisites
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  RUN_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  RUN_STARTED_SECONDS=$SECONDS
  LOAD_AVERAGE_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/spamfree-dnsbl-benchmark.XXXXXX")"

  build_classpath
  write_jvm_files
  start_nsd
  run_harness
  if [[ ! -s "$WORK_DIR/report.md" ]]; then
    log "the harness printed no report (exit status $HARNESS_STATUS); see the messages above"
    exit 1
  fi
  print_report
  if (( HARNESS_STATUS != 0 )); then
    log "the harness exited with status $HARNESS_STATUS; see the messages above"
    exit 1
  fi
}

main "$@"
