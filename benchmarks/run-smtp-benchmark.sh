#!/usr/bin/env bash
# Measures plain James 3.8.1 and Spamfree side by side on this machine: SMTP acceptance
# throughput and latency (with benchmarks/target/spamfree-benchmarks.jar), start time and RSS.
# Servers run one at a time on loopback ports. The Spamfree rows get their DNS from an NSD on
# 127.0.0.1 and spamfree-all-checks its virus scans from a clamd on 127.0.0.1, both started here.
# Run with --help for the options.
set -euo pipefail

SCRIPT_NAME="$(basename "$0")"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
COMMAND_LINE="$0${*:+ $*}"

MESSAGES=3000
WARMUP=300
SESSIONS=10
ROUNDS=2
MAX_SECONDS=300
DNS_TTL=0
SERVERS="plain-james,spamfree,james+durable-queue"
KNOWN_SERVERS="plain-james spamfree james+durable-queue spamfree-all-checks"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
LOG_DIR=""
PROFILE=false

# Fixed load shape: 4 KiB messages, one message per connection, three client addresses. The
# sources leave out 127.0.0.2, which every IP DNS list lists as its RFC 5782 section 5 test entry.
MESSAGE_SIZE=4096
SOURCES="127.0.0.3,127.0.0.4,127.0.0.5"
# The EHLO name and the envelope sender's domain. The NSD zones below give them the A and SPF
# records, and the sources PTR names that resolve back to them, so every DNS check gets answers.
LOAD_HELO="mta.load.test"
LOAD_SENDER="load@load.test"
# Spamfree creates this user at start (local.user.demo@spamfree.test in spamfree.properties).
# The other servers get the same user through WebAdmin, so every server delivers to one mailbox.
RECIPIENT="demo@spamfree.test"
RECIPIENT_PASSWORD="bench"
BIND="127.0.0.1"
# The distribution's default heap (SPAMFREE_JAVA_OPTS in bin/spamfree).
SERVER_HEAP_OPTIONS=(-Xms256m -Xmx1g)
START_TIMEOUT_SECONDS=120
# Maximum wait after the load for the spool queue to empty, before the server is stopped.
DRAIN_TIMEOUT_SECONDS=120
STOP_TIMEOUT_SECONDS=60
# Extra time for the load client beyond --max-seconds: JVM start and the final reply timeout.
CLIENT_GRACE_SECONDS=60

NSD_BINARY=/usr/sbin/nsd
CLAMD_BINARY=/usr/sbin/clamd
# Maximum wait for NSD to accept connections and for clamd to reply to PING after their start.
HELPER_START_TIMEOUT_SECONDS=60
HELPER_STOP_TIMEOUT_SECONDS=10

usage() {
  cat <<USAGE
Usage: benchmarks/$SCRIPT_NAME [options]

Starts each server in turn on free loopback ports, measures its start time (process launch to the
first SMTP 220 greeting) and RSS, runs the SMTP load client against it, stops it, and prints a
Markdown table with the machine's description to standard output. Progress goes to standard error.

Servers:
  plain-james          org.apache.james.MemoryJamesServerMain, in-memory mail queue, the
                       distribution's conf/ with benchmarks/plain-james/ copied over it
  spamfree             the packaged Spamfree distribution on its embedded defaults (reverse DNS,
                       HELO DNS, SPF, geo and attachment checks on; no DNS lists, no clamd),
                       with SPAMFREE_DNS_SERVERS set to the loopback NSD
  james+durable-queue  org.spamfree.server.SpamfreeServerMain (durable journal queue) with the
                       plain-james configuration, so without Spamfree's checks
  spamfree-all-checks  the packaged distribution with every check on: the defaults above plus
                       an IP blocklist, an IP allowlist and a domain list served by the loopback
                       NSD, and virus scanning by a clamd on 127.0.0.1

The Spamfree rows need NSD ($NSD_BINARY) and spamfree-all-checks also clamd ($CLAMD_BINARY);
scripts/install-test-deps installs both. One NSD and one clamd serve all runs of an invocation.
Their zone records have TTL 0 by default (--dns-ttl), so Spamfree's DNS cache keeps none of them
and every message triggers its own lookups, as when each client is new.

Every server relays accepted mail through RemoteDelivery to one next hop, an SMTP sink from the
load client's jar on a free port of $BIND, as a gateway relays to the protected domains' mail
store. A run fails unless the sink receives every message acknowledged with 250, each once.

Options:
  --messages N      measured messages per run, 1 to 10000000 (default $MESSAGES)
  --warmup N        messages sent before the measured ones, 0 to 10000000 (default $WARMUP)
  --sessions N      concurrent SMTP sessions, 1 to 1000 (default $SESSIONS)
  --rounds N        runs of each server, 1 to 10 (default $ROUNDS). Even rounds use the reverse
                    server order, to reduce order effects.
  --max-seconds S   time bound of each load run in seconds, 1 to 86400 (default $MAX_SECONDS)
  --servers LIST    comma-separated servers to measure, in order (default $SERVERS)
  --dns-ttl S       TTL in seconds of every record and negative answer of the NSD zones, 0 to
                    86400 (default $DNS_TTL). Above 0, Spamfree answers repeated lookups of the
                    three sources from its cache.
  --repo DIR        repository root after "mvn install -DskipTests" (default: $REPO_ROOT)
  --log-dir DIR     copy each run's server and client logs into DIR/SERVER-roundN/
  --profile         record each server with Java Flight Recorder's profile settings into
                    logs/server.jfr (copied with --log-dir). It costs some throughput, so figures
                    of a profiled run are not comparable with others.
  --help            print this help and exit

Exit status: 0 when every run completed, 1 when a server failed to start or a run failed,
2 for invalid options or a missing build.
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
    if [[ "$option" == --profile ]]; then
      PROFILE=true
      shift
      continue
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
      --messages) MESSAGES="$(parse_integer "$option" "$value" 1 10000000)" ;;
      --warmup) WARMUP="$(parse_integer "$option" "$value" 0 10000000)" ;;
      --sessions) SESSIONS="$(parse_integer "$option" "$value" 1 1000)" ;;
      --rounds) ROUNDS="$(parse_integer "$option" "$value" 1 10)" ;;
      --max-seconds) MAX_SECONDS="$(parse_integer "$option" "$value" 1 86400)" ;;
      --servers) SERVERS="$value" ;;
      --dns-ttl) DNS_TTL="$(parse_integer "$option" "$value" 0 86400)" ;;
      --repo) REPO_ROOT="$value" ;;
      --log-dir) LOG_DIR="$value" ;;
      *) fail_usage "unknown option '$option'" ;;
    esac
  done

  local server seen=" "
  IFS=',' read -r -a SERVER_LIST <<<"$SERVERS"
  if (( ${#SERVER_LIST[@]} == 0 )); then
    fail_usage "invalid --servers value '$SERVERS': expected a comma-separated list of ${KNOWN_SERVERS// /, }"
  fi
  for server in "${SERVER_LIST[@]}"; do
    if [[ " $KNOWN_SERVERS " != *" $server "* ]]; then
      fail_usage "invalid --servers value '$SERVERS': unknown server '$server'. Expected one of ${KNOWN_SERVERS// /, }"
    fi
    if [[ "$seen" == *" $server "* ]]; then
      fail_usage "invalid --servers value '$SERVERS': '$server' is listed twice. Use --rounds to repeat a server."
    fi
    seen+="$server "
  done
}

check_prerequisites() {
  if [[ ! -d "$REPO_ROOT" ]]; then
    fail_usage "repository root '$REPO_ROOT' not found. Set --repo to the Spamfree checkout."
  fi
  REPO_ROOT="$(cd "$REPO_ROOT" && pwd)"

  DISTRIBUTION="$REPO_ROOT/packaging/target/spamfree-server-0.1.0-SNAPSHOT/spamfree-server-0.1.0-SNAPSHOT"
  CLIENT_JAR="$REPO_ROOT/benchmarks/target/spamfree-benchmarks.jar"
  PLAIN_CONF="$REPO_ROOT/benchmarks/plain-james"

  if [[ ! -d "$DISTRIBUTION/lib" ]]; then
    echo "$SCRIPT_NAME: distribution not found at $DISTRIBUTION. Run 'mvn install -DskipTests' in $REPO_ROOT first." >&2
    exit 2
  fi
  if [[ ! -f "$CLIENT_JAR" ]]; then
    echo "$SCRIPT_NAME: load client not found at $CLIENT_JAR. Run 'mvn install -DskipTests' in $REPO_ROOT first." >&2
    exit 2
  fi
  if [[ ! -f "$PLAIN_CONF/smtpserver.xml" ]]; then
    echo "$SCRIPT_NAME: plain James configuration not found in $PLAIN_CONF" >&2
    exit 2
  fi

  local tool
  for tool in java curl awk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$SCRIPT_NAME: $tool not found on the PATH. Install it first." >&2
      exit 2
    fi
  done

  if [[ ! -r /proc/self/status ]]; then
    echo "$SCRIPT_NAME: /proc/PID/status is not readable. The script reads RSS there, so it needs Linux." >&2
    exit 2
  fi

  if { measures spamfree || measures spamfree-all-checks; } && [[ ! -x "$NSD_BINARY" ]]; then
    echo "$SCRIPT_NAME: NSD not found at $NSD_BINARY, and the Spamfree rows need it for their DNS" \
      "checks. scripts/install-test-deps installs it (Debian package nsd)." >&2
    exit 1
  fi
  if measures spamfree-all-checks && [[ ! -x "$CLAMD_BINARY" ]]; then
    echo "$SCRIPT_NAME: clamd not found at $CLAMD_BINARY, and spamfree-all-checks needs it." \
      "scripts/install-test-deps installs it (Debian package clamav-daemon)." >&2
    exit 1
  fi
}

# Returns 0 when server $1 is among the servers to measure.
measures() {
  [[ ",$SERVERS," == *",$1,"* ]]
}

# --- Process handling -------------------------------------------------------------------------

SERVER_PID=""
CLIENT_PID=""
WORK_ROOT=""
NSD_PID=""
NSD_PORT=""
CLAMD_PID=""
CLAMD_PORT=""
SINK_PID=""
SINK_PORT=""

# Sends SIGTERM to the server, waits up to STOP_TIMEOUT_SECONDS, then sends SIGKILL. Sets
# SERVER_EXIT_STATUS, and SERVER_KILLED to "yes" when SIGKILL was needed.
stop_server() {
  SERVER_EXIT_STATUS=""
  SERVER_KILLED="no"
  if [[ -z "$SERVER_PID" ]]; then
    return 0
  fi
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
    while kill -0 "$SERVER_PID" 2>/dev/null && (( SECONDS < deadline )); do
      sleep 0.2
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server process $SERVER_PID did not stop within $STOP_TIMEOUT_SECONDS s after SIGTERM, so sending SIGKILL"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
      SERVER_KILLED="yes"
    fi
  fi
  local status=0
  wait "$SERVER_PID" 2>/dev/null || status=$?
  SERVER_EXIT_STATUS="$status"
  SERVER_PID=""
}

# Sends SIGTERM to helper process $1 (NSD or clamd, named $2), waits up to
# HELPER_STOP_TIMEOUT_SECONDS, then sends SIGKILL.
stop_helper() {
  local pid="$1" name="$2"
  if [[ -z "$pid" ]] || ! kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + HELPER_STOP_TIMEOUT_SECONDS))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (PID $pid) did not stop within $HELPER_STOP_TIMEOUT_SECONDS s after SIGTERM, so sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$CLIENT_PID" ]] && kill -0 "$CLIENT_PID" 2>/dev/null; then
    kill -TERM "$CLIENT_PID" 2>/dev/null || true
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
  stop_server
  stop_helper "$CLAMD_PID" clamd
  stop_helper "$NSD_PID" NSD
  stop_helper "$SINK_PID" "SMTP sink"
  if [[ -n "$WORK_ROOT" && -d "$WORK_ROOT" ]]; then
    rm -rf "$WORK_ROOT"
  fi
  exit "$status"
}

# Prints a free TCP port on 127.0.0.1 below Linux's ephemeral range, so the load client's own
# connections cannot take it. A port is taken as free when a connection to it is refused.
free_port() {
  local attempt port
  for (( attempt = 1; attempt <= 200; attempt++ )); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/$BIND/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "$SCRIPT_NAME: no free port found on $BIND after 200 attempts" >&2
  return 1
}

# Returns 0 when the server on port $1 sends a 220 greeting within 5 s.
smtp_greets() {
  local port="$1" line="" fd
  # The braces keep 2>/dev/null from applying to the whole script, as it would after a bare exec.
  if ! { exec {fd}<>"/dev/tcp/$BIND/$port"; } 2>/dev/null; then
    return 1
  fi
  local status=1
  if read -r -t 5 -u "$fd" line 2>/dev/null && [[ "$line" == 220* ]]; then
    status=0
    { printf 'QUIT\r\n' >&"$fd"; } 2>/dev/null || true
  fi
  exec {fd}>&-
  return "$status"
}

# Prints field $2 (VmRSS or VmHWM) of process $1 in MiB, or "n/a" when the process is gone.
memory_mib() {
  local pid="$1" field="$2"
  awk -v field="$field:" '$1 == field { printf "%.0f", $2 / 1024; found = 1 } END { if (!found) printf "n/a" }' \
    "/proc/$pid/status" 2>/dev/null || echo "n/a"
}

# Prints the CPU time (user and system) that process $1 has used so far, in milliseconds.
cpu_milliseconds() {
  local pid="$1" ticks
  ticks="$(getconf CLK_TCK)"
  # Fields 14 and 15 of /proc/PID/stat, counted after the command name in parentheses, which may
  # contain spaces.
  sed -E 's/^.*\) //' "/proc/$pid/stat" 2>/dev/null \
    | awk -v ticks="$ticks" '{ printf "%.0f", ($12 + $13) * 1000 / ticks }' || echo 0
}

# Prints the CPU time of process $1 and of all its descendants in milliseconds, or 0 without a
# process. NSD serves queries from a grandchild process (xfrd, main, then the servers).
tree_cpu_milliseconds() {
  local pid="$1" total=0 child used
  if [[ -z "$pid" ]]; then
    echo 0
    return
  fi
  used="$(cpu_milliseconds "$pid")"
  total=$((total + ${used:-0}))
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do
    used="$(tree_cpu_milliseconds "$child")"
    total=$((total + ${used:-0}))
  done
  echo "$total"
}

# Prints the CPU time that NSD and clamd have used so far, in milliseconds.
helper_cpu_milliseconds() {
  echo $(( $(tree_cpu_milliseconds "$NSD_PID") + $(tree_cpu_milliseconds "$CLAMD_PID") ))
}

elapsed_seconds() {
  awk -v start="$1" -v end="$2" 'BEGIN { printf "%.2f", end - start }'
}

# --- Loopback NSD and clamd for the Spamfree rows ---------------------------------------------

# Prints a port on 127.0.0.1 that is free for TCP (see free_port) and, as far as ss shows, for UDP.
free_dns_port() {
  local attempt port
  for (( attempt = 1; attempt <= 50; attempt++ )); do
    port="$(free_port)" || return 1
    if ! command -v ss >/dev/null 2>&1 || ! ss -H -lnu "sport = :$port" | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  echo "$SCRIPT_NAME: no port free for both UDP and TCP found on $BIND after 50 attempts" >&2
  return 1
}

# Writes zone $1 to $2/$1.zone: the SOA and NS records, then the records read from standard input.
# Every record and the SOA minimum (the negative-caching TTL of RFC 2308) get DNS_TTL. With 0,
# Spamfree's DNS cache keeps no answer, so each message queries NSD.
write_zone() {
  local zone="$1" directory="$2"
  {
    echo "\$ORIGIN $zone."
    echo "\$TTL $DNS_TTL"
    echo "@ IN SOA ns.load.test. hostmaster.load.test. 1 3600 600 86400 $DNS_TTL"
    echo "@ IN NS ns.load.test."
    cat
  } >"$directory/$zone.zone"
}

# Writes the zones that the Spamfree rows query into $1 and prints their names.
write_zones() {
  local directory="$1" source
  mkdir -p "$directory"
  # The HELO name and the sender domain get an SPF record that passes the load's sources. Each
  # source gets a forward-confirmed PTR name (mailN.load.test) that differs from the HELO name, so
  # the HELO_RDNS_MISMATCH symbol (score 0.3) shows that the reverse-DNS check ran. The PTR names
  # avoid the tokens that make a name look dynamic (such as "client").
  {
    echo "ns IN A 127.0.0.1"
    echo "@ IN TXT \"v=spf1 ip4:127.0.0.0/8 -all\""
    echo "mta IN TXT \"v=spf1 ip4:127.0.0.0/8 -all\""
    for source in ${SOURCES//,/ }; do
      echo "mta IN A $source"
      echo "mail${source##*.} IN A $source"
    done
  } | write_zone load.test "$directory"

  {
    for source in ${SOURCES//,/ }; do
      echo "${source##*.} IN PTR mail${source##*.}.load.test."
    done
  } | write_zone 0.0.127.in-addr.arpa "$directory"

  # IP blocklist: only the RFC 5782 section 5 test entry, so it lists none of the sources.
  {
    echo "2.0.0.127 IN A 127.0.0.2"
    echo "2.0.0.127 IN TXT \"RFC 5782 test entry\""
  } | write_zone blocklist.test "$directory"

  # IP allowlist: the test entry and every source, so its symbol on each message shows that the
  # DNS list lookups ran and were answered.
  {
    echo "2.0.0.127 IN A 127.0.0.2"
    for source in ${SOURCES//,/ }; do
      local a b c d
      IFS=. read -r a b c d <<<"$source"
      echo "$d.$c.$b.$a IN A 127.0.0.2"
    done
  } | write_zone allowlist.test "$directory"

  # Domain list: only the RFC 5782 section 5 test entry "test", so it lists none of the load's
  # names (HELO name, PTR names, sender domain).
  echo "test IN A 127.0.0.2" | write_zone domains.test "$directory"

  echo "load.test 0.0.127.in-addr.arpa blocklist.test allowlist.test domains.test"
}

# Starts NSD on 127.0.0.1 with the zones of write_zones and waits until it accepts TCP
# connections. Sets NSD_PID and NSD_PORT.
# Starts the next hop that every server relays its accepted mail to: the load client's jar as an
# SMTP sink on a free port of $BIND, which counts messages and duplicate Message-IDs.
start_sink() {
  local directory="$WORK_ROOT/sink"
  mkdir -p "$directory"
  SINK_PORT="$(free_port)" || return 1
  SINK_COUNT_FILE="$directory/count"
  log "starting the SMTP sink (next hop) on $BIND:$SINK_PORT"
  java -Xmx256m -cp "$CLIENT_JAR" org.spamfree.benchmarks.SmtpSink --bind "$BIND" \
    --port "$SINK_PORT" --count-file "$SINK_COUNT_FILE" >"$directory/sink.out" 2>&1 </dev/null &
  SINK_PID=$!
  local deadline=$((SECONDS + HELPER_START_TIMEOUT_SECONDS))
  while (( SECONDS < deadline )) && kill -0 "$SINK_PID" 2>/dev/null; do
    if [[ -f "$SINK_COUNT_FILE" ]] && (exec 3<>"/dev/tcp/$BIND/$SINK_PORT") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  log "the SMTP sink did not accept connections on $BIND:$SINK_PORT within $HELPER_START_TIMEOUT_SECONDS s or exited. Its output:"
  cat "$directory/sink.out" >&2 || true
  return 1
}

# Prints the sink's counts: messages received and duplicate Message-IDs.
sink_counts() {
  local counts
  counts="$(cat "$SINK_COUNT_FILE" 2>/dev/null)" || counts=""
  if [[ "$counts" =~ ^([0-9]+)\ ([0-9]+)$ ]]; then
    echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
  else
    echo "0 0"
  fi
}

# Waits up to DRAIN_TIMEOUT_SECONDS until the sink has received $1 more messages than $2, and
# prints the seconds waited or "> DRAIN_TIMEOUT_SECONDS".
wait_for_delivery() {
  local expected="$1" before="$2" started="$EPOCHREALTIME" deadline=$((SECONDS + DRAIN_TIMEOUT_SECONDS))
  local counts
  while (( SECONDS < deadline )); do
    counts="$(sink_counts)"
    if (( ${counts% *} - before >= expected )); then
      elapsed_seconds "$started" "$EPOCHREALTIME"
      return 0
    fi
    sleep 0.5
  done
  echo "> $DRAIN_TIMEOUT_SECONDS"
}

start_nsd() {
  local directory="$WORK_ROOT/nsd" zones zone
  mkdir -p "$directory"
  zones="$(write_zones "$directory/zones")"
  NSD_PORT="$(free_dns_port)" || return 1
  {
    echo "server:"
    echo "  ip-address: $BIND"
    echo "  port: $NSD_PORT"
    echo "  do-ip6: no"
    echo "  username: \"\""
    echo "  chroot: \"\""
    echo "  zonesdir: \"$directory/zones\""
    echo "  pidfile: \"$directory/nsd.pid\""
    echo "  database: \"\""
    echo "  zonelistfile: \"$directory/zone.list\""
    echo "  xfrdfile: \"$directory/xfrd.state\""
    echo "  xfrdir: \"$directory\""
    echo "  logfile: \"$directory/nsd.log\""
    echo "  server-count: 1"
    echo "  verbosity: 1"
    # NSD's response rate limiting (200 queries/s per source by default in Debian's build) would
    # drop answers under the load, which gives DNS failure symbols instead of results.
    echo "  rrl-ratelimit: 0"
    echo "  rrl-whitelist-ratelimit: 0"
    echo "remote-control:"
    echo "  control-enable: no"
    for zone in $zones; do
      echo "zone:"
      echo "  name: \"$zone\""
      echo "  zonefile: \"$zone.zone\""
    done
  } >"$directory/nsd.conf"

  log "starting NSD on $BIND:$NSD_PORT"
  "$NSD_BINARY" -d -c "$directory/nsd.conf" >"$directory/nsd.out" 2>&1 </dev/null &
  NSD_PID=$!
  local deadline=$((SECONDS + HELPER_START_TIMEOUT_SECONDS))
  while (( SECONDS < deadline )) && kill -0 "$NSD_PID" 2>/dev/null; do
    if (exec 3<>"/dev/tcp/$BIND/$NSD_PORT") 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  log "NSD did not accept connections on $BIND:$NSD_PORT within $HELPER_START_TIMEOUT_SECONDS s or exited. Its output and log:"
  cat "$directory/nsd.out" "$directory/nsd.log" >&2 2>/dev/null || true
  return 1
}

# Returns 0 when clamd on 127.0.0.1 port $1 replies PONG to zPING within 2 s.
clamd_pongs() {
  local port="$1" reply="" fd
  if ! { exec {fd}<>"/dev/tcp/$BIND/$port"; } 2>/dev/null; then
    return 1
  fi
  local status=1
  if { printf 'zPING\0' >&"$fd"; } 2>/dev/null && read -r -d '' -t 2 -u "$fd" reply 2>/dev/null \
    && [[ "$reply" == PONG ]]; then
    status=0
  fi
  exec {fd}>&-
  return "$status"
}

# Prints the 68-byte EICAR anti-virus test string, assembled from parts so that no file of the
# repository is itself a test virus that scanners would flag.
eicar_test_string() {
  printf '%s' 'X5O!P%@AP[4\PZX54(P^)7CC)7}$' 'EICAR-STANDARD' '-ANTIVIRUS-TEST-FILE!' '$H+H*'
}

# Returns 0 when clamd on 127.0.0.1 port $1 reports the EICAR string as found, through INSTREAM:
# one chunk with its 4-byte big-endian length, then a zero-length chunk.
clamd_detects_eicar() {
  local port="$1" reply="" fd eicar length_escapes
  eicar="$(eicar_test_string)"
  # The escapes \x00\x00\x00\x44 for 68 bytes, which printf below turns into the bytes.
  length_escapes="$(printf '\\x%02x' 0 0 0 "${#eicar}")"
  if ! { exec {fd}<>"/dev/tcp/$BIND/$port"; } 2>/dev/null; then
    return 1
  fi
  {
    printf 'zINSTREAM\0'
    # shellcheck disable=SC2059 # the format is the escapes built above
    printf "$length_escapes"
    printf '%s' "$eicar"
    printf '\0\0\0\0'
  } >&"$fd" 2>/dev/null || true
  read -r -d '' -t 10 -u "$fd" reply 2>/dev/null || true
  exec {fd}>&-
  [[ "$reply" == *" FOUND" ]]
}

# Starts clamd on 127.0.0.1 with a one-signature database and waits until it replies to PING. Sets
# CLAMD_PID, CLAMD_PORT and CLAMD_LOG. clamd logs every clean scan (LogClean), so the number of
# scans per run can be counted. LogFileMaxSize 0 lifts clamd's default log size limit of 1 MiB,
# which cut the count short in runs of 20,000 messages.
start_clamd() {
  local directory="$WORK_ROOT/clamd"
  mkdir -p "$directory/db"
  # The EICAR test string becomes the hex body signature of an .ndb database
  # (name:target:offset:hex).
  local eicar_hex
  eicar_hex="$(eicar_test_string | od -An -v -tx1 | tr -d ' \n')"
  echo "Spamfree.Benchmark.EICAR:0:*:$eicar_hex" >"$directory/db/benchmark.ndb"
  CLAMD_PORT="$(free_port)" || return 1
  CLAMD_LOG="$directory/clamd.log"
  cat >"$directory/clamd.conf" <<CONF
Foreground yes
TCPAddr $BIND
TCPSocket $CLAMD_PORT
DatabaseDirectory $directory/db
LogFile $CLAMD_LOG
LogClean yes
LogFileMaxSize 0
LogTime yes
PidFile $directory/clamd.pid
IdleTimeout 30
SelfCheck 3600
CONF

  log "starting clamd on $BIND:$CLAMD_PORT"
  "$CLAMD_BINARY" --config-file="$directory/clamd.conf" >"$directory/clamd.out" 2>&1 </dev/null &
  CLAMD_PID=$!
  local deadline=$((SECONDS + HELPER_START_TIMEOUT_SECONDS))
  while (( SECONDS < deadline )) && kill -0 "$CLAMD_PID" 2>/dev/null; do
    if clamd_pongs "$CLAMD_PORT"; then
      # A clamd whose database did not load would report every message clean.
      if clamd_detects_eicar "$CLAMD_PORT"; then
        return 0
      fi
      log "clamd on $BIND:$CLAMD_PORT replies to PING but did not report the EICAR test string as found. Its log:"
      cat "$CLAMD_LOG" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
  log "clamd did not reply to PING on $BIND:$CLAMD_PORT within $HELPER_START_TIMEOUT_SECONDS s or exited. Its output and log:"
  cat "$directory/clamd.out" "$CLAMD_LOG" >&2 2>/dev/null || true
  return 1
}

# Prints the number of clean scans in clamd's log so far.
clamd_clean_scans() {
  if [[ -n "${CLAMD_LOG:-}" && -f "$CLAMD_LOG" ]]; then
    grep -c ': OK$' "$CLAMD_LOG" || true
  else
    echo 0
  fi
}

# Appends the settings that turn every check on to the Spamfree settings in $1/conf. Java's
# Properties keeps the last value of a repeated key, so these lines replace the defaults above them.
enable_all_checks() {
  # The distribution's lines for these keys are replaced, not repeated.
  set_properties "$1/conf/spamfree.properties" <<SETTINGS

# Added by $SCRIPT_NAME for the spamfree-all-checks row: every check on, DNS from the loopback NSD
# (SPAMFREE_DNS_SERVERS), virus scans by the loopback clamd.
rdns.enabled = true
helo.dns.enabled = true
spf.enabled = true
spf.helo.enabled = true
geo.database = conf/geo/iptoasn-country.mmdb
# The sources are loopback addresses, which get no country without a database lookup otherwise.
geo.special.lookup = true
attachment.enabled = true
dnsbl.lists = blocklist, allowlist, domains
dnsbl.blocklist.zone = blocklist.test
dnsbl.blocklist.type = ip
dnsbl.blocklist.family = ipv4
dnsbl.blocklist.codes = 127.0.0.2=RBL_BENCHMARK
score.RBL_BENCHMARK = 8.0
dnsbl.allowlist.zone = allowlist.test
dnsbl.allowlist.type = ip
dnsbl.allowlist.family = ipv4
dnsbl.allowlist.allowlist = true
dnsbl.allowlist.codes = 127.0.0.2=RWL_BENCHMARK
score.RWL_BENCHMARK = -0.1
dnsbl.domains.zone = domains.test
dnsbl.domains.type = domain
dnsbl.domains.codes = 127.0.0.2=DBL_BENCHMARK
score.DBL_BENCHMARK = 5.0
clamav.servers = tcp:$BIND:$CLAMD_PORT
SETTINGS
}

# Prints "decisions accepted allowlist rdns spf spf_helo failures" from the Spamfree log in $1:
# the end-of-DATA decision lines, those with decision=ACCEPT, those carrying RWL_BENCHMARK,
# HELO_RDNS_MISMATCH, SPF_PASS and SPF_HELO_PASS, and those carrying a symbol of a failed check
# (*_FAIL, *_TEMPERROR, *_PERMERROR or CLAM_UNSCANNED).
count_check_symbols() {
  local log_file="$1/logs/spamfree.log"
  if [[ ! -f "$log_file" ]]; then
    echo "0 0 0 0 0 0 0"
    return 0
  fi
  awk '
    / spamfree decision=/ && / stage=data / && / symbols=/ {
      decisions++
      if ($0 ~ / decision=ACCEPT /) accepted++
      symbols = $0
      sub(/.* symbols=/, "", symbols)
      sub(/ .*/, "", symbols)
      symbols = "," symbols ","
      if (symbols ~ /,RWL_BENCHMARK,/) allowlist++
      if (symbols ~ /,HELO_RDNS_MISMATCH,/) rdns++
      if (symbols ~ /,SPF_PASS,/) spf++
      if (symbols ~ /,SPF_HELO_PASS,/) spf_helo++
      if (symbols ~ /(_FAIL|_TEMPERROR|_PERMERROR|,CLAM_UNSCANNED),/) failures++
    }
    END { printf "%d %d %d %d %d %d %d\n", decisions, accepted, allowlist, rdns, spf, spf_helo, failures }
  ' "$log_file"
}

# Appends the evidence line of run $2 (server $3) to the check evidence file: the counts of
# count_check_symbols and the $4 clean clamd scans during the load. Prints "yes" when every sent
# message reached the end-of-DATA verdict with the symbols that the server's checks give it and
# without a failure symbol. For spamfree-all-checks each message also needs a clamd scan. Otherwise
# it prints "no".
report_checks() {
  local home="$1" label="$2" server="$3" clamd_scans="$4"
  local decisions accepted allowlist rdns spf spf_helo failures
  read -r decisions accepted allowlist rdns spf spf_helo failures <<<"$(count_check_symbols "$home")"
  local verified=yes
  if (( decisions < WARMUP + MESSAGES || accepted != decisions || rdns != decisions \
    || spf != decisions || spf_helo != decisions || failures != 0 )); then
    verified=no
  fi
  if [[ "$server" == spamfree-all-checks ]] && (( allowlist != decisions || clamd_scans < decisions )); then
    verified=no
  fi
  local line="$label: $decisions end-of-DATA decisions for $((WARMUP + MESSAGES)) messages sent,"
  line+=" $accepted ACCEPT; with RWL_BENCHMARK (IP DNS lists) $allowlist,"
  line+=" HELO_RDNS_MISMATCH (reverse DNS and HELO DNS) $rdns, SPF_PASS $spf, SPF_HELO_PASS $spf_helo,"
  line+=" a failure symbol $failures; clean clamd scans $clamd_scans; checks verified: $verified"
  echo "- $line" >>"$WORK_ROOT/check-evidence.txt"
  log "$line"
  echo "$verified"
}

# --- One run ----------------------------------------------------------------------------------

# Lays out a fresh working directory in $1 for server $2: copies of bin/ and conf/, links to lib/
# and extensions-jars/, and the plain-james configuration over conf/ or the settings of
# enable_all_checks where the server needs them.
prepare_home() {
  local home="$1" server="$2"
  mkdir -p "$home/var" "$home/logs" || return 1
  cp -R "$DISTRIBUTION/bin" "$home/bin" || return 1
  cp -R "$DISTRIBUTION/conf" "$home/conf" || return 1
  ln -s "$DISTRIBUTION/lib" "$home/lib" || return 1
  ln -s "$DISTRIBUTION/extensions-jars" "$home/extensions-jars" || return 1
  case "$server" in
    spamfree) ;;
    spamfree-all-checks) enable_all_checks "$home" || return 1 ;;
    *)
      rm -f "$home/conf/extensions.properties" "$home/conf/spamfree.properties" || return 1
      cp "$PLAIN_CONF"/*.xml "$PLAIN_CONF"/*.properties "$home/conf/" || return 1
      ;;
  esac
  # Only loopback names, so the JVM's name lookups never reach the machine's resolver.
  printf '127.0.0.1 localhost %s\n::1 localhost ip6-localhost\n' "$(uname -n)" >"$home/hosts"
}

# Checks that every ${sys:NAME} placeholder in $1/conf is among the names in $2, because James
# leaves an unset placeholder as literal text, which fails later with a less clear error.
check_placeholders() {
  local home="$1" known="$2" names name
  names="$(grep -rhoE '\$\{sys:[A-Za-z0-9_.-]+\}' "$home/conf" | sed -E 's/^\$\{sys:(.*)\}$/\1/' | sort -u)"
  while read -r name; do
    if [[ -n "$name" && " $known " != *" $name "* ]]; then
      log "conf/ uses \${sys:$name}, which $SCRIPT_NAME does not set. Add it to the -D options in measure_server."
      return 1
    fi
  done <<<"$names"
}

# Creates the recipient through WebAdmin on port $1. James 3.8.1 returns 204 No Content.
create_recipient() {
  local port="$1" home="$2" code
  code="$(curl --silent --show-error --noproxy '*' --max-time 30 \
    --output "$home/logs/create-user-response.txt" --write-out '%{http_code}' \
    --request PUT --header 'Content-Type: application/json' \
    --data "{\"password\":\"$RECIPIENT_PASSWORD\"}" \
    "http://$BIND:$port/users/$RECIPIENT")" || code="curl failed"
  if [[ "$code" != 204 ]]; then
    log "creating $RECIPIENT through WebAdmin failed: HTTP status $code, response: $(head -c 500 "$home/logs/create-user-response.txt" 2>/dev/null)"
    return 1
  fi
}

# Prints the number of mails waiting in the spool queue, from WebAdmin on port $1.
spool_queue_size() {
  local port="$1" body
  body="$(curl --silent --noproxy '*' --max-time 30 "http://$BIND:$port/mailQueues/spool" 2>/dev/null)" || body=""
  if [[ "$body" =~ \"size\":([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]}"
  else
    echo "n/a"
  fi
}

# Waits up to DRAIN_TIMEOUT_SECONDS for the spool queue behind WebAdmin port $1 to be empty, and
# prints the seconds waited, "> DRAIN_TIMEOUT_SECONDS" when it stayed non-empty, or "n/a".
wait_for_spool_drain() {
  local port="$1" started="$EPOCHREALTIME" deadline=$((SECONDS + DRAIN_TIMEOUT_SECONDS)) size
  while (( SECONDS < deadline )); do
    size="$(spool_queue_size "$port")"
    if [[ "$size" == 0 ]]; then
      elapsed_seconds "$started" "$EPOCHREALTIME"
      return 0
    fi
    if [[ "$size" == n/a ]]; then
      echo "n/a"
      return 0
    fi
    sleep 1
  done
  echo "> $DRAIN_TIMEOUT_SECONDS"
}

# Appends the server's ERROR and WARN log lines of run $2 to the problems file, and prints
# "errors warnings".
collect_log_problems() {
  local home="$1" label="$2" log_file="$1/logs/spamfree.log" errors warnings
  if [[ ! -f "$log_file" ]]; then
    echo "n/a n/a"
    return 0
  fi
  errors="$(grep -c ' ERROR ' "$log_file" || true)"
  warnings="$(grep -c ' WARN ' "$log_file" || true)"
  if (( errors + warnings > 0 )); then
    {
      echo "--- $label: $errors ERROR and $warnings WARN lines, first 10:"
      grep -E ' (ERROR|WARN) ' "$log_file" | head -n 10
    } >>"$WORK_ROOT/log-problems.txt"
  fi
  echo "$errors $warnings"
}

# Runs the load client against port $1 and waits for it, bounded by MAX_SECONDS plus
# CLIENT_GRACE_SECONDS. Output goes to $2/logs/client.out and client.err.
run_load() {
  local port="$1" home="$2"
  java -Djdk.net.hosts.file="$home/hosts" -jar "$CLIENT_JAR" \
    --host "$BIND" --port "$port" --sources "$SOURCES" --to "$RECIPIENT" \
    --helo "$LOAD_HELO" --from "$LOAD_SENDER" \
    --sessions "$SESSIONS" --messages "$MESSAGES" --size "$MESSAGE_SIZE" \
    --warmup "$WARMUP" --max-seconds "$MAX_SECONDS" --csv \
    >"$home/logs/client.out" 2>"$home/logs/client.err" </dev/null &
  CLIENT_PID=$!
  local deadline=$((SECONDS + MAX_SECONDS + CLIENT_GRACE_SECONDS))
  while kill -0 "$CLIENT_PID" 2>/dev/null && (( SECONDS < deadline )); do
    sleep 0.5
  done
  if kill -0 "$CLIENT_PID" 2>/dev/null; then
    log "load client $CLIENT_PID still running $CLIENT_GRACE_SECONDS s after its time bound, so sending SIGTERM"
    kill -TERM "$CLIENT_PID" 2>/dev/null || true
  fi
  local status=0
  wait "$CLIENT_PID" 2>/dev/null || status=$?
  CLIENT_PID=""
  return "$status"
}

# Measures server $1 in round $2 and appends one line to RESULTS. Returns 1 when the run failed.
measure_server() {
  local server="$1" round="$2"
  local label="$server round $round"
  local home="$WORK_ROOT/$server-round$round"
  # This function runs as the left side of "||", where bash ignores set -e, so each step that can
  # fail returns explicitly.
  prepare_home "$home" "$server" || return 1

  local smtp_port webadmin_port imap_port
  smtp_port="$(free_port)" && webadmin_port="$(free_port)" && imap_port="$(free_port)" || return 1
  while [[ "$webadmin_port" == "$smtp_port" ]]; do webadmin_port="$(free_port)"; done
  while [[ "$imap_port" == "$smtp_port" || "$imap_port" == "$webadmin_port" ]]; do imap_port="$(free_port)"; done

  local main_class=org.spamfree.server.SpamfreeServerMain
  if [[ "$server" == plain-james ]]; then
    main_class=org.apache.james.MemoryJamesServerMain
  fi
  # Spamfree's checks would query the machine's resolver without DNS servers of their own.
  local dns_servers=""
  if [[ "$server" == spamfree || "$server" == spamfree-all-checks ]]; then
    dns_servers="$BIND:$NSD_PORT"
  fi
  # The -Dspamfree.* properties feed the ${sys:...} placeholders of conf/ for
  # MemoryJamesServerMain. SpamfreeServerMain sets the same values from the SPAMFREE_* variables.
  local properties=(
    spamfree.bind="$BIND"
    spamfree.webadmin.bind="$BIND"
    spamfree.smtp.port="$smtp_port"
    spamfree.webadmin.port="$webadmin_port"
    spamfree.imap.port="$imap_port"
    spamfree.next.hop="$BIND:$SINK_PORT"
    spamfree.dns.servers="$dns_servers")
  local names="" property
  for property in "${properties[@]}"; do
    names+="${property%%=*} "
  done
  if [[ "$main_class" == org.apache.james.MemoryJamesServerMain ]]; then
    check_placeholders "$home" "$names" || return 1
  fi

  # The same JVM options as bin/spamfree run, plus the hosts file and the properties above.
  local profile_options=()
  if [[ "$PROFILE" == true ]]; then
    profile_options=(-XX:StartFlightRecording=filename="$home/logs/server.jfr",settings=profile,dumponexit=true)
  fi
  local java_command=(java "${SERVER_HEAP_OPTIONS[@]}" "${profile_options[@]}"
    -Djdk.net.hosts.file="$home/hosts"
    -Dworking.directory="$home"
    -Dlogback.configurationFile="$home/conf/logback.xml"
    -Djava.net.preferIPv4Stack=false
    "${properties[@]/#/-D}"
    -cp "$home/lib/*" "$main_class")
  # Variables from the caller's environment must not change the servers' settings.
  local unset_options=() name
  for name in ${!SPAMFREE_@}; do
    unset_options+=(-u "$name")
  done

  log "$label: starting $main_class (SMTP port $smtp_port, WebAdmin port $webadmin_port)"
  local launched_at="$EPOCHREALTIME"
  (
    cd "$home"
    exec env "${unset_options[@]}" \
      SPAMFREE_BIND="$BIND" SPAMFREE_WEBADMIN_BIND="$BIND" SPAMFREE_SMTP_PORT="$smtp_port" \
      SPAMFREE_WEBADMIN_PORT="$webadmin_port" SPAMFREE_IMAP_PORT="$imap_port" \
      SPAMFREE_DNS_SERVERS="$dns_servers" SPAMFREE_NEXT_HOP="$BIND:$SINK_PORT" \
      "${java_command[@]}"
  ) >"$home/logs/console.log" 2>&1 </dev/null &
  SERVER_PID=$!

  # Start time: launch to the first 220 greeting, polled every 50 ms.
  local greeted_at="" ready_at="" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  while [[ -z "$greeted_at" ]] && (( SECONDS < deadline )); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      break
    fi
    if smtp_greets "$smtp_port"; then
      greeted_at="$EPOCHREALTIME"
    else
      sleep 0.05
    fi
  done
  # The SMTP server can listen before the rest of James has started, so the load waits for the
  # log line that GuiceJamesServer writes at the end of its start.
  while [[ -n "$greeted_at" && -z "$ready_at" ]] && (( SECONDS < deadline )) \
    && kill -0 "$SERVER_PID" 2>/dev/null; do
    if grep -q 'JAMES server started' "$home/logs/console.log"; then
      ready_at="$EPOCHREALTIME"
    else
      sleep 0.05
    fi
  done
  if [[ -z "$ready_at" ]]; then
    log "$label: the server did not start within $START_TIMEOUT_SECONDS s or exited. Last console lines:"
    tail -n 20 "$home/logs/console.log" >&2 || true
    stop_server
    save_logs "$home" "$server" "$round"
    return 1
  fi
  local start_seconds ready_seconds
  start_seconds="$(elapsed_seconds "$launched_at" "$greeted_at")"
  ready_seconds="$(elapsed_seconds "$launched_at" "$ready_at")"

  # Spamfree creates the recipient from local.user.* in spamfree.properties.
  if [[ "$server" != spamfree && "$server" != spamfree-all-checks ]] \
    && ! create_recipient "$webadmin_port" "$home"; then
    stop_server
    save_logs "$home" "$server" "$round"
    return 1
  fi

  local rss_start
  rss_start="$(memory_mib "$SERVER_PID" VmRSS)"
  log "$label: 220 greeting after $start_seconds s, started after $ready_seconds s, RSS $rss_start MiB; sending $WARMUP + $MESSAGES messages"

  local client_status=0 clamd_scans_before sink_before
  clamd_scans_before="$(clamd_clean_scans)"
  sink_before="$(sink_counts)"
  local cpu_before helper_cpu_before sink_cpu_before
  cpu_before="$(cpu_milliseconds "$SERVER_PID")"
  helper_cpu_before="$(helper_cpu_milliseconds)"
  sink_cpu_before="$(tree_cpu_milliseconds "$SINK_PID")"
  run_load "$smtp_port" "$home" || client_status=$?

  local rss_load peak_rss queue_size drain_seconds
  rss_load="$(memory_mib "$SERVER_PID" VmRSS)"
  queue_size="$(spool_queue_size "$webadmin_port")"
  # The wait shows how far delivery lags behind acceptance, and the stop then finds no mail queued.
  # Every message the client saw accepted, the warmup's included, must reach the next hop.
  local acknowledged=0 client_line
  client_line="$(grep -m 1 '^warmup' "$home/logs/client.out" || true)"
  if [[ "$client_line" =~ ([0-9]+)\ accepted ]]; then
    acknowledged="${BASH_REMATCH[1]}"
  fi
  client_line="$(grep -m 1 '^accepted: ' "$home/logs/client.out" || true)"
  if [[ "$client_line" =~ ^accepted:\ ([0-9]+)$ ]]; then
    acknowledged=$((acknowledged + BASH_REMATCH[1]))
  fi
  drain_seconds="$(wait_for_delivery "$acknowledged" "${sink_before% *}")"
  # Server CPU from the start of the load until the last message reached the next hop, per
  # acknowledged message: acceptance, checks, queues and delivery together.
  local cpu_per_message="n/a" helper_cpu_per_message="n/a" load_cpu_per_message="n/a"
  local total_cpu_per_message="n/a" client_cpu=""
  client_line="$(grep -m 1 '^client CPU ms: ' "$home/logs/client.out" || true)"
  if [[ "$client_line" =~ ^client\ CPU\ ms:\ ([0-9]+)$ ]]; then
    client_cpu="${BASH_REMATCH[1]}"
  fi
  if (( acknowledged > 0 )); then
    cpu_per_message="$(awk -v cpu="$(( $(cpu_milliseconds "$SERVER_PID") - cpu_before ))" \
      -v messages="$acknowledged" 'BEGIN { printf "%.2f", cpu / messages }')"
    # NSD and clamd share the cores with the server; their CPU counts against the Spamfree rows.
    helper_cpu_per_message="$(awk -v cpu="$(( $(helper_cpu_milliseconds) - helper_cpu_before ))" \
      -v messages="$acknowledged" 'BEGIN { printf "%.2f", cpu / messages }')"
    # The load client (its JVM start included) and the sink run on the same cores too. With every
    # process on the machine counted, throughputs compare about as the inverse of the totals.
    if [[ -n "$client_cpu" ]]; then
      load_cpu_per_message="$(awk \
        -v cpu="$(( client_cpu + $(tree_cpu_milliseconds "$SINK_PID") - sink_cpu_before ))" \
        -v messages="$acknowledged" 'BEGIN { printf "%.2f", cpu / messages }')"
      total_cpu_per_message="$(awk -v server="$cpu_per_message" \
        -v helpers="$helper_cpu_per_message" -v clients="$load_cpu_per_message" \
        'BEGIN { printf "%.2f", server + helpers + clients }')"
    fi
  fi
  peak_rss="$(memory_mib "$SERVER_PID" VmHWM)"
  local sink_after delivered duplicates
  sink_after="$(sink_counts)"
  delivered=$(( ${sink_after% *} - ${sink_before% *} ))
  duplicates=$(( ${sink_after#* } - ${sink_before#* } ))

  stop_server
  local problems checks_verified="n/a"
  problems="$(collect_log_problems "$home" "$label")"
  if [[ "$server" == spamfree || "$server" == spamfree-all-checks ]]; then
    local clamd_scans=$(( $(clamd_clean_scans) - clamd_scans_before ))
    checks_verified="$(report_checks "$home" "$label" "$server" "$clamd_scans")"
  fi
  save_logs "$home" "$server" "$round"

  local csv
  csv="$(grep -E '^[0-9]+,[0-9]+,' "$home/logs/client.out" | tail -n 1 || true)"
  if [[ -z "$csv" ]]; then
    log "$label: the load client exited with status $client_status and printed no CSV line. Its errors:"
    tail -n 20 "$home/logs/client.err" >&2 || true
    rm -rf "$home"
    return 1
  fi
  rm -rf "$home"

  # Columns: attempted, accepted, rejected_by_code, connection_errors, abandoned, not_sent,
  # elapsed_s, messages_per_s, latency p50, p90, p99 and max in ms, time_bound_reached.
  local accepted rejected_by_code connection_errors rate p50 p99 time_bound_reached
  local rejected=0 pair
  IFS=',' read -r _ accepted rejected_by_code connection_errors _ _ _ rate p50 _ p99 _ \
    time_bound_reached <<<"$csv"
  for pair in $rejected_by_code; do
    rejected=$((rejected + ${pair#*=}))
  done
  log "$label: $accepted accepted, $rejected rejected${rejected_by_code:+ ($rejected_by_code)}, $connection_errors connection errors, $rate msg/s, p50 $p50 ms, p99 $p99 ms; RSS $rss_load MiB, peak $peak_rss MiB; server CPU $cpu_per_message ms per message, NSD and clamd $helper_cpu_per_message, client and sink $load_cpu_per_message, total $total_cpu_per_message; spool queue $queue_size; next hop received $delivered of $acknowledged acknowledged ($duplicates duplicates) after $drain_seconds s; log ERROR and WARN lines: ${problems% *} and ${problems#* }; exit status $SERVER_EXIT_STATUS"
  RESULTS+=("$server|$round|$start_seconds|$ready_seconds|$rss_start|$rss_load|$peak_rss|$rate|$p50|$p99|$accepted|$rejected|$connection_errors|$time_bound_reached|$queue_size|$drain_seconds|${problems% *}|${problems#* }|$SERVER_EXIT_STATUS|$SERVER_KILLED|$checks_verified|$delivered/$acknowledged|$duplicates|$cpu_per_message|$helper_cpu_per_message|$load_cpu_per_message|$total_cpu_per_message")
  if [[ "$checks_verified" == no ]]; then
    log "$label: the log does not show every check running for every message, so the run counts as failed"
    return 1
  fi
  if (( delivered != acknowledged || duplicates > 0 )); then
    log "$label: the next hop received $delivered messages ($duplicates duplicates) for $acknowledged acknowledged with 250, so the run counts as failed"
    return 1
  fi
}

save_logs() {
  local home="$1" server="$2" round="$3"
  if [[ -n "$LOG_DIR" ]]; then
    mkdir -p "$LOG_DIR/$server-round$round"
    cp -R "$home/logs/." "$LOG_DIR/$server-round$round/"
  fi
}

# --- Report -----------------------------------------------------------------------------------

print_report() {
  local java_version cpu memory_gib
  java_version="$(java -version 2>&1 | head -n 2 | paste -sd ';' - | sed 's/;/; /')"
  cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  memory_gib="$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"

  echo "## SMTP benchmark: plain James 3.8.1 and Spamfree"
  echo
  echo "- Command: \`$COMMAND_LINE\`"
  echo "- Date: $RUN_DATE, duration $((SECONDS - RUN_STARTED_SECONDS)) s"
  echo "- Machine: $(nproc) cores ($cpu), $memory_gib GiB memory, $(uname -sr)"
  echo "- Java: $java_version"
  echo "- Load average (1, 5, 15 min): $LOAD_AVERAGE_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after"
  echo "- Load per run: $WARMUP warmup + $MESSAGES measured messages of $MESSAGE_SIZE bytes," \
    "$SESSIONS concurrent sessions, one message per connection, from $SOURCES to $RECIPIENT," \
    "EHLO $LOAD_HELO, MAIL FROM $LOAD_SENDER"
  echo "- Server JVM options: ${SERVER_HEAP_OPTIONS[*]} (the distribution's default)"
  echo
  echo "| server | round | start time s | RSS after start MiB | RSS after load MiB | peak RSS MiB | msg/s | p50 ms | p99 ms | server CPU ms/msg | NSD and clamd CPU ms/msg | client and sink CPU ms/msg | total CPU ms/msg | accepted | rejected | connection errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  local row server round start ready rss_start rss_load peak rate p50 p99 accepted rejected errors
  local bound queue drain log_errors log_warnings exit_status killed checks delivered duplicates
  local server_cpu helper_cpu load_cpu total_cpu
  for row in "${RESULTS[@]}"; do
    IFS='|' read -r server round start ready rss_start rss_load peak rate p50 p99 accepted rejected \
      errors bound queue drain log_errors log_warnings exit_status killed checks delivered \
      duplicates server_cpu helper_cpu load_cpu total_cpu <<<"$row"
    echo "| $server | $round | $start | $rss_start | $rss_load | $peak | $rate | $p50 | $p99 | $server_cpu | $helper_cpu | $load_cpu | $total_cpu | $accepted | $rejected | $errors |"
  done
  echo
  echo "Start time runs from process launch to the first SMTP 220 greeting. RSS is VmRSS of" \
    "/proc/PID/status in MiB, and peak RSS is VmHWM. Throughput (msg/s) and latency (MAIL FROM to" \
    "the reply after the final dot) are the load client's figures for the measured messages." \
    "Server CPU is the server process's user and system time from the start of the load until" \
    "the next hop had every message, divided by the messages acknowledged (warmup included)." \
    "NSD and clamd CPU is the same for the loopback NSD (its child processes included) and clamd," \
    "which run on the same cores; rows that do not use them show about 0. Client and sink CPU" \
    "is the load client's whole CPU time (JVM start included) and the sink's during the run, per" \
    "message. Total CPU adds the three: when the cores are the limit, throughputs compare about" \
    "as the inverse of their totals."
  echo
  echo "| server | round | fully started s | spool queue after load | delivered / acknowledged | duplicates | all delivered after s | log ERROR lines | log WARN lines | time bound reached | exit status | SIGKILL needed | checks verified |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |"
  for row in "${RESULTS[@]}"; do
    IFS='|' read -r server round start ready rss_start rss_load peak rate p50 p99 accepted rejected \
      errors bound queue drain log_errors log_warnings exit_status killed checks delivered \
      duplicates server_cpu helper_cpu load_cpu total_cpu <<<"$row"
    echo "| $server | $round | $ready | $queue | $delivered | $duplicates | $drain | $log_errors | $log_warnings | $bound | $exit_status | $killed | $checks |"
  done
  echo
  echo "Fully started: launch to the \"JAMES server started\" log line. Spool queue: mails waiting" \
    "in the spool queue when the load ended (WebAdmin GET /mailQueues/spool). Every server relays" \
    "accepted mail to the same next hop, an SMTP sink on $BIND; delivered counts the messages it" \
    "received in the run, against those the load client saw acknowledged with 250 (warmup" \
    "included), and duplicates the Message-IDs it received twice. The wait for them is polled" \
    "every 0.5 s for at most $DRAIN_TIMEOUT_SECONDS s. Peak RSS is read after that wait. Log lines count the whole run, start-up included. Exit status 143 is the" \
    "JVM's normal exit after SIGTERM."
  if [[ -s "$WORK_ROOT/check-evidence.txt" ]]; then
    echo
    echo "Check evidence, from the end-of-DATA decision lines of each Spamfree run's log (warmup" \
      "included) and from clamd's log of clean scans. Every message should carry HELO_RDNS_MISMATCH" \
      "(its forward-confirmed PTR name differs from the HELO name), SPF_PASS and SPF_HELO_PASS, and" \
      "in spamfree-all-checks also RWL_BENCHMARK (the IP allowlist lists every source) and one" \
      "clamd scan. DNS comes from NSD on $BIND:$NSD_PORT ($("$NSD_BINARY" -v 2>&1 | head -n 1))" \
      "with TTL $DNS_TTL s$( (( DNS_TTL == 0 )) && echo ", so nothing is answered from Spamfree's cache")."
    if [[ -n "$CLAMD_PID" ]]; then
      echo "clamd: $("$CLAMD_BINARY" --version 2>&1 | head -n 1), one signature, on $BIND:$CLAMD_PORT."
    fi
    echo
    cat "$WORK_ROOT/check-evidence.txt"
  fi
  if [[ -s "$WORK_ROOT/log-problems.txt" ]]; then
    echo
    echo "Server log ERROR and WARN lines:"
    echo
    echo '```'
    cat "$WORK_ROOT/log-problems.txt"
    echo '```'
  fi
}

main() {
  parse_arguments "$@"
  check_prerequisites
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  RUN_DATE="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  RUN_STARTED_SECONDS=$SECONDS
  # Other work on the machine skews the figures, so the report shows the load average.
  LOAD_AVERAGE_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
  WORK_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/spamfree-benchmark.XXXXXX")"
  start_sink || exit 1
  if measures spamfree || measures spamfree-all-checks; then
    start_nsd || exit 1
  fi
  if measures spamfree-all-checks; then
    start_clamd || exit 1
  fi
  RESULTS=()
  local failures=0 round index order
  for (( round = 1; round <= ROUNDS; round++ )); do
    order=("${SERVER_LIST[@]}")
    if (( round % 2 == 0 )); then
      order=()
      for (( index = ${#SERVER_LIST[@]} - 1; index >= 0; index-- )); do
        order+=("${SERVER_LIST[index]}")
      done
    fi
    local server
    for server in "${order[@]}"; do
      measure_server "$server" "$round" || failures=$((failures + 1))
    done
  done

  print_report
  if (( failures > 0 )); then
    log "$failures run(s) failed. See the messages above."
    exit 1
  fi
}

main "$@"
