#!/usr/bin/env bash
# Measures the SMTP latency that Spamfree's store adds, per backend, against the same server
# with the store's handlers removed, and SMTP while the store's database is unreachable. Servers
# run one at a time on loopback ports. Run with --help for the options.
set -euo pipefail

SCRIPT_NAME="$(basename "$0")"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
COMMAND_LINE="$0${*:+ $*}"

MESSAGES=2000
WARMUP=200
SESSIONS=10
CACHE_TTL_MS=0
CONFIGURATIONS="no-store,h2,postgresql,mariadb,unreachable"
POSTGRESQL_SERVER="127.0.0.1:5432"
MARIADB_SERVER="127.0.0.1:3306"
START_TIMEOUT_SECONDS=120
STOP_TIMEOUT_SECONDS=60
MAX_SECONDS=300
# One message per connection, from 20 loopback client addresses in turn.
SOURCES="$(seq -s, -f '127.0.0.%g' 2 21)"
RECIPIENT="demo@spamfree.test"

usage() {
  cat <<USAGE
Usage: benchmarks/$SCRIPT_NAME [options]

Starts the packaged distribution once per configuration on free loopback ports, sends the load
client's messages (one per connection) and prints a Markdown table of the per-message latency
(MAIL FROM to the reply after DATA, where the verdict waits for the store's lookups) to standard
output. Progress goes to standard error.

Configurations:
  no-store     the store's four handlers removed from smtpserver.xml: the baseline
  h2           the embedded default, an H2 file under var/store/
  postgresql   a database of its own on the PostgreSQL server at $POSTGRESQL_SERVER (user postgres)
  mariadb      a database of its own on the MariaDB server at $MARIADB_SERVER (user root)
  unreachable  store.url names a loopback port where nothing listens, as for a stopped database

Options:
  --messages N        measured messages per configuration (default $MESSAGES)
  --warmup N          messages sent first and left out (default $WARMUP)
  --sessions N        concurrent SMTP sessions (default $SESSIONS)
  --cache-ttl MS      store.cache.ttl; 0 makes every connection read the database (default $CACHE_TTL_MS)
  --configurations L  comma-separated configurations, in order (default $CONFIGURATIONS)
  --help              print this help and exit

Needs "mvn -o package -DskipTests" first, java, psql and mysql (for those backends). The
databases are created with a unique name and dropped at the end.
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

while (( $# > 0 )); do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --messages) MESSAGES="${2:?missing value for --messages}"; shift 2 ;;
    --warmup) WARMUP="${2:?missing value for --warmup}"; shift 2 ;;
    --sessions) SESSIONS="${2:?missing value for --sessions}"; shift 2 ;;
    --cache-ttl) CACHE_TTL_MS="${2:?missing value for --cache-ttl}"; shift 2 ;;
    --configurations) CONFIGURATIONS="${2:?missing value for --configurations}"; shift 2 ;;
    *) fail_usage "unknown option '$1'" ;;
  esac
done
for value in "$MESSAGES" "$WARMUP" "$SESSIONS" "$CACHE_TTL_MS"; do
  [[ "$value" =~ ^[0-9]{1,9}$ ]] || fail_usage "invalid number '$value'"
done

DISTRIBUTION="$REPO_ROOT/packaging/target/spamfree-server-0.1.0-SNAPSHOT/spamfree-server-0.1.0-SNAPSHOT"
CLIENT_JAR="$REPO_ROOT/benchmarks/target/spamfree-benchmarks.jar"
[[ -d "$DISTRIBUTION/lib" ]] || { echo "$SCRIPT_NAME: no distribution at $DISTRIBUTION; run 'mvn -o package -DskipTests' first" >&2; exit 2; }
[[ -f "$CLIENT_JAR" ]] || { echo "$SCRIPT_NAME: no load client at $CLIENT_JAR; run 'mvn -o package -DskipTests' first" >&2; exit 2; }

WORK_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/spamfree-store-benchmark.XXXXXX")"
DATABASE="spamfree_bench_$(date +%s)_$$"
SERVER_PID=""
CREATED_POSTGRESQL=""
CREATED_MARIADB=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$CREATED_POSTGRESQL" ]]; then
    psql -q -h "${POSTGRESQL_SERVER%:*}" -p "${POSTGRESQL_SERVER#*:}" -U postgres -d postgres \
      -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ -n "$CREATED_MARIADB" ]]; then
    mysql -h "${MARIADB_SERVER%:*}" -P "${MARIADB_SERVER#*:}" -uroot \
      -e "DROP DATABASE IF EXISTS $DATABASE" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK_ROOT"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Lays out a server home for configuration $1 and prints its path.
prepare_home() {
  local name="$1" home="$WORK_ROOT/$1"
  mkdir -p "$home/var" "$home/logs"
  cp -r "$DISTRIBUTION/bin" "$DISTRIBUTION/conf" "$home/"
  ln -s "$DISTRIBUTION/lib" "$home/lib"
  ln -s "$DISTRIBUTION/extensions-jars" "$home/extensions-jars"
  # James looks up this machine's own name at start; only loopback names are listed.
  printf '127.0.0.1 localhost %s\n::1 localhost\n' "$(hostname)" >"$home/hosts"
  local file="$home/conf/spamfree.properties"
  set_properties "$file" <<SETTINGS
rdns.enabled = false
helo.dns.enabled = false
burst.connections = 0
store.cache.ttl = $CACHE_TTL_MS
SETTINGS
  case "$name" in
    no-store)
      sed -i -E '/org\.spamfree\.hooks\.(StoreConnectHandler|StoreHeloHook|StoreMailHook|TrapRecipientHook)/d' \
        "$home/conf/smtpserver.xml" ;;
    postgresql)
      printf 'store.url = jdbc:postgresql://%s/%s\nstore.user = postgres\n' \
        "$POSTGRESQL_SERVER" "$DATABASE" | set_properties "$file" ;;
    mariadb)
      printf 'store.url = jdbc:mariadb://%s/%s?sslMode=disable\nstore.user = root\n' \
        "$MARIADB_SERVER" "$DATABASE" | set_properties "$file" ;;
    unreachable)
      printf 'store.url = jdbc:postgresql://127.0.0.1:%s/%s\nstore.user = postgres\n' \
        "$(free_port)" "$DATABASE" | set_properties "$file" ;;
  esac
  echo "$home"
}

# Runs configuration $1 and prints one table row.
run_configuration() {
  local name="$1" home smtp webadmin imap dns started output
  home="$(prepare_home "$name")"
  smtp="$(free_port)"; webadmin="$(free_port)"; imap="$(free_port)"; dns="$(free_port)"
  log "$name: starting the server on SMTP port $smtp"
  (
    cd "$home"
    SPAMFREE_SMTP_PORT="$smtp" SPAMFREE_WEBADMIN_PORT="$webadmin" SPAMFREE_IMAP_PORT="$imap" \
      SPAMFREE_DNS_SERVERS="127.0.0.1:$dns" \
      SPAMFREE_JAVA_OPTS="-Xms256m -Xmx1g -Djdk.net.hosts.file=$home/hosts" \
      exec bin/spamfree run >"$home/logs/run.log" 2>&1
  ) &
  SERVER_PID=$!
  started=$((SECONDS + START_TIMEOUT_SECONDS))
  until grep -q "Spamfree started" "$home/logs/run.log" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || (( SECONDS > started )); then
      echo "$SCRIPT_NAME: $name: server did not start; see $home/logs/run.log" >&2
      tail -20 "$home/logs/run.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  # Give the writer thread time to open the store and migrate the schema.
  sleep 3
  log "$name: sending $WARMUP + $MESSAGES messages in $SESSIONS sessions"
  output="$(java -jar "$CLIENT_JAR" --host 127.0.0.1 --port "$smtp" --sources "$SOURCES" \
    --sessions "$SESSIONS" --messages "$MESSAGES" --warmup "$WARMUP" --per-session 1 \
    --size 4096 --helo mail.sender.example --from load@sender.example --to "$RECIPIENT" \
    --max-seconds "$MAX_SECONDS" --timeout-ms 30000 --csv 2>&1)"
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while kill -0 "$SERVER_PID" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  local csv warns
  csv="$(echo "$output" | tail -1)"
  warns="$(grep -c 'Store unavailable\|Store write queue full' "$home/logs/spamfree.log" 2>/dev/null || true)"
  # attempted,accepted,rejected_by_code,connection_errors,abandoned,unsent,elapsed_s,messages_per_s,p50,p90,p99,max,time_bound
  IFS=',' read -r attempted accepted rejected errors _ _ _ rate p50 p90 p99 max _ <<<"$csv"
  echo "| $name | $attempted | $accepted | $errors | $rate | $p50 | $p90 | $p99 | $max | ${warns:-0} |"
}

for name in ${CONFIGURATIONS//,/ }; do
  case "$name" in
    postgresql)
      psql -q -h "${POSTGRESQL_SERVER%:*}" -p "${POSTGRESQL_SERVER#*:}" -U postgres -d postgres \
        -c "CREATE DATABASE $DATABASE" >/dev/null && CREATED_POSTGRESQL=yes ;;
    mariadb)
      mysql -h "${MARIADB_SERVER%:*}" -P "${MARIADB_SERVER#*:}" -uroot \
        -e "CREATE DATABASE $DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" && CREATED_MARIADB=yes ;;
    no-store|h2|unreachable) ;;
    *) fail_usage "unknown configuration '$name'" ;;
  esac
done

echo "Command: \`$COMMAND_LINE\`"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
echo
echo "| configuration | messages | accepted | connection errors | messages/s | p50 ms | p90 ms | p99 ms | max ms | store WARN lines |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in ${CONFIGURATIONS//,/ }; do
  run_configuration "$name"
done
