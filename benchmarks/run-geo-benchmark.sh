#!/usr/bin/env bash
# Measures the geo lookup with JMH: lookups per second on one thread with a country database
# (default: the bundled conf/geo/iptoasn-country.mmdb), Spamfree's GeoLocator beside maxmind-db's
# Reader with its defaults, then the heap that the loaded database keeps. Everything runs in
# local JVMs; no address is contacted. Run with --help for the options.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
DATABASE="$REPO_ROOT/conf/geo/iptoasn-country.mmdb"
FORKS=2
WARMUP_ITERATIONS=5
ITERATIONS=10

usage() {
  cat <<USAGE
Usage: benchmarks/$(basename "$0") [--database PATH] [--forks N] [--warmup N] [--iterations N]

Builds the benchmarks module and its dependencies in this repository (mvn package, offline,
no tests), then runs JMH's GeoLookupBenchmark on one thread and GeoMemoryFootprint.

Options:
  --database PATH   MaxMind DB country database (default conf/geo/iptoasn-country.mmdb)
  --forks N         JMH forks, each a fresh JVM (default $FORKS)
  --warmup N        warm-up iterations of 1 s per fork (default $WARMUP_ITERATIONS)
  --iterations N    measured iterations of 1 s per fork (default $ITERATIONS)
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --database) DATABASE="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --forks) FORKS="$2"; shift 2 ;;
    --warmup) WARMUP_ITERATIONS="$2"; shift 2 ;;
    --iterations) ITERATIONS="$2"; shift 2 ;;
    --help|-h) usage; exit 0 ;;
    *) echo "run-geo-benchmark.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for value in "$FORKS" "$WARMUP_ITERATIONS" "$ITERATIONS"; do
  if ! [[ "$value" =~ ^[0-9]{1,3}$ ]]; then
    echo "run-geo-benchmark.sh: invalid count '$value': expected a whole number from 0 to 999" >&2
    exit 2
  fi
done
if [[ ! -f "$DATABASE" ]]; then
  echo "run-geo-benchmark.sh: database '$DATABASE' not found" >&2
  exit 2
fi

CLASSPATH_FILE="$(mktemp)"
trap 'rm -f "$CLASSPATH_FILE"' EXIT
echo "Building the benchmarks module..." >&2
(cd "$REPO_ROOT" && mvn -B -q -o -pl benchmarks -am package dependency:build-classpath \
  -DskipTests -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=runtime >&2)
CLASSPATH="$REPO_ROOT/benchmarks/target/classes:$(cat "$CLASSPATH_FILE")"

echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "- Memory: $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Java: $(java -version 2>&1 | head -1)"
echo
echo "## JMH, one thread"
echo
echo '```'
java -cp "$CLASSPATH" org.openjdk.jmh.Main GeoLookupBenchmark \
  -p database="$DATABASE" -t 1 -f "$FORKS" -wi "$WARMUP_ITERATIONS" -i "$ITERATIONS" \
  -w 1s -r 1s -jvmArgs "-Xms256m -Xmx256m" | grep -E '^(Benchmark|GeoLookupBenchmark)'
echo '```'
echo
echo "## Heap kept by the loaded database"
echo
echo '```'
java -XX:+UseSerialGC -Xms256m -Xmx256m -cp "$CLASSPATH" \
  org.spamfree.benchmarks.geo.GeoMemoryFootprint "$DATABASE"
echo '```'
