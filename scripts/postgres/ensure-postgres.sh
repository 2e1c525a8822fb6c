#!/usr/bin/env bash
# Installs Debian's PostgreSQL server packages for the @tokentrail/postgres tests and bench, unless
# initdb is already there. Idempotent: a second run does nothing. The tests start their own
# throw-away server (initdb + pg_ctl on a loopback port in a temp dir); nothing here starts one,
# and the cluster the package may create is stopped again so it holds no port.
set -euo pipefail

find_initdb() {
  local f
  for f in /usr/lib/postgresql/*/bin/initdb; do
    [[ -x "$f" ]] && { echo "$f"; return 0; }
  done
  command -v initdb 2>/dev/null || return 1
}

if bin=$(find_initdb); then
  echo "[ensure-postgres] found $bin"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "[ensure-postgres] initdb missing and not root: install the postgresql package (Debian: apt-get install postgresql)" >&2
  exit 1
fi

started=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the package's own cluster from being started as a service during install.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
[[ $created_policy -eq 1 ]] && rm -f "$policy"
bin=$(find_initdb)
echo "[ensure-postgres] installed $bin in $((SECONDS - started))s"
