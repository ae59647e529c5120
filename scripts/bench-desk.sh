#!/usr/bin/env bash
# Times every whole-desk command (wall time and peak RSS, /usr/bin/time) beside
# the parse floor, measured in the same round, on two desk shapes:
#   wide:  N claims quoting 50 transcripts (the shape the code was tuned on)
#   many:  N claims quoting 5,000 transcripts of ~20 KB, longer fields,
#          a different status mix (more candidates and reviews)
# Each round runs the floor first, then every command; ROUNDS rounds per shape.
# Desks are written under BENCH_DIR (default /tmp/factdesk-bench), never in the
# repository; they are kept between runs (delete the folder to regenerate).
# Usage: scripts/bench-desk.sh [N] [ROUNDS] [SHAPES]   (SHAPES: "wide many")
# FACTDESK=path times another build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bench-shapes.sh
desk_bench_setup "$@"
machine_heading

for shape in $SHAPES; do
  desk="$BENCH_DIR/$shape-$N"
  ensure_desk "$desk" "$N" "$shape" "$TARGET/release/examples/gen_desk"
  echo "claims: $(find "$desk/claims" -name '*.yaml' | wc -l), $(du -sm "$desk/claims" | cut -f1) MB;" \
    "sources: $(find "$desk/sources" -name '*.yaml' | wc -l) records, $(du -sm "$desk/sources" | cut -f1) MB"
  cd "$desk"
  find claims sources -type f -print0 | xargs -0 cat >/dev/null # warm page cache
  for round in $(seq "$ROUNDS"); do
    echo "round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    measure "floor: parse every claim" "$FLOOR" .
    measure "check --no-cache" "$BIN" check --no-cache
    "$BIN" check >/dev/null 2>&1 || true
    # Warm each command's own table of the cache too (a first run after
    # generating the desk): the goals are for warm runs.
    "$BIN" list >/dev/null 2>&1 || true
    "$BIN" search warm >/dev/null 2>&1 || true
    "$BIN" similar --text warm >/dev/null 2>&1 || true
    measure "check (warm cache)" "$BIN" check
    measure "list --status published" "$BIN" list --status published
    measure "search inflation" "$BIN" search inflation
    # A fresh reports/ is made by moving the last one aside, never by
    # deleting it just before: on this machine's ext4 (no journal) every
    # file created soon after tens of thousands were deleted pays a scan of
    # the deleted inodes, seconds of kernel time for any program (see
    # scripts/bench-report.sh). Deleting before the second row only (as this
    # script did) made the run without CI look 1.3-3 s slower than the run
    # with CI, which is the same code once stderr is not a terminal.
    aside="$BENCH_DIR/aside-$shape"
    mkdir -p "$aside"
    [ -d reports ] && mv reports "$aside/$round-old"
    measure "report (fresh reports/, CI=true)" env CI=true "$BIN" report
    mv reports "$aside/$round-ci"
    measure "report (fresh reports/, cache warm)" "$BIN" report
    # After a report, as on a working desk: status vouches for reports/ from
    # the record report left, without rendering.
    measure "status" "$BIN" status
    measure "status --json" "$BIN" status --json
    measure "similar (first claim)" "$BIN" similar "$(ls claims | head -n 1 | sed 's/\.yaml$//')"
  done
  cd - >/dev/null
  rm -rf "$BENCH_DIR/aside-$shape"
  # fmt rewrites every claim: it runs on fresh copies, alternating with its
  # disk floor (never on the desk above, which the other commands share).
  BENCH_DIR="$BENCH_DIR" scripts/bench-fmt.sh "$N" "$ROUNDS" "$shape"
done
