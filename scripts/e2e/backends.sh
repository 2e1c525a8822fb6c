#!/usr/bin/env bash
# Starts, stops or reports the e2e backends that are not Go peers: Arize Phoenix, an MLflow
# tracking server (SQLite) and Prometheus (scraping the e2e collector's prometheus exporter).
# Installs them first when needed (scripts/e2e/install-backends.sh, cached). Loopback only.
#
#   scripts/e2e/backends.sh start   # writes $E2E_DIR/backends.env (E2E_PHOENIX_URL, E2E_MLFLOW_URL, E2E_PROMETHEUS_URL)
#   scripts/e2e/backends.sh stop    # by pid; safe when nothing runs
set -euo pipefail
E2E_LOG_TAG=backends
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

e2e_dir="${E2E_DIR:-$e2e_repo_root/.e2e}"
pid_dir="$e2e_dir/pids"
log_dir="$e2e_dir/logs"
data_dir="$e2e_dir/backends"
start_timeout_s="${E2E_BACKENDS_START_TIMEOUT_S:-180}"
phoenix_port="${E2E_PHOENIX_PORT:-26006}"
phoenix_grpc_port="${E2E_PHOENIX_GRPC_PORT:-26007}"
mlflow_port="${E2E_MLFLOW_PORT:-25000}"
prometheus_port="${E2E_PROMETHEUS_PORT:-29090}"
collector_prometheus="${E2E_OTELCOL_PROMETHEUS_ENDPOINT:-127.0.0.1:28889}"
backends_cache="${TOKENTRAIL_BACKENDS_CACHE:-$HOME/.cache/tokentrail-backends}"

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
read_pid() { if [[ -f "$pid_dir/$1.pid" ]]; then cat "$pid_dir/$1.pid"; fi; }

# Each backend is recognised by a marker on its command line, guarding against a recycled pid.
marker_phoenix="phoenix-loopback.py"
marker_mlflow="--port $mlflow_port"
marker_prometheus="--web.listen-address=127.0.0.1:$prometheus_port"

wait_healthy() { # $1 name, $2 url
  local deadline=$((SECONDS + start_timeout_s)) started=$SECONDS
  while ((SECONDS < deadline)); do
    if ! kill -0 "$(read_pid "$1")" 2>/dev/null; then
      e2e_log "$1 exited during start-up; last log lines ($log_dir/$1.log):"
      tail -n 30 "$log_dir/$1.log" >&2 || true
      return 1
    fi
    if http_ok "$2"; then
      e2e_log "$1 healthy after $((SECONDS - started))s"
      return 0
    fi
    sleep 0.5
  done
  e2e_log "$1 not healthy after ${start_timeout_s}s; last log lines ($log_dir/$1.log):"
  tail -n 30 "$log_dir/$1.log" >&2 || true
  return 1
}

require_free() { # $1 name, rest: ports
  local name="$1" port
  shift
  for port in "$@"; do
    if e2e_port_open "$port"; then
      e2e_log "port 127.0.0.1:$port (for $name) is already in use; set E2E_*_PORT or stop the other process"
      return 1
    fi
  done
}

start_phoenix() {
  require_free phoenix "$phoenix_port" "$phoenix_grpc_port" || return 1
  rm -rf "$data_dir/phoenix" && mkdir -p "$data_dir/phoenix"
  # PHOENIX_HOST binds HTTP to loopback; the launcher does the same for gRPC (no setting exists).
  (cd "$data_dir/phoenix" &&
    exec env PHOENIX_HOST=127.0.0.1 PHOENIX_PORT="$phoenix_port" PHOENIX_GRPC_PORT="$phoenix_grpc_port" \
      PHOENIX_WORKING_DIR="$data_dir/phoenix" PHOENIX_TELEMETRY_ENABLED=false \
      setsid "$(dirname "$PHOENIX_BIN")/python" "$e2e_script_dir/$marker_phoenix") >"$log_dir/phoenix.log" 2>&1 </dev/null &
  echo "$!" >"$pid_dir/phoenix.pid"
  e2e_log "phoenix started (pid $(read_pid phoenix)), log $log_dir/phoenix.log"
}

start_mlflow() {
  require_free mlflow "$mlflow_port" || return 1
  rm -rf "$data_dir/mlflow" && mkdir -p "$data_dir/mlflow"
  # mlflow server runs uvicorn as a child process: its own session, so stop can signal the group.
  (cd "$data_dir/mlflow" &&
    exec env MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=1 \
      setsid "$MLFLOW_BIN" server --host 127.0.0.1 --port "$mlflow_port" --workers 1 \
      --backend-store-uri "sqlite:///$data_dir/mlflow/mlflow.db" --default-artifact-root "$data_dir/mlflow/artifacts") \
    >"$log_dir/mlflow.log" 2>&1 </dev/null &
  echo "$!" >"$pid_dir/mlflow.pid"
  e2e_log "mlflow started (pid $(read_pid mlflow)), log $log_dir/mlflow.log"
}

start_prometheus() {
  require_free prometheus "$prometheus_port" || return 1
  rm -rf "$data_dir/prometheus" && mkdir -p "$data_dir/prometheus"
  sed "s#__TARGET__#$collector_prometheus#" "$e2e_config_dir/prometheus-e2e.yml" >"$data_dir/prometheus/prometheus.yml"
  setsid "$PROMETHEUS_BIN" --config.file="$data_dir/prometheus/prometheus.yml" "$marker_prometheus" \
    --storage.tsdb.path="$data_dir/prometheus/data" >"$log_dir/prometheus.log" 2>&1 </dev/null &
  echo "$!" >"$pid_dir/prometheus.pid"
  e2e_log "prometheus started (pid $!), log $log_dir/prometheus.log"
}

stop_one() { # $1 name, $2 marker
  local pid
  pid="$(read_pid "$1")"
  [[ -n "$pid" ]] || return 0
  if e2e_pid_is "$pid" "$2"; then
    # Each backend leads its own process group (setsid): signal the group, children included.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      e2e_log "$1 (pid $pid) ignored SIGTERM for 15s; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    e2e_log "$1 (pid $pid) stopped"
  else
    e2e_log "$1: stale pid file ($pid is not $1); removing it"
  fi
  rm -f "$pid_dir/$1.pid"
}

stop_all() {
  stop_one prometheus "$marker_prometheus"
  stop_one mlflow "$marker_mlflow"
  stop_one phoenix "$marker_phoenix"
}

case "${1:-}" in
  start)
    command -v curl >/dev/null 2>&1 || e2e_die "curl is required"
    "$e2e_script_dir/install-backends.sh"
    # shellcheck disable=SC1091
    source "$backends_cache/backends.env"
    mkdir -p "$pid_dir" "$log_dir" "$data_dir"
    stop_all
    # All three start at once (Phoenix and MLflow take tens of seconds to import), then wait.
    if ! start_phoenix || ! start_mlflow || ! start_prometheus ||
      ! wait_healthy prometheus "http://127.0.0.1:$prometheus_port/-/ready" ||
      ! wait_healthy mlflow "http://127.0.0.1:$mlflow_port/health" ||
      ! wait_healthy phoenix "http://127.0.0.1:$phoenix_port/healthz"; then
      e2e_log "start failed; stopping what was started"
      stop_all
      exit 1
    fi
    cat >"$e2e_dir/backends.env" <<ENV
# Written by scripts/e2e/backends.sh start; source it in tests.
E2E_PHOENIX_URL=http://127.0.0.1:$phoenix_port
E2E_MLFLOW_URL=http://127.0.0.1:$mlflow_port
E2E_PROMETHEUS_URL=http://127.0.0.1:$prometheus_port
ENV
    cat "$e2e_dir/backends.env"
    ;;
  stop) stop_all ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
