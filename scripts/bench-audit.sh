#!/usr/bin/env bash
# Benchmark of the commit-by-commit audit: `factdesk audit --since base` and
# `factdesk check --since base` on a desk of N claims (examples/gen_desk.rs)
# committed to a fresh git repository, after C commits that each advance K
# different claims with a legitimate hand edit (an `edited` entry recording a
# tag change), so C*K claims are touched in all (default 100 commits x 10 =
# 1,000 claims of a 100,000-claim desk).
#
#   scripts/bench-audit.sh [N=100000] [C=100] [K=10] [RUNS=5]
#   BENCH_DIR=/tmp/audit100k scripts/bench-audit.sh   # keep the repository
#
# The repository is packed (`git gc`) before timing, as a clone of a real
# desk is; `git count-objects -v` is printed. Set BENCH_LOOSE=1 to time it
# with the commits' objects left loose instead.
#
# The floor, measured in the same run right before each command: the git
# work the audit cannot avoid (`git log` of the range with its parents, one
# `git diff-tree --stdin` over every commit against its parent, one
# `git cat-file --batch` of every changed blob), and `factdesk check` with a
# warm cache (the part of `check --since` that is not the audit).
set -euo pipefail
N=${1:-100000}
C=${2:-100}
K=${3:-10}
RUNS=${4:-5}
. "$(dirname "$0")/lib/bench-common.sh"
bench_binaries gen_desk
gen=$target/release/examples/gen_desk
bench_workdir
bench_git_env
echo "generating $N claims..." >&2
"$gen" "$work/desk" "$N" >&2
cd "$work/desk"
git init -q -b main
git config gc.auto 0 # no background gc while committing: packed once, below
git add -A && git commit -q -m "$N claims"
git tag base
echo "desk: $(ls claims | wc -l) claims, $(du -sh claims | cut -f1)" >&2

# C commits, each touching K claims none of the others touch.
mapfile -t files < <(ls claims | head -n $((C * K)))
for c in $(seq 0 $((C - 1))); do
  for k in $(seq 0 $((K - 1))); do
    f=claims/${files[$((c * K + k))]}
    # History is the last field of a canonical record: append one entry.
    printf -- '  - at: 2024-01-%02dT10:%02d:00Z\n    by: ana\n    action: edited\n    note: edited tags\n' \
      $((c % 28 + 1)) $((k % 60)) >>"$f"
    sed -i 's/^tags:$/tags:\n  - audited/' "$f"
  done
  git commit -q -am "commit $c: $K claims"
done
echo "range: $(git rev-list --count base..HEAD) commits, $(git diff --name-only base HEAD | wc -l) claims changed" >&2
if [ -z "${BENCH_LOOSE:-}" ]; then
  git gc --quiet
  echo "repository packed (git gc)" >&2
fi
git count-objects -v | tr '\n' ' ' >&2
echo >&2

floor() {
  git log --format='%H %P' base..HEAD | awk '{print $1, $2}' |
    git diff-tree --stdin --always -r --raw -z --no-renames --no-abbrev >"$work/raw"
  tr '\0' '\n' <"$work/raw" | awk '/^:/ {print $3; print $4}' | grep -v '^0*$' | sort -u |
    git cat-file --batch >/dev/null
}

TIMEFORMAT='%R s wall, %U+%S s cpu'
"$bin" check >/dev/null || true # fill the check cache, warm the page cache
for run in $(seq "$RUNS"); do
  echo "run $run, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  for label in floor "check" "audit --since base" "check --since base"; do
    if [ "$label" = floor ]; then
      t=$( { time floor; } 2>&1 )
    else
      read -ra args <<<"$label"
      t=$( { time "$bin" "${args[@]}" >/dev/null; } 2>&1 )
    fi
    echo "  $label: $t"
  done
done
"$bin" audit --since base | tail -n 1
