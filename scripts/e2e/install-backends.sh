#!/usr/bin/env bash
# Installs the e2e backends that are not Go peers, each cached by content hash under
# ${TOKENTRAIL_BACKENDS_CACHE:-$HOME/.cache/tokentrail-backends}:
#   phoenix-<sha>/venv     pip install -r scripts/e2e/requirements/phoenix.txt
#   mlflow-<sha>/venv      pip install -r scripts/e2e/requirements/mlflow.txt
#   prometheus-<version>/  Debian's prometheus package, extracted (apt-get download + dpkg-deb -x);
#                          never installed as a package: its maintainer scripts start a service
#                          listening on all interfaces.
# Writes <cache>/backends.env (PHOENIX_BIN, MLFLOW_BIN, PROMETHEUS_BIN) and prints the time of
# each step.
set -euo pipefail
E2E_LOG_TAG=install-backends
# shellcheck source=scripts/e2e/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

readonly PROMETHEUS_DEB_VERSION="${TOKENTRAIL_PROMETHEUS_DEB_VERSION:-2.42.0+ds-5+deb12u1}"
cache="${TOKENTRAIL_BACKENDS_CACHE:-$HOME/.cache/tokentrail-backends}"
req_dir="$e2e_script_dir/requirements"
mkdir -p "$cache"
# A venv is not relocatable (pip writes its absolute path into scripts), so it is built in place
# and marked complete last; a half-built one (no marker) is removed and built again. flock keeps
# two concurrent runs from building the same one.
venv_for() { # $1 name; echoes the venv dir, installing it when the requirements file changed
  local name="$1" req="$req_dir/$1.txt" sha dir started=$SECONDS
  sha="$(sha256sum "$req" | cut -c1-16)"
  dir="$cache/$name-$sha"
  exec 9>"$cache/.$name.lock"
  flock 9
  if [[ -f "$dir/.complete" ]]; then
    e2e_log "$name: cached ($dir)"
  else
    rm -rf "$dir"
    e2e_log "$name: installing $(grep -v '^#' "$req" | tr '\n' ' ')"
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
    touch "$dir/.complete"
    e2e_log "$name: installed in $((SECONDS - started))s"
  fi
  flock -u 9
  printf '%s' "$dir/venv"
}

prometheus_dir() { # echoes the extracted package root
  local dir="$cache/prometheus-${PROMETHEUS_DEB_VERSION//[^A-Za-z0-9.]/_}" started=$SECONDS tmp
  if [[ -x "$dir/usr/bin/prometheus" ]]; then
    e2e_log "prometheus: cached ($dir)"
  else
    tmp="$(mktemp -d "$cache/.tmp.XXXXXX")"
    e2e_log "prometheus: apt-get download prometheus=$PROMETHEUS_DEB_VERSION"
    # The package lists may be missing on a fresh machine.
    (cd "$tmp" && { apt-get download "prometheus=$PROMETHEUS_DEB_VERSION" >&2 ||
      { apt-get update >&2 && apt-get download "prometheus=$PROMETHEUS_DEB_VERSION" >&2; }; })
    dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/root"
    [[ -x "$tmp/root/usr/bin/prometheus" ]] || e2e_die "no usr/bin/prometheus in the package"
    if ! mv -T "$tmp/root" "$dir" 2>/dev/null; then
      [[ -x "$dir/usr/bin/prometheus" ]] || e2e_die "could not publish $dir"
    fi
    rm -rf "$tmp"
    e2e_log "prometheus: extracted in $((SECONDS - started))s"
  fi
  printf '%s' "$dir"
}

total=$SECONDS
phoenix_venv="$(venv_for phoenix)"
mlflow_venv="$(venv_for mlflow)"
prom_root="$(prometheus_dir)"
cat >"$cache/backends.env" <<ENV
# Written by scripts/e2e/install-backends.sh.
PHOENIX_BIN=$phoenix_venv/bin/phoenix
MLFLOW_BIN=$mlflow_venv/bin/mlflow
PROMETHEUS_BIN=$prom_root/usr/bin/prometheus
ENV
e2e_log "backends ready in $((SECONDS - total))s ($cache/backends.env)"
