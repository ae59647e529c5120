#!/usr/bin/env bash
# Times `fmt` rewriting every claim of a 100,000-claim desk against its disk
# floor, alternately, so the disk's noise shows: floor, fmt, floor, fmt, ...,
# floor (PAIRS fmt runs, PAIRS+1 floor runs). Every run gets a fresh copy of
# the benchmark desk (`cp -a` to /tmp/fmt-bench-*, every claim made
# non-canonical with `status:   `, then `sync`), deleted after the run; the
# desks under BENCH_DIR are never formatted in place.
# The floor (examples/fsync_floor.rs) does the durable work fmt must do and
# nothing else: read each claim, write it to a temporary file (32 threads),
# flush them as fmt does (one syncfs once all are written, on Linux), rename
# each over its record, flush the folder once.
# Each fmt run is reported against the mean of the floors just before and
# just after it; the last lines give the medians.
# With FMT_BASELINE=/path/to/an/older/factdesk, each pair also runs that
# binary's fmt right after this one's (labelled "base"), for a before/after
# under the same disk.
# Usage: scripts/bench-fmt.sh [N] [PAIRS] [SHAPES]   (SHAPES: "wide many")
set -euo pipefail
N="${1:-100000}"
PAIRS="${2:-2}"
SHAPES="${3:-wide many}"
BENCH_DIR="${BENCH_DIR:-/tmp/factdesk-bench}"
cd "$(dirname "$0")/.."
# FACTDESK=/path/to/factdesk times that binary and builds nothing (the
# examples must then be built already).
if [ -z "${FACTDESK:-}" ]; then
  cargo build --release --quiet --bin factdesk --example gen_desk --example fsync_floor
fi
TARGET="$(realpath "${CARGO_TARGET_DIR:-target}")"
BIN="${FACTDESK:-$TARGET/release/factdesk}"
FSYNC_FLOOR="$TARGET/release/examples/fsync_floor"
source scripts/lib/bench-shapes.sh
mkdir -p "$BENCH_DIR"
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//')"
echo "commit: $(git rev-parse --short HEAD)"
copy=""
trap '[ -n "$copy" ] && rm -rf "$copy"' EXIT

# A fresh non-canonical copy of desk $1 in $copy.
fresh_copy() {
  copy=$(mktemp -d /tmp/fmt-bench-XXXXXX)
  cp -a "$1/." "$copy/"
  find "$copy/claims" -name '*.yaml' -print0 | xargs -0 perl -pi -e 's/^status: /status:   /'
  sync
}

# run LABEL COMMAND...: one timed run on a fresh copy (the command runs in
# it); prints a table row and leaves "wall user sys" in $BENCH_DIR/last.
run() {
  local label="$1"; shift
  fresh_copy "$desk"
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  (cd "$copy" && /usr/bin/time -f "%e %U %S %M %x" -o "$BENCH_DIR/time" "$@" >/dev/null 2>"$BENCH_DIR/err") || true
  read -r secs user sys kb code < <(tail -n 1 "$BENCH_DIR/time") || true
  if [ "$code" != 0 ] || [ -n "$(find "$copy/claims" -name '.*.tmp' -print -quit)" ]; then
    echo "$label failed (exit $code, or temporary files left):" >&2
    cat "$BENCH_DIR/err" >&2
    exit 1
  fi
  printf '| %-6s | %5s | %7s s | %6s + %6s s | %5d MB |\n' "$label" "$load" "$secs" "$user" "$sys" "$((kb / 1024))"
  echo "$secs" >"$BENCH_DIR/last"
  rm -rf "$copy"; copy=""
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for shape in $SHAPES; do
  desk="$BENCH_DIR/$shape-$N"
  ensure_desk "$desk" "$N" "$shape" "$TARGET/release/examples/gen_desk"
  echo "claims: $(find "$desk/claims" -name '*.yaml' | wc -l), $(du -sm "$desk/claims" | cut -f1) MB"
  echo "| run    | load  |    wall   | user + sys CPU      |  peak RSS |"
  echo "| ------ | ----- | --------: | ------------------: | --------: |"
  floors=(); fmts=(); bases=()
  run floor "$FSYNC_FLOOR" . ; floors+=("$(cat "$BENCH_DIR/last")")
  for _ in $(seq "$PAIRS"); do
    run fmt "$BIN" fmt; fmts+=("$(cat "$BENCH_DIR/last")")
    if [ -n "${FMT_BASELINE:-}" ]; then
      run base "$FMT_BASELINE" fmt; bases+=("$(cat "$BENCH_DIR/last")")
    fi
    run floor "$FSYNC_FLOOR" . ; floors+=("$(cat "$BENCH_DIR/last")")
  done
  ratios=(); base_ratios=()
  for i in $(seq 0 $((PAIRS - 1))); do
    mean=$(awk -v a="${floors[$i]}" -v b="${floors[$((i + 1))]}" 'BEGIN {print (a + b) / 2}')
    r=$(awk -v f="${fmts[$i]}" -v m="$mean" 'BEGIN {printf "%.2f", f / m}')
    ratios+=("$r")
    line="pair $((i + 1)): floors ${floors[$i]} s and ${floors[$((i + 1))]} s; fmt ${fmts[$i]} s: fmt/floor $r"
    if [ -n "${FMT_BASELINE:-}" ]; then
      b=$(awk -v f="${bases[$i]}" -v m="$mean" 'BEGIN {printf "%.2f", f / m}')
      base_ratios+=("$b")
      line="$line; base ${bases[$i]} s: base/floor $b"
    fi
    echo "$line"
  done
  echo "median: fmt $(printf '%s\n' "${fmts[@]}" | median) s," \
    "floor $(printf '%s\n' "${floors[@]}" | median) s," \
    "fmt/floor $(printf '%s\n' "${ratios[@]}" | median)"
  if [ -n "${FMT_BASELINE:-}" ]; then
    echo "median: base $(printf '%s\n' "${bases[@]}" | median) s," \
      "base/floor $(printf '%s\n' "${base_ratios[@]}" | median)"
  fi
done
rm -f "$BENCH_DIR/time" "$BENCH_DIR/err" "$BENCH_DIR/last"
