#!/usr/bin/env bash
# Benchmarks `factdesk check` on a synthetic desk (default 100,000 claims).
# Usage: scripts/bench-check.sh [N]   (needs /usr/bin/time; uses hyperfine if installed)
set -euo pipefail
N="${1:-100000}"
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin factdesk --example gen_desk --example parse_floor
TARGET="$(realpath "${CARGO_TARGET_DIR:-target}")"
BIN="$TARGET/release/factdesk"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//')"
"$TARGET/release/examples/gen_desk" "$DIR/desk" "$N"
echo "desk: $(ls "$DIR/desk/claims" | wc -l) claims, $(find "$DIR/desk/claims" -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {printf "%.0f MB, %.0f bytes a claim", s/1e6, s/NR}'), $(ls "$DIR/desk/sources" | wc -l) files in sources/"
cd "$DIR/desk"
find claims -name '*.yaml' -print0 | xargs -0 cat >/dev/null # warm the page cache, as on a desk in use
measure() {
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s wall, %M KB peak, exit %x" "$@" >/dev/null 2>"$DIR/time" || true
  tail -1 "$DIR/time"
}
measure "floor: read and parse every claim (system allocator)" "$TARGET/release/examples/parse_floor" .
measure "full check, no cache" "$BIN" check --no-cache
rm -rf .factdesk/cache
measure "full check, filling the cache" "$BIN" check
measure "second check, unchanged desk" "$BIN" check
for f in $(ls claims | head -5); do sed -i "s/^claim: /claim: Edited /" "claims/$f"; done
measure "third check, 5 claims edited" "$BIN" check
measure "pre-commit style, 5 files" "$BIN" check $(ls claims | head -5 | sed "s|^|claims/|")
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 --ignore-failure "$BIN check --no-cache" "$BIN check"
fi
