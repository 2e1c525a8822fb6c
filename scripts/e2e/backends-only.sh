#!/usr/bin/env bash
# The Phoenix and MLflow part of the e2e on its own, for working on what those backends show:
# starts both (and Prometheus, which backends.sh always starts) on free loopback ports, sends the
# examples (scripts/e2e/send-to-backends.sh), runs e2e/backends.e2e.test.ts with the Prometheus
# block skipped (E2E_BACKENDS_ONLY=1: no collector runs here), and stops the backends by pid.
# `npm run test:e2e` (scripts/e2e/run.sh) runs the same sends and file as part of the full suite.
set -euo pipefail
E2E_LOG_TAG=backends-only
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
cd "$e2e_repo_root"

export E2E_DIR="${E2E_DIR:-$e2e_repo_root/.e2e-backends}"
mkdir -p "$E2E_DIR" .ci-out
# Ports the OS has free right now, so a parallel full e2e on the fixed defaults does not collide.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
export E2E_PHOENIX_PORT="${E2E_PHOENIX_PORT:-$(free_port)}" E2E_PHOENIX_GRPC_PORT="${E2E_PHOENIX_GRPC_PORT:-$(free_port)}"
export E2E_MLFLOW_PORT="${E2E_MLFLOW_PORT:-$(free_port)}" E2E_PROMETHEUS_PORT="${E2E_PROMETHEUS_PORT:-$(free_port)}"
trap 'scripts/e2e/backends.sh stop || true' EXIT
started=$SECONDS
scripts/e2e/backends.sh start
# shellcheck disable=SC1091
source "$E2E_DIR/backends.env"
export E2E_PHOENIX_URL E2E_MLFLOW_URL
e2e_log "backends ready in $((SECONDS - started))s"
scripts/e2e/send-to-backends.sh
E2E_BACKENDS_ONLY=1 npx vitest run --config e2e/vitest.config.ts e2e/backends.e2e.test.ts
e2e_log "done in $((SECONDS - started))s"
