#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test, once: a no-op when
# /usr/bin/chromium is already there. Needs root (CI runs as root); prints what it did.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium: /usr/bin/chromium is missing and this is not root: apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null || true)"
