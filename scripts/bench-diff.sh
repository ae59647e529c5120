#!/usr/bin/env bash
# Benchmark of `factdesk diff` at archive scale: a desk of N claims (~1.5 KB
# of YAML each) committed to a fresh git repository, then M claims changed
# and committed. Times `factdesk diff HEAD~1 HEAD` (two revisions) and
# `factdesk diff HEAD~1` (a revision against the working tree).
#
#   scripts/bench-diff.sh [N=100000] [M=100] [RUNS=5]
#   BENCH_DIR=/tmp/desk100k scripts/bench-diff.sh   # keep the repository
#
# Uses target/release/factdesk (or $FACTDESK), building it if needed.
set -euo pipefail
N=${1:-100000}
M=${2:-100}
RUNS=${3:-5}
. "$(dirname "$0")/lib/bench-common.sh"
bench_binaries
bench_workdir
bench_git_env
cd "$work"
git init -q -b main
"$bin" init . >/dev/null

# One awk process writes every claim: canonical records of a published check.
gen() {
  awk -v n="$N" -v m="$1" 'BEGIN {
    for (i = 0; i < n; i++) {
      id = sprintf("claim-number-%06d-%08x", i, i * 2654435761 % 4294967296)
      f = "claims/" id ".yaml"
      changed = m > 0 && (i % int(n / m) == 0)
      print "id: " id > f
      print "claim: Russia imported North Korean artillery shells in batch " i > f
      print "quote: If Russia begins openly importing North Korean weapons, it is violating UN Security Council resolutions number " i "." > f
      print "speaker: Antoine Bondaz" > f
      print "source: lepoint-2023-09-14-bondaz" > f
      print "location:\n  line: " (i % 40 + 1) > f
      print "said_on: 2023-09-14\ntags:\n- sanctions\n- russia\n- north-korea" > f
      print "status: " (changed ? "published" : "in-review") > f
      print "assignee: " (changed ? "jo" : "ana") > f
      print "rating: accurate" > f
      print "summary: Resolutions 1718 (2006) and 1874 (2009) bar all states from procuring arms and related materiel from the DPRK." > f
      print "evidence:\n- url: https://www.un.org/securitycouncil/s/res/1718-%282006%29\n  title: Resolution 1718 (2006)\n  publisher: United Nations Security Council\n  published: 2006-10-14\n  accessed: 2023-09-15\n  stance: supports\n  note: Paragraph 8 (b) bars procurement of arms from the DPRK." > f
      print "- url: https://www.un.org/securitycouncil/s/res/1874-%282009%29\n  title: Resolution 1874 (2009)\n  publisher: United Nations Security Council\n  published: 2009-06-12\n  accessed: 2023-09-15\n  stance: supports" > f
      print "reviews:\n- by: jo\n  at: 2023-09-15T14:02:11Z\n  decision: approved" > f
      print "history:\n- at: 2023-09-14T09:12:00Z\n  by: ana\n  action: created\n  to: candidate" > f
      print "- at: 2023-09-14T09:30:00Z\n  by: ana\n  action: research-started\n  from: candidate\n  to: researching" > f
      print "- at: 2023-09-14T11:00:00Z\n  by: ana\n  action: evidence-added\n  note: https://www.un.org/securitycouncil/s/res/1718-%282006%29" > f
      print "- at: 2023-09-14T12:00:00Z\n  by: ana\n  action: rated\n  rating: accurate" > f
      print "- at: 2023-09-14T12:05:00Z\n  by: ana\n  action: submitted\n  from: researching\n  to: in-review" > f
      if (changed) print "- at: 2023-09-15T14:05:00Z\n  by: jo\n  action: published\n  from: in-review\n  to: published" > f
      close(f)
    }
  }'
}
echo "generating $N claims..." >&2
gen 0
du -sh claims >&2
git add -A && git commit -q -m "$N claims"
gen "$M"
git add -A && git commit -q -m "publish $M claims"
echo "changed files: $(git diff --name-only HEAD~1 HEAD | wc -l)" >&2

TIMEFORMAT='%R'
for label in "diff HEAD~1 HEAD" "diff HEAD~1"; do
  read -ra args <<<"$label"
  "$bin" "${args[@]}" --format json >/dev/null # warm the page cache
  for run in $(seq "$RUNS"); do
    t=$( { time "$bin" "${args[@]}" --format json >/dev/null; } 2>&1 )
    echo "factdesk $label: run $run: ${t}s"
  done
done
"$bin" diff HEAD~1 HEAD | head -3
