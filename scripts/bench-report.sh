#!/usr/bin/env bash
# Benchmark of `factdesk report` at archive scale: writes a synthetic desk of
# N claims (default 100,000, ~1.5 KB of YAML each), then times a full render,
# a second render (nothing changed) and `report --check`; the `report_timing`
# example splits loading the records (the store) from building the context
# and rendering.
# Usage: scripts/bench-report.sh [N] [DIR]
set -euo pipefail
N=${1:-100000}
DIR=${2:-$(mktemp -d)/bench-desk}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin factdesk --example report_bench_desk --example report_timing
TARGET="$(realpath "${CARGO_TARGET_DIR:-target}")"
BIN="$TARGET/release/factdesk"
if [ ! -f "$DIR/factdesk.yaml" ]; then
  "$TARGET/release/examples/report_bench_desk" "$DIR" "$N"
fi
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name:\s*//')"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$(echo "$e - $s" | bc)"; }
echo "phases, in process: $("$TARGET/release/examples/report_timing" "$DIR")"
echo "report (first render):   $(t "$BIN" --desk "$DIR" report) s"
echo "report (nothing changed): $(t "$BIN" --desk "$DIR" report) s"
echo "report --check:           $(t "$BIN" --desk "$DIR" report --check) s"
echo "report --context:         $(t "$BIN" --desk "$DIR" report --context) s"
echo "output: $(du -sh "$DIR/reports" | cut -f1), $(ls "$DIR/reports" | grep -c 'html$') HTML pages, $(ls "$DIR/reports/sources" | wc -l) source pages"
