#!/usr/bin/env bash
# Builds the real test peers for the e2e suite: a custom OpenTelemetry Collector
# (ocb, manifest collector-config/builder.yaml) and Jaeger v2. Needs only Go and
# the Go module proxy. Idempotent: every artefact is cached under
# ${TOKENTRAIL_PEERS_CACHE:-$HOME/.cache/tokentrail-peers}; the collector is keyed
# by the sha256 of builder.yaml, so an unchanged manifest costs nothing.
#
# Writes $CACHE/peers.env (OTELCOL_BIN=..., JAEGER_BIN=...) for other scripts.
set -euo pipefail

readonly OCB_VERSION="v0.159.0"
# Jaeger: `go install .../cmd/jaeger@<v2.20.0 commit>` is refused by the module proxy
# this project can reach (403 "This module version is not available"), and
# `go install ...@v1.76.0` is refused by Go because that go.mod has a replace
# directive. v1.76.0 is the same commit as Jaeger v2.13.0, so we download that
# module and build cmd/jaeger with the module as the main module, where the
# replace (a sarama version pin) is honoured.
readonly JAEGER_MODULE="github.com/jaegertracing/jaeger"
readonly JAEGER_VERSION="${TOKENTRAIL_JAEGER_VERSION:-v1.76.0}"
readonly JAEGER_V2_LABEL="${TOKENTRAIL_JAEGER_V2_LABEL:-v2.13.0}"

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
manifest="$repo_root/collector-config/builder.yaml"
cache="${TOKENTRAIL_PEERS_CACHE:-$HOME/.cache/tokentrail-peers}"

log() { printf '[build-peers] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { local t="${EPOCHREALTIME/./}"; printf '%s' "$((t / 1000))"; }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%03ds' "$((ms / 1000))" "$((ms % 1000))"; }

command -v go >/dev/null 2>&1 || die "go is not on PATH (Go >= 1.26 required)"
[[ -f "$manifest" ]] || die "manifest not found: $manifest"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found"
mkdir -p "$cache"

# Builds happen in a private temp dir and are moved into place with one rename,
# so an interrupted or concurrent run never leaves a half-built "cached" binary.
tmp_root="$(mktemp -d "$cache/.tmp.XXXXXX")"
cleanup() { chmod -R u+w "$tmp_root" 2>/dev/null || true; rm -rf "$tmp_root"; }
trap cleanup EXIT

publish_dir() { # $1 = built dir, $2 = final dir
  if ! mv -T "$1" "$2" 2>/dev/null; then
    [[ -d "$2" ]] || die "could not move $1 to $2"
    log "another run published $2 first; keeping it"
  fi
}

total_start="$(now_ms)"

# --- ocb ---------------------------------------------------------------------
ocb_dir="$cache/ocb-$OCB_VERSION"
ocb_bin="$ocb_dir/builder"
t="$(now_ms)"
if [[ -x "$ocb_bin" ]]; then
  log "ocb $OCB_VERSION: cached ($(elapsed "$t")) $ocb_bin"
else
  log "ocb $OCB_VERSION: installing"
  mkdir -p "$tmp_root/ocb"
  GOBIN="$tmp_root/ocb" go install "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION"
  publish_dir "$tmp_root/ocb" "$ocb_dir"
  log "ocb $OCB_VERSION: built ($(elapsed "$t")) $ocb_bin"
fi

# --- collector ---------------------------------------------------------------
manifest_sha="$(sha256sum "$manifest" | cut -d' ' -f1)"
dist_name="$(awk '/^dist:/{d=1;next} /^[^ #]/{d=0} d && $1=="name:"{print $2; exit}' "$manifest")"
[[ -n "$dist_name" ]] || die "could not read dist.name from $manifest"
otelcol_dir="$cache/otelcol-${manifest_sha:0:16}"
otelcol_bin="$otelcol_dir/$dist_name"
t="$(now_ms)"
if [[ -x "$otelcol_bin" ]]; then
  log "collector (builder.yaml sha256 ${manifest_sha:0:16}): cached ($(elapsed "$t")) $otelcol_bin"
else
  log "collector (builder.yaml sha256 ${manifest_sha:0:16}): building, this takes minutes on a cold cache"
  work="$tmp_root/otelcol"
  mkdir -p "$work"
  # ocb has no --output-path flag; point a copy of the manifest at the temp dir.
  sed -E "s#^([[:space:]]*output_path:).*#\\1 $work#" "$manifest" >"$tmp_root/builder.yaml"
  grep -q "output_path: $work" "$tmp_root/builder.yaml" || die "failed to rewrite dist.output_path"
  (cd "$tmp_root" && "$ocb_bin" --config="$tmp_root/builder.yaml") >"$tmp_root/ocb.log" 2>&1 || {
    tail -n 60 "$tmp_root/ocb.log" >&2
    die "ocb build failed"
  }
  [[ -x "$work/$dist_name" ]] || die "ocb finished but $work/$dist_name is missing"
  cp "$manifest" "$work/builder.source.yaml"
  publish_dir "$work" "$otelcol_dir"
  log "collector: built ($(elapsed "$t")) $otelcol_bin"
fi

# --- jaeger ------------------------------------------------------------------
jaeger_dir="$cache/jaeger-$JAEGER_VERSION"
jaeger_bin="$jaeger_dir/jaeger"
t="$(now_ms)"
if [[ -x "$jaeger_bin" ]]; then
  log "jaeger ($JAEGER_MODULE@$JAEGER_VERSION): cached ($(elapsed "$t")) $jaeger_bin"
else
  log "jaeger ($JAEGER_MODULE@$JAEGER_VERSION): building, this takes minutes on a cold cache"
  src_dir="$(cd "$tmp_root" && GOFLAGS=-mod=mod go mod download -json "$JAEGER_MODULE@$JAEGER_VERSION" |
    awk -F'"' '$2=="Dir"{print $4; exit}')"
  [[ -n "$src_dir" && -f "$src_dir/go.mod" ]] || die "go mod download of $JAEGER_MODULE@$JAEGER_VERSION failed"
  cp -R "$src_dir" "$tmp_root/jaeger-src"
  chmod -R u+w "$tmp_root/jaeger-src"
  mkdir -p "$tmp_root/jaeger"
  (cd "$tmp_root/jaeger-src" &&
    CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -o "$tmp_root/jaeger/jaeger" \
      -ldflags="-s -w -X $JAEGER_MODULE/internal/version.latestVersion=$JAEGER_V2_LABEL -X $JAEGER_MODULE/internal/version.commitSHA=module-$JAEGER_VERSION" \
      ./cmd/jaeger)
  publish_dir "$tmp_root/jaeger" "$jaeger_dir"
  log "jaeger: built ($(elapsed "$t")) $jaeger_bin"
fi

# --- hand-off ----------------------------------------------------------------
{
  printf 'OTELCOL_BIN=%q\n' "$otelcol_bin"
  printf 'JAEGER_BIN=%q\n' "$jaeger_bin"
} >"$tmp_root/peers.env"
mv -f "$tmp_root/peers.env" "$cache/peers.env"

log "total: $(elapsed "$total_start")"
printf 'OTELCOL_BIN=%s\nJAEGER_BIN=%s\nPEERS_ENV=%s\n' "$otelcol_bin" "$jaeger_bin" "$cache/peers.env"
