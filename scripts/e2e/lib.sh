# Shared helpers for scripts/e2e/*.sh. Source it; it defines functions and a few paths only.
# shellcheck shell=bash

e2e_script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The repository root, also when this checkout is not a git work tree (CI tarballs).
e2e_repo_root="$(git -C "$e2e_script_dir" rev-parse --show-toplevel 2>/dev/null ||
  (cd "$e2e_script_dir/../.." && pwd))"
# shellcheck disable=SC2034 # used by the scripts that source this file
e2e_config_dir="$e2e_repo_root/collector-config"
e2e_cache="${TOKENTRAIL_PEERS_CACHE:-$HOME/.cache/tokentrail-peers}"

e2e_log() { printf '[%s] %s\n' "${E2E_LOG_TAG:-e2e}" "$*" >&2; }
e2e_die() { e2e_log "error: $*"; exit 1; }

# Loads OTELCOL_BIN / JAEGER_BIN, building the peers first when they are missing (a cold
# build takes minutes; a cached one is instant).
e2e_load_peers() {
  local env_file="$e2e_cache/peers.env"
  if [[ -f "$env_file" ]]; then
    # shellcheck disable=SC1090
    source "$env_file"
  fi
  if [[ ! -x "${OTELCOL_BIN:-}" || ! -x "${JAEGER_BIN:-}" ]]; then
    e2e_log "peers not built yet; running build-peers.sh"
    "$e2e_script_dir/build-peers.sh" >&2
    # shellcheck disable=SC1090
    source "$env_file"
  fi
  [[ -x "${OTELCOL_BIN:-}" ]] || e2e_die "collector binary missing after build: ${OTELCOL_BIN:-unset}"
  [[ -x "${JAEGER_BIN:-}" ]] || e2e_die "jaeger binary missing after build: ${JAEGER_BIN:-unset}"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
e2e_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True when pid $1 is alive and its command line mentions $2 (guards against pid reuse).
e2e_pid_is() {
  local pid="$1" needle="$2"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle"
}
