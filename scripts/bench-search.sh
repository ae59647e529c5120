#!/usr/bin/env bash
# Times `search` (wall time and peak RSS, /usr/bin/time) on the benchmark
# desks beside two floors measured in the same round: the desk's stamp (a warm
# `check` of the unchanged desk: one `stat` per file and its kept result) and
# a listing that reads every claim in brief and prints nothing (`list
# --assignee` nobody has). Queries: a word in most claims, two words in any
# order, a quoted phrase, a word in no claim, and a filter.
# Desks are the ones scripts/bench-desk.sh keeps under BENCH_DIR (made when
# missing, never changed here but for their .factdesk/cache).
# Usage: scripts/bench-search.sh [N] [ROUNDS] [SHAPES]   (SHAPES: "wide many")
set -euo pipefail
N="${1:-100000}"
ROUNDS="${2:-3}"
SHAPES="${3:-wide many}"
BENCH_DIR="${BENCH_DIR:-/tmp/factdesk-bench}"
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin factdesk --example gen_desk
TARGET="$(realpath "${CARGO_TARGET_DIR:-target}")"
BIN="$TARGET/release/factdesk"
mkdir -p "$BENCH_DIR"

source scripts/lib/bench-shapes.sh
machine_heading

for shape in $SHAPES; do
  desk="$BENCH_DIR/$shape-$N"
  ensure_desk "$desk" "$N" "$shape" "$TARGET/release/examples/gen_desk"
  cd "$desk"
  # Warm: the page cache, the cache's tables and what is kept under the stamp.
  "$BIN" check >/dev/null 2>&1 || true
  "$BIN" search warm >/dev/null 2>&1 || true
  for round in $(seq "$ROUNDS"); do
    echo "round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    measure "floor: check (stamp, kept result)" "$BIN" check
    measure "floor: list --assignee nobody" "$BIN" list --assignee nobody-has-this
    measure "search inflation" "$BIN" search inflation
    measure "search coal deficit" "$BIN" search coal deficit
    measure "search '\"coal deficit\"'" "$BIN" search '"coal deficit"'
    measure "search zzyzx (no claim)" "$BIN" search zzyzx
    measure "search the --status candidate" "$BIN" search the --status candidate
  done
  cd - >/dev/null
done
