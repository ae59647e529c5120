#!/usr/bin/env bash
# Benchmarks the neural check-worthiness ranker against the fast model in the
# same run: binary size with and without `--features neural`, the first-run
# cost (verify the weights' digests, load the encoder, rank 3 sentences) and
# ranking 1,500 sentences end to end through `factdesk extract`.
# Usage: scripts/bench-neural.sh   (needs the weights: scripts/install-model.sh;
# reads the CLEF-2019 training data from ../shared/data, never copies it)
set -euo pipefail
cd "$(dirname "$0")/.."
PLAIN="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
NEURAL="$(realpath -m "${NEURAL_TARGET_DIR:-target/neural}")"
DATA=../shared/data/clef2019-checkworthiness/training
cargo build --release --quiet --bin factdesk
CARGO_TARGET_DIR="$NEURAL" cargo build --release --quiet --features neural --bin factdesk
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "$PLAIN" "$NEURAL"; do
  cp "$b/release/factdesk" "$DIR/fd" && strip "$DIR/fd"
  echo "binary $b/release/factdesk: $(stat -c %s "$b/release/factdesk") bytes as built, $(stat -c %s "$DIR/fd") stripped"
done
# 1,500 sentences: the first ones of the training transcripts, in the CLEF layout.
# (awk stops by itself: `cat | head` would fail the pipeline under pipefail.)
awk -F'\t' 'NR <= 1500 { printf "%d\t%s\t%s\n", NR, $2, $3 }' "$DATA"/*.tsv >"$DIR/1500.tsv"
printf '1\tHOLT\tGood evening.\n2\tCLINTON\tWe added 15 million jobs.\n3\tTRUMP\tThat is wrong.\n' >"$DIR/3.tsv"
measure() {
  local label="$1"; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %M KB peak, exit %x" "$@" >/dev/null 2>"$DIR/time" || true
  tail -1 "$DIR/time"
}
for run in 1 2 3; do
  measure "run $run, fast, 3 sentences (floor)" "$NEURAL/release/factdesk" extract "$DIR/3.tsv" --model fast
  measure "run $run, neural, 3 sentences (verify + load + rank)" "$NEURAL/release/factdesk" extract "$DIR/3.tsv" --model neural
  measure "run $run, fast, 1500 sentences" "$NEURAL/release/factdesk" extract "$DIR/1500.tsv" --model fast --format tsv
  measure "run $run, neural, 1500 sentences" "$NEURAL/release/factdesk" extract "$DIR/1500.tsv" --model neural --format tsv
done
cmp <("$NEURAL/release/factdesk" extract "$DIR/1500.tsv" --model neural --format tsv) \
    <("$NEURAL/release/factdesk" extract "$DIR/1500.tsv" --model neural --format tsv) \
  && echo "two neural runs over 1500 sentences: identical output"
