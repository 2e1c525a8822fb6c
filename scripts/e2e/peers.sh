#!/usr/bin/env bash
# Starts, stops or reports the real e2e peers: Jaeger v2 (collector-config/jaeger.yaml) and
# the ocb-built collector (collector-config/e2e.yaml). Loopback addresses only.
#
#   scripts/e2e/peers.sh start    # builds the peers if needed, starts both, waits until healthy
#   scripts/e2e/peers.sh status   # exit 0 when both run and answer, 3 otherwise
#   scripts/e2e/peers.sh stop     # safe when nothing runs
#
# State lives in $E2E_DIR (default <repo>/.e2e): pids/*.pid, logs/*.log, out/*.jsonl (the
# collector's file exporter) and peers.env (endpoints for the test to source).
set -euo pipefail
E2E_LOG_TAG=peers
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

e2e_dir="${E2E_DIR:-$e2e_repo_root/.e2e}"
pid_dir="$e2e_dir/pids"
log_dir="$e2e_dir/logs"
out_dir="$e2e_dir/out"
start_timeout_s="${E2E_START_TIMEOUT_S:-60}"

# Ports (loopback only). Jaeger's are passed to jaeger.yaml, the collector's to e2e.yaml.
jaeger_otlp_grpc_port="${E2E_JAEGER_OTLP_GRPC_PORT:-14317}"
jaeger_otlp_http_port="${E2E_JAEGER_OTLP_HTTP_PORT:-14318}"
jaeger_query_http_port="${E2E_JAEGER_QUERY_HTTP_PORT:-16686}"
jaeger_query_grpc_port="${E2E_JAEGER_QUERY_GRPC_PORT:-16685}"
jaeger_health_port="${E2E_JAEGER_HEALTH_PORT:-14133}"
jaeger_telemetry_port="${E2E_JAEGER_TELEMETRY_PORT:-14888}"
otelcol_grpc_port="${E2E_OTELCOL_GRPC_PORT:-24317}"
otelcol_http_port="${E2E_OTELCOL_HTTP_PORT:-24318}"
otelcol_health_port="${E2E_OTELCOL_HEALTH_PORT:-23133}"

jaeger_query_url="http://127.0.0.1:$jaeger_query_http_port"
otelcol_health_url="http://127.0.0.1:$otelcol_health_port/"

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

jaeger_healthy() { http_ok "$jaeger_query_url/api/services"; }
otelcol_healthy() { http_ok "$otelcol_health_url" && e2e_port_open "$otelcol_http_port"; }

read_pid() { if [[ -f "$pid_dir/$1.pid" ]]; then cat "$pid_dir/$1.pid"; fi; }

# Each peer is recognised by the config file on its command line (stable across rebuilds,
# unlike the binary path), which guards against a recycled pid.
jaeger_cfg="$e2e_config_dir/jaeger.yaml"
otelcol_cfg="$e2e_config_dir/e2e.yaml"

# $1 name, $2 config path: true when the recorded pid is alive and runs that config.
running() { e2e_pid_is "$(read_pid "$1")" "$2"; }

wait_healthy() { # $1 name, $2 health function
  local deadline=$((SECONDS + start_timeout_s))
  while ((SECONDS < deadline)); do
    # kill -0, not running(): right after the fork the child may not have exec'd the
    # binary yet, so its command line does not show the config path.
    if ! kill -0 "$(read_pid "$1")" 2>/dev/null; then
      e2e_log "$1 exited during start-up; last log lines ($log_dir/$1.log):"
      tail -n 30 "$log_dir/$1.log" >&2 || true
      return 1
    fi
    "$2" && return 0
    sleep 0.2
  done
  e2e_log "$1 not healthy after ${start_timeout_s}s; last log lines ($log_dir/$1.log):"
  tail -n 30 "$log_dir/$1.log" >&2 || true
  return 1
}

require_free_ports() { # $1 name, rest: ports
  local name="$1" port
  shift
  for port in "$@"; do
    if e2e_port_open "$port"; then
      e2e_log "port 127.0.0.1:$port (for $name) is already in use; set E2E_* port variables or stop the other process"
      return 1
    fi
  done
}

start_jaeger() {
  if running jaeger "$jaeger_cfg"; then
    e2e_log "jaeger already running (pid $(read_pid jaeger))"
  else
    require_free_ports jaeger "$jaeger_otlp_grpc_port" "$jaeger_otlp_http_port" "$jaeger_query_http_port" \
      "$jaeger_query_grpc_port" "$jaeger_health_port" "$jaeger_telemetry_port" || return 1
    JAEGER_LISTEN_HOST=127.0.0.1 \
      JAEGER_OTLP_GRPC_PORT="$jaeger_otlp_grpc_port" JAEGER_OTLP_HTTP_PORT="$jaeger_otlp_http_port" \
      JAEGER_QUERY_HTTP_PORT="$jaeger_query_http_port" JAEGER_QUERY_GRPC_PORT="$jaeger_query_grpc_port" \
      JAEGER_HEALTH_PORT="$jaeger_health_port" JAEGER_TELEMETRY_PORT="$jaeger_telemetry_port" \
      nohup "$JAEGER_BIN" --config "$jaeger_cfg" >"$log_dir/jaeger.log" 2>&1 </dev/null &
    echo "$!" >"$pid_dir/jaeger.pid"
    e2e_log "jaeger started (pid $!), log $log_dir/jaeger.log"
  fi
  wait_healthy jaeger jaeger_healthy
}

start_otelcol() {
  if running otelcol "$otelcol_cfg"; then
    e2e_log "collector already running (pid $(read_pid otelcol))"
  else
    require_free_ports collector "$otelcol_grpc_port" "$otelcol_http_port" "$otelcol_health_port" || return 1
    # A fresh run starts from empty files (the exporter truncates too; this also drops
    # files of a previous run that used different names).
    rm -f "$out_dir"/*.jsonl
    E2E_OUT_DIR="$out_dir" \
      E2E_OTLP_GRPC_ENDPOINT="127.0.0.1:$otelcol_grpc_port" E2E_OTLP_HTTP_ENDPOINT="127.0.0.1:$otelcol_http_port" \
      E2E_OTELCOL_HEALTH_ENDPOINT="127.0.0.1:$otelcol_health_port" \
      E2E_JAEGER_OTLP_GRPC_ENDPOINT="127.0.0.1:$jaeger_otlp_grpc_port" \
      nohup "$OTELCOL_BIN" --config "$otelcol_cfg" >"$log_dir/otelcol.log" 2>&1 </dev/null &
    echo "$!" >"$pid_dir/otelcol.pid"
    e2e_log "collector started (pid $!), log $log_dir/otelcol.log"
  fi
  wait_healthy otelcol otelcol_healthy
}

write_endpoints() {
  cat >"$e2e_dir/peers.env" <<EOF
# Written by scripts/e2e/peers.sh start; source it in tests.
E2E_OTLP_HTTP_URL=http://127.0.0.1:$otelcol_http_port
E2E_OTLP_GRPC_ENDPOINT=127.0.0.1:$otelcol_grpc_port
E2E_OUT_DIR=$out_dir
E2E_TRACES_FILE=$out_dir/traces.jsonl
E2E_METRICS_FILE=$out_dir/metrics.jsonl
E2E_SPANMETRICS_FILE=$out_dir/spanmetrics.jsonl
E2E_JAEGER_QUERY_URL=$jaeger_query_url
E2E_JAEGER_OTLP_HTTP_URL=http://127.0.0.1:$jaeger_otlp_http_port
EOF
}

stop_one() { # $1 name, $2 config path
  local pid
  pid="$(read_pid "$1")"
  if [[ -z "$pid" ]]; then
    e2e_log "$1: not running"
    return 0
  fi
  if e2e_pid_is "$pid" "$2"; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      e2e_log "$1 (pid $pid) ignored SIGTERM for 15s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    e2e_log "$1 (pid $pid) stopped"
  else
    e2e_log "$1: stale pid file ($pid is not $1); removing it"
  fi
  rm -f "$pid_dir/$1.pid"
}

status_one() { # $1 name, $2 config path, $3 health function; returns 0 when up and healthy
  if running "$1" "$2"; then
    if "$3"; then
      printf '%-8s running  pid %s  healthy\n' "$1" "$(read_pid "$1")"
      return 0
    fi
    printf '%-8s running  pid %s  NOT healthy\n' "$1" "$(read_pid "$1")"
    return 1
  fi
  printf '%-8s stopped\n' "$1"
  return 1
}

cmd="${1:-}"
case "$cmd" in
  start)
    command -v curl >/dev/null 2>&1 || e2e_die "curl is required"
    e2e_load_peers
    mkdir -p "$pid_dir" "$log_dir" "$out_dir"
    if ! start_jaeger || ! start_otelcol; then
      e2e_log "start failed; stopping what was started"
      stop_one otelcol "$otelcol_cfg"
      stop_one jaeger "$jaeger_cfg"
      exit 1
    fi
    write_endpoints
    e2e_log "ready: OTLP http://127.0.0.1:$otelcol_http_port (gRPC :$otelcol_grpc_port), files $out_dir, Jaeger $jaeger_query_url"
    cat "$e2e_dir/peers.env"
    ;;
  stop)
    # Collector first, so its last batch can still reach Jaeger.
    stop_one otelcol "$otelcol_cfg"
    stop_one jaeger "$jaeger_cfg"
    ;;
  status)
    rc=0
    status_one jaeger "$jaeger_cfg" jaeger_healthy || rc=3
    status_one otelcol "$otelcol_cfg" otelcol_healthy || rc=3
    exit "$rc"
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
