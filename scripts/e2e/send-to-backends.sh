#!/usr/bin/env bash
# Sends the quickstart, RSA and routing examples straight to Arize Phoenix and to MLflow over
# OTLP/HTTP with the default protocol (protobuf), traces only, each with a ledger of its own:
# $E2E_DIR/{phoenix,mlflow}-{quickstart,rsa,routing}-ledger.jsonl. Content capture and the
# openinference profile are on, as a user who wants typed spans and filled previews sets them;
# the GenAI conventions switch stays at its default (both generations of names on the spans).
# E2E_BACKENDS_PROFILES overrides the profile list (empty: none), to measure what a profile adds.
# Needs E2E_DIR, E2E_PHOENIX_URL and E2E_MLFLOW_URL (scripts/e2e/backends.sh start writes them).
set -euo pipefail
E2E_LOG_TAG=send-to-backends
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$e2e_repo_root"
: "${E2E_DIR:?}" "${E2E_PHOENIX_URL:?}" "${E2E_MLFLOW_URL:?}"

run_direct() { # $1 backend, $2 example, $3 traces URL, $4 headers, rest: command
  local backend="$1" name="$2" url="$3" headers="$4"
  shift 4
  e2e_log "example: $name -> $backend"
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="$url" OTEL_EXPORTER_OTLP_HEADERS="$headers" OTEL_METRICS_EXPORTER=none \
    OTEL_RESOURCE_ATTRIBUTES="e2e.example=$name" \
    OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true TOKENTRAIL_PROFILES="${E2E_BACKENDS_PROFILES-openinference}" \
    TOKENTRAIL_LEDGER_PATH="$E2E_DIR/$backend-$name-ledger.jsonl" TOKENTRAIL_AUDIT_PATH="$E2E_DIR/$backend-$name-audit.jsonl" \
    "$@"
}
rm -f "$E2E_DIR"/phoenix-*-ledger.jsonl "$E2E_DIR"/mlflow-*-ledger.jsonl
for backend in phoenix mlflow; do
  if [[ $backend == phoenix ]]; then url="$E2E_PHOENIX_URL/v1/traces" headers=""; else url="$E2E_MLFLOW_URL/v1/traces" headers="x-mlflow-experiment-id=0"; fi
  run_direct "$backend" quickstart "$url" "$headers" npx tsx --conditions=tokentrail-source examples/quickstart/src/main.ts
  run_direct "$backend" rsa "$url" "$headers" npx tsx --conditions=tokentrail-source examples/rsa/src/main.ts --n 4 --k 2 --t 3 --seed 7 --latency-scale 0
  run_direct "$backend" routing "$url" "$headers" npx tsx --conditions=tokentrail-source examples/routing/src/main.ts
done
