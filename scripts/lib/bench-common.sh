# Shared setup of the benchmark scripts (sourced, not run):
#   bench_binaries [EXAMPLE…]  sets $bin (target/release/factdesk, or
#                              $FACTDESK) and builds it and the examples
#                              named (target/release/examples/NAME) if missing
#   bench_workdir              sets $work: $BENCH_DIR (kept, emptied first)
#                              or a temporary folder removed on exit
#   bench_git_env              isolates git from the machine's configuration
#                              with a fixed author
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$here/target}

bench_binaries() {
  bin=${FACTDESK:-$target/release/factdesk}
  local missing=0 ex
  [ -x "$bin" ] || missing=1
  for ex in "$@"; do
    [ -x "$target/release/examples/$ex" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    (cd "$here" && cargo build --release --quiet)
    for ex in "$@"; do
      (cd "$here" && cargo build --release --quiet --example "$ex")
    done
  fi
}

bench_workdir() {
  if [ -n "${BENCH_DIR:-}" ]; then
    work=$BENCH_DIR
    rm -rf "$work"
    mkdir -p "$work"
  else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
  fi
}

bench_git_env() {
  export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
    GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
}
