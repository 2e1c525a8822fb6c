#!/usr/bin/env bash
# Validates every config in collector-config/ with the real binaries:
#   - each collector config with `<ocb collector> validate` (full unmarshal + DryRun, which
#     also fails on a component missing from builder.yaml), once with the defaults and
#     once with the environment docker-compose.yaml sets;
#   - jaeger.yaml with `jaeger validate`;
#   - then every one of those configs is started for real on private loopback ports until
#     it reports healthy, because `validate` only checks structure: an unknown tail-sampling
#     status code or a Jaeger storage name that does not exist pass `validate` and fail at
#     start (skip with --no-start);
#   - docker-compose.yaml, prometheus.yml, tempo.yaml and the Grafana files for YAML/JSON
#     syntax (no Docker here, so nothing more).
# Exits non-zero if anything fails; prints one line per check.
set -euo pipefail
start_checks=1
[[ "${1:-}" == "--no-start" ]] && start_checks=0
E2E_LOG_TAG=validate
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

e2e_load_peers
failures=0
checks=0

# $1 label, $2 binary, $3 config, rest: VAR=value pairs for the environment.
validate() {
  local label="$1" bin="$2" cfg="$3" out
  shift 3
  checks=$((checks + 1))
  if out="$(env "$@" "$bin" validate --config="$cfg" 2>&1)"; then
    printf 'ok    %s\n' "$label"
  else
    printf 'FAIL  %s\n%s\n' "$label" "$(printf '%s\n' "$out" | tail -n 20 | sed 's/^/      /')"
    failures=$((failures + 1))
  fi
}

c="$e2e_config_dir"
# Defaults (every ${env:...} in the configs has one).
validate "otelcol.yaml (defaults)" "$OTELCOL_BIN" "$c/otelcol.yaml"
validate "e2e.yaml (defaults)" "$OTELCOL_BIN" "$c/e2e.yaml"
validate "gateway.yaml (defaults)" "$OTELCOL_BIN" "$c/gateway.yaml"
validate "tail-sampler.yaml (defaults)" "$OTELCOL_BIN" "$c/tail-sampler.yaml"
validate "jaeger.yaml (defaults)" "$JAEGER_BIN" "$c/jaeger.yaml"

# The overrides docker-compose.yaml and peers.sh use.
validate "otelcol.yaml (compose env)" "$OTELCOL_BIN" "$c/otelcol.yaml" \
  OTLP_GRPC_ENDPOINT=0.0.0.0:4317 OTLP_HTTP_ENDPOINT=0.0.0.0:4318 \
  OTELCOL_HEALTH_ENDPOINT=0.0.0.0:13133 PROMETHEUS_EXPORTER_ENDPOINT=0.0.0.0:8889 \
  JAEGER_OTLP_GRPC_ENDPOINT=jaeger:4317 TEMPO_OTLP_GRPC_ENDPOINT=tempo:4317 \
  OTELCOL_TELEMETRY_HOST=0.0.0.0 OTELCOL_TELEMETRY_PORT=8888 OTELCOL_DEBUG_VERBOSITY=detailed
validate "e2e.yaml (peers.sh env)" "$OTELCOL_BIN" "$c/e2e.yaml" \
  E2E_OUT_DIR=/tmp/tokentrail-validate E2E_OTLP_GRPC_ENDPOINT=127.0.0.1:24317 \
  E2E_OTLP_HTTP_ENDPOINT=127.0.0.1:24318 E2E_OTELCOL_HEALTH_ENDPOINT=127.0.0.1:23133 \
  E2E_JAEGER_OTLP_GRPC_ENDPOINT=127.0.0.1:14317
validate "gateway.yaml (three samplers)" "$OTELCOL_BIN" "$c/gateway.yaml" \
  'TAIL_SAMPLER_ENDPOINTS=[ts-0:4317, ts-1:4317, ts-2:4317]'
validate "tail-sampler.yaml (overrides)" "$OTELCOL_BIN" "$c/tail-sampler.yaml" \
  TAIL_SAMPLER_OTLP_GRPC_ENDPOINT=127.0.0.1:45317 TT_EXPENSIVE_CALL_USD=0.5 \
  TT_EXPENSIVE_TRACE_USD=2 TT_SLOW_THRESHOLD_MS=5000 TT_BASELINE_SAMPLING_PERCENT=1 TT_DECISION_WAIT=10s
validate "jaeger.yaml (compose env)" "$JAEGER_BIN" "$c/jaeger.yaml" JAEGER_LISTEN_HOST=0.0.0.0

# $1 label, $2 binary, $3 config, $4 health URL, rest: VAR=value pairs. Starts the config,
# waits until the health URL answers 200 (pass) or the process exits (fail), then stops it.
start_check() {
  local label="$1" bin="$2" cfg="$3" url="$4" port log pid ok=0 deadline
  shift 4
  checks=$((checks + 1))
  port="${url#http://127.0.0.1:}"
  port="${port%%/*}"
  if e2e_port_open "$port"; then
    printf 'FAIL  %s\n      port %s is already in use, cannot tell this instance apart\n' "$label" "$port"
    failures=$((failures + 1))
    return 0
  fi
  log="$(mktemp)"
  env "$@" "$bin" --config="$cfg" >"$log" 2>&1 </dev/null &
  pid=$!
  deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)) && kill -0 "$pid" 2>/dev/null; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      ok=1
      break
    fi
    sleep 0.2
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ((ok)); then
    printf 'ok    %s\n' "$label"
  else
    printf 'FAIL  %s\n%s\n' "$label" "$(grep -E $'^Error:|\terror\t' "$log" | tail -n 3 | cut -c1-400 | sed 's/^/      /')"
    failures=$((failures + 1))
  fi
  rm -f "$log"
}

if ((start_checks)); then
  command -v curl >/dev/null 2>&1 || e2e_die "curl is required for start checks (or pass --no-start)"
  # Exporter targets point at a closed port: start-up must not depend on backends.
  nowhere=127.0.0.1:37999
  start_dir="$(mktemp -d)"
  start_check "otelcol.yaml starts" "$OTELCOL_BIN" "$c/otelcol.yaml" http://127.0.0.1:37133/ \
    OTLP_GRPC_ENDPOINT=127.0.0.1:37317 OTLP_HTTP_ENDPOINT=127.0.0.1:37318 \
    OTELCOL_HEALTH_ENDPOINT=127.0.0.1:37133 PROMETHEUS_EXPORTER_ENDPOINT=127.0.0.1:37889 \
    OTELCOL_TELEMETRY_PORT=37888 JAEGER_OTLP_GRPC_ENDPOINT=$nowhere TEMPO_OTLP_GRPC_ENDPOINT=$nowhere
  start_check "e2e.yaml starts" "$OTELCOL_BIN" "$c/e2e.yaml" http://127.0.0.1:37134/ \
    E2E_OUT_DIR="$start_dir" E2E_OTLP_GRPC_ENDPOINT=127.0.0.1:37417 E2E_OTLP_HTTP_ENDPOINT=127.0.0.1:37418 \
    E2E_OTELCOL_HEALTH_ENDPOINT=127.0.0.1:37134 E2E_JAEGER_OTLP_GRPC_ENDPOINT=$nowhere
  start_check "gateway.yaml starts" "$OTELCOL_BIN" "$c/gateway.yaml" http://127.0.0.1:37135/ \
    GATEWAY_OTLP_GRPC_ENDPOINT=127.0.0.1:37517 GATEWAY_OTLP_HTTP_ENDPOINT=127.0.0.1:37518 \
    GATEWAY_HEALTH_ENDPOINT=127.0.0.1:37135 PROMETHEUS_EXPORTER_ENDPOINT=127.0.0.1:37589 \
    OTELCOL_TELEMETRY_PORT=37588 "TAIL_SAMPLER_ENDPOINTS=[$nowhere]"
  start_check "tail-sampler.yaml starts" "$OTELCOL_BIN" "$c/tail-sampler.yaml" http://127.0.0.1:37136/ \
    TAIL_SAMPLER_OTLP_GRPC_ENDPOINT=127.0.0.1:37617 TAIL_SAMPLER_HEALTH_ENDPOINT=127.0.0.1:37136 \
    OTELCOL_TELEMETRY_PORT=37688 JAEGER_OTLP_GRPC_ENDPOINT=$nowhere TEMPO_OTLP_GRPC_ENDPOINT=$nowhere
  start_check "jaeger.yaml starts" "$JAEGER_BIN" "$c/jaeger.yaml" http://127.0.0.1:37786/api/services \
    JAEGER_LISTEN_HOST=127.0.0.1 JAEGER_OTLP_GRPC_PORT=37717 JAEGER_OTLP_HTTP_PORT=37718 \
    JAEGER_QUERY_HTTP_PORT=37786 JAEGER_QUERY_GRPC_PORT=37785 JAEGER_HEALTH_PORT=37137 \
    JAEGER_TELEMETRY_PORT=37788
  rm -rf "$start_dir"
fi

# Syntax only for what no binary here can load.
syntax_check() { # $1 label, $2 python snippet reading sys.argv[1]
  checks=$((checks + 1))
  local out
  if out="$(python3 -c "$2" "$3" 2>&1)"; then
    printf 'ok    %s\n' "$1"
  else
    printf 'FAIL  %s\n      %s\n' "$1" "$(printf '%s\n' "$out" | tail -n 1)"
    failures=$((failures + 1))
  fi
}
if python3 -c 'import yaml' 2>/dev/null; then
  yaml_py='import sys, yaml; yaml.safe_load(open(sys.argv[1]))'
  for f in "$c/docker-compose.yaml" "$c/prometheus.yml" "$c/tempo.yaml" \
    "$c"/grafana/provisioning/*/*.yaml; do
    [[ -f "$f" ]] && syntax_check "${f#"$c/"} (YAML syntax)" "$yaml_py" "$f"
  done
else
  e2e_log "python3 yaml module missing (pip install pyyaml); skipping YAML syntax checks"
fi
for f in "$c"/grafana/dashboards/*.json; do
  [[ -f "$f" ]] && syntax_check "${f#"$c/"} (JSON syntax)" 'import sys, json; json.load(open(sys.argv[1]))' "$f"
done

printf '%d checks, %d failed\n' "$checks" "$failures"
((failures == 0))
