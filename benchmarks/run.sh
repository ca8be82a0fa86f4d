#!/usr/bin/env bash
# `make bench`: the JMH suites, then the HTTP load beside the bare twins. Prints Markdown tables
# (record them, with the command, in docs/BENCHMARKS.md). JAVA_HOME is a JDK 25 (the Makefile finds it).
# Set BENCH_JMH="-f 1 -wi 3 -i 5" or BENCH_HTTP="--rounds 3 --seconds 5" to change the run lengths,
# BENCH_ONLY=jmh|http to run one half. The HTTP half measures SQLite, and PostgreSQL with one and two
# replicas when LIGHTVIBES_BENCH_POSTGRES_URL names a database it may create schemas in (e.g.
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres; otherwise those tables are skipped).
# BENCH_PROFILE=1 adds a JFR profile of a 16-connection issuance run per deployment
# (benchmarks/results/jfr/, summarised by io.lightvibes.benchmarks.http.JfrHotspots).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?JAVA_HOME must name a JDK 25}/bin/java"
RESULTS=benchmarks/results
mkdir -p "$RESULTS"

if ! command -v wrk >/dev/null 2>&1 && [ "${BENCH_ONLY:-}" != jmh ]; then
  echo "installing wrk (the HTTP load generator) from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi

if [ "${BENCH_ONLY:-}" != http ]; then
  echo "## JMH"
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar ${BENCH_JMH:--f 1 -wi 3 -i 5} \
    -rf json -rff "$RESULTS/jmh.json" ${BENCH_SUITES:-}
fi

if [ "${BENCH_ONLY:-}" != jmh ]; then
  echo
  echo "## HTTP"
  extra=()
  [ -f "$RESULTS/jmh.json" ] && extra+=(--ceiling-from "$RESULTS/jmh.json")
  [ "${BENCH_PROFILE:-0}" = 1 ] && extra+=(--profile "$RESULTS/jfr")
  LIGHTVIBES_BENCH_POSTGRES_URL="${LIGHTVIBES_BENCH_POSTGRES_URL:-}" \
    "$JAVA" -cp benchmarks/target/benchmarks.jar io.lightvibes.benchmarks.http.HttpLoad \
    --jar service/target/lightvibes.jar ${BENCH_HTTP:-} "${extra[@]}"
fi
