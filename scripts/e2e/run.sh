#!/usr/bin/env bash
# `npm run test:e2e`: tokentrail through a REAL OpenTelemetry Collector (built with ocb from
# collector-config/builder.yaml) and a real Jaeger v2.
#   1. build the peers (cached by manifest hash) and validate every collector config;
#   2. start Jaeger and the collector on loopback (scripts/e2e/peers.sh);
#   3. run the quickstart, RSA and routing examples with OTEL_EXPORTER_OTLP_ENDPOINT set;
#   4. assert on what the peers received (e2e/*.e2e.test.ts: collector files + Jaeger API);
#   5. the collector-down run: the demo against a closed port exits 0 in bounded time with a
#      complete ledger;
#   6. the backends (scripts/e2e/backends.sh: Arize Phoenix, MLflow, Prometheus, cached installs):
#      the three examples straight to Phoenix and to MLflow over OTLP/HTTP protobuf (the default
#      protocol), and three sequential short-lived quickstart runs through the collector that
#      Prometheus scrapes; e2e/backends.e2e.test.ts reads each back through its own API;
#   7. the export bench (spans/s into the real collector, peak RSS).
# Peers and backends are stopped by pid at the end, on success or failure.
set -euo pipefail
E2E_LOG_TAG=e2e
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$e2e_repo_root"

export E2E_DIR="${E2E_DIR:-$e2e_repo_root/.e2e}"
mkdir -p "$E2E_DIR" .ci-out
bench_seconds="${E2E_BENCH_SECONDS:-30}"

cleanup() {
  # A failure before the backends started still leaves nothing running: let the install finish.
  if [[ -n "${install_backends_pid:-}" ]]; then wait "$install_backends_pid" 2>/dev/null || true; fi
  scripts/e2e/backends.sh stop || true
  scripts/e2e/peers.sh stop || true
}
trap cleanup EXIT
# The backends' installs (pip, apt) download while the Go peers compile: on a cold machine
# that overlaps minutes of each. Their own log; waited for before the backends start.
scripts/e2e/install-backends.sh >"$E2E_DIR/install-backends.log" 2>&1 &
install_backends_pid=$!
e2e_log "installing the backends in the background (pid $install_backends_pid, log $E2E_DIR/install-backends.log)"
e2e_log "building peers"
scripts/e2e/build-peers.sh
e2e_log "validating collector configs"
scripts/e2e/validate-configs.sh

scripts/e2e/peers.sh stop
rm -rf "$E2E_DIR/out"
scripts/e2e/peers.sh start
# shellcheck disable=SC1091
source "$E2E_DIR/peers.env"
export E2E_TRACES_FILE E2E_METRICS_FILE E2E_SPANMETRICS_FILE E2E_JAEGER_QUERY_URL E2E_OTLP_HTTP_URL

run_example() { # $1 name, rest: command; sends to the collector with a tag to find its spans
  local name="$1"
  shift
  e2e_log "example: $name"
  OTEL_EXPORTER_OTLP_ENDPOINT="$E2E_OTLP_HTTP_URL" \
    OTEL_RESOURCE_ATTRIBUTES="e2e.example=$name" \
    TOKENTRAIL_COST_LOGS=true \
    TOKENTRAIL_LEDGER_PATH="$E2E_DIR/$name-ledger.jsonl" \
    TOKENTRAIL_AUDIT_PATH="$E2E_DIR/$name-audit.jsonl" \
    "$@"
}
rm -f "$E2E_DIR"/*-ledger.jsonl "$E2E_DIR"/*-audit.jsonl
run_example quickstart npx tsx --conditions=tokentrail-source examples/quickstart/src/main.ts
run_example rsa npx tsx --conditions=tokentrail-source examples/rsa/src/main.ts --n 4 --k 2 --t 3 --seed 7 --latency-scale 0
run_example routing npx tsx --conditions=tokentrail-source examples/routing/src/main.ts

# The collector flushes files every 100 ms and batches every 200 ms; give it a moment.
sleep 2

e2e_log "collector-down run: the demo against a closed port"
down_ledger="$E2E_DIR/down-ledger.jsonl"
rm -f "$down_ledger"
started=$SECONDS
OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9" OTEL_EXPORTER_OTLP_TIMEOUT=2000 TOKENTRAIL_LEDGER_PATH="$down_ledger" \
  TOKENTRAIL_AUDIT_PATH="$E2E_DIR/down-audit.jsonl" \
  timeout 120 npx tsx --conditions=tokentrail-source examples/rsa/src/main.ts --n 4 --k 2 --t 3 --seed 7 --latency-scale 0 >"$E2E_DIR/down.log" 2>&1
echo "{\"seconds\": $((SECONDS - started)), \"rows\": $(wc -l <"$down_ledger")}" >"$E2E_DIR/down-result.json"
e2e_log "collector-down run: $(cat "$E2E_DIR/down-result.json")"

e2e_log "backends: Phoenix, MLflow, Prometheus"
backends_started=$SECONDS
if ! wait "$install_backends_pid"; then
  tail -n 40 "$E2E_DIR/install-backends.log" >&2
  e2e_die "installing the backends failed"
fi
cat "$E2E_DIR/install-backends.log" >&2
scripts/e2e/backends.sh start
# shellcheck disable=SC1091
source "$E2E_DIR/backends.env"
export E2E_PHOENIX_URL E2E_MLFLOW_URL E2E_PROMETHEUS_URL
e2e_log "backends ready in $((SECONDS - backends_started))s"

scripts/e2e/send-to-backends.sh
rm -f "$E2E_DIR"/prom-*-ledger.jsonl

# Three short-lived processes of one service through the collector, one after the other; each
# exports its metrics once, at shutdown. Prometheus must add them up, not overwrite them.
for i in 1 2 3; do
  e2e_log "short-lived run $i of 3 -> collector -> Prometheus"
  OTEL_EXPORTER_OTLP_ENDPOINT="$E2E_OTLP_HTTP_URL" OTEL_RESOURCE_ATTRIBUTES="e2e.example=prom" \
    TOKENTRAIL_LEDGER_PATH="$E2E_DIR/prom-$i-ledger.jsonl" TOKENTRAIL_AUDIT_PATH="$E2E_DIR/prom-$i-audit.jsonl" \
    npx tsx --conditions=tokentrail-source examples/quickstart/src/main.ts >/dev/null
done

e2e_log "assertions"
set +e
npx vitest run --config e2e/vitest.config.ts --reporter=default --reporter=json --outputFile=.ci-out/e2e.json
status=$?
set -e
node -e '
  const r = require("./.ci-out/e2e.json");
  require("fs").writeFileSync(".ci-out/e2e-summary.json", JSON.stringify({ passed: r.numPassedTests, failed: r.numFailedTests }));
  console.log(`e2e: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
'
[[ $status -eq 0 ]] || exit "$status"

if [[ "$bench_seconds" != "0" ]]; then
  e2e_log "export bench: ${bench_seconds}s into the real collector"
  npx tsx --conditions=tokentrail-source bench/export-main.ts "$E2E_OTLP_HTTP_URL" "$bench_seconds" | tee "$E2E_DIR/export-bench.txt"
fi
