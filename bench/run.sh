#!/usr/bin/env bash
# `make bench`: every benchmark, printed as Markdown tables (copy them into docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (the HTTP load generator) from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
  else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi
fi
mkdir -p bench/results

echo "## HTTP: issuance and retrieval vs bare FastAPI"
$PY -m bench.http_bench --json bench/results/http.json
echo
echo "## Issuance cost by stage"
$PY -m bench.issuance_costs
echo
echo "## HTTP with the simulated QKD link running in the same process"
$PY -m bench.http_bench --link --json bench/results/http-link.json
echo
echo "## Evidence log"
$PY -m bench.bench_evidence
echo
echo "## QKD post-processing"
$PY bench/bench_postprocessing.py
