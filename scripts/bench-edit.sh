#!/usr/bin/env bash
# Times every whole-desk command right after one claim record was edited, as
# on a working desk (an editor changes a claim, then runs the next command),
# beside the same command on the unchanged desk and the parse floor, measured
# in the same round, on the desk shapes of scripts/bench-desk.sh.
#
# Before each timed command, the text of one claim in research gets new
# words (so check stays clean and no row for those bytes is cached), and the
# script waits 2.5 s: a file changed in the last two seconds is never
# vouched for by its time, so without the wait every command would also
# re-hash it. The command is then run a second time on the unchanged desk.
# The claim is put back as it was at the end.
# Usage: scripts/bench-edit.sh [N] [ROUNDS] [SHAPES]   (SHAPES: "wide many")
# FACTDESK=path times another build (each build keeps its own cache: the
# first round after switching builds pays for filling it, so warm-up runs
# come first).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bench-shapes.sh
desk_bench_setup "$@"
machine_heading
echo "binary: $BIN"

for shape in $SHAPES; do
  desk="$BENCH_DIR/$shape-$N"
  ensure_desk "$desk" "$N" "$shape" "$TARGET/release/examples/gen_desk"
  cd "$desk"
  claim=$(find claims -name '*.yaml' -print0 | sort -z | xargs -0 grep -l '^status: researching' 2>/dev/null |
    head -n 1 || true)
  [ -n "$claim" ] || { echo "no claim in research in $desk" >&2; exit 1; }
  kept="$BENCH_DIR/edit-original.yaml"
  cp "$claim" "$kept"
  trap 'cp "$kept" "$desk/$claim"' EXIT
  edit() {
    # Six new hex digits a time (a claim's text must stay within 75
    # characters for check to stay clean).
    sed "s/^claim: /claim: ($(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')) /" "$kept" >"$claim"
    sleep 2.5
  }
  echo "claims: $(find claims -name '*.yaml' | wc -l); sources: $(find sources -name '*.yaml' | wc -l); edited: $claim"
  find claims sources -type f -print0 | xargs -0 cat >/dev/null # warm page cache
  # Warm-up: every table of this build's cache, and a report to compare with.
  "$BIN" check >/dev/null 2>&1 || true
  "$BIN" list >/dev/null 2>&1 || true
  "$BIN" search warm >/dev/null 2>&1 || true
  CI=true "$BIN" report >/dev/null 2>&1 || true
  "$BIN" status >/dev/null 2>&1 || true
  for round in $(seq "$ROUNDS"); do
    echo "round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    measure "floor: parse every claim" "$FLOOR" .
    for cmd in "check" "list --status published" "search inflation" "status" "report --check"; do
      edit
      # shellcheck disable=SC2086 # the command's words
      measure "$cmd, one claim edited" "$BIN" $cmd
      # shellcheck disable=SC2086
      measure "$cmd, unchanged since" "$BIN" $cmd
    done
    edit
    measure "report (CI=true), one claim edited" env CI=true "$BIN" report
  done
  cp "$kept" "$claim"
  trap - EXIT
  cd - >/dev/null
done
