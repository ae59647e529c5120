#!/usr/bin/env bash
# `factdesk check` on one record with many problems (issue 12): time and peak
# memory for 1,000, 10,000 and 100,000 problems in one file, beside the floor
# measured in the same run: `check` on a valid record of the same size.
#
# Usage: scripts/bench-diagnostics.sh
# Needs a release build (built if missing; FACTDESK=path uses another binary).
# The desk is the project's own (claims/, sources/, factdesk.yaml) plus the
# one generated record, claims/many.yaml. Records are bounded at 256 KB, so
# 100,000 problems fit only the densest shape (`tags: [1,1,…]`, two bytes a
# problem); the other shapes stop where the bound does.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/lib/bench-common.sh"
bench_binaries
bench_workdir
gen="$here/scripts/lib/many-problems.py"

desk=$work/desk
mkdir -p "$desk"
cp -r "$here/claims" "$here/sources" "$here/factdesk.yaml" "$desk/"

measure() { # label shape n
  local label=$1 shape=$2 n=$3 out
  python3 "$gen" "$shape" "$n" > "$desk/claims/many.yaml"
  local bytes
  bytes=$(wc -c < "$desk/claims/many.yaml")
  /usr/bin/time -o "$work/time" -f '%e %M' "$bin" --desk "$desk" check --no-cache \
    > "$work/stdout" 2>/dev/null || true
  out=$(tail -1 "$work/time")
  local wall=${out% *} kb=${out#* }
  local summary
  summary=$(tail -1 "$work/stdout")
  printf '| %s | %s | %s B | %s s | %s MB | %s B | %s |\n' "$label" "$shape" \
    "$bytes" "$wall" "$((kb / 1024))" "$(wc -c < "$work/stdout")" "$summary"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $bin"
echo
echo '| run | shape | record | wall | peak | output | summary |'
echo '| --- | --- | ---: | ---: | ---: | ---: | --- |'
for n in 1000 10000 100000; do
  measure "$n problems" flow-line "$n"
  size=$(wc -c < "$desk/claims/many.yaml")
  measure "floor for $n" valid "$size"
done
for n in 1000 10000 25000; do
  measure "$n problems" unknown-keys "$n"
done
for n in 1000 10000 30000; do
  measure "$n problems" control "$n"
done
measure "1000 problems" bad-urls 1000
size=$(wc -c < "$desk/claims/many.yaml")
measure "floor for bad-urls" valid "$size"
rm -f "$desk/claims/many.yaml"
/usr/bin/time -o "$work/time" -f '%e %M' "$bin" --desk "$desk" check --no-cache > /dev/null 2>&1 || true
out=$(tail -1 "$work/time")
echo "| the desk alone | - | - | ${out% *} s | $(( ${out#* } / 1024 )) MB | - | - |"
