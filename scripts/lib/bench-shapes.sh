# The benchmark desk shapes (sourced, not run): `shape_args SHAPE` prints the
# gen_desk arguments of a shape.
#   wide:  claims quoting 50 transcripts (the shape the code was tuned on)
#   many:  claims quoting 5,000 transcripts of ~20 KB, longer fields,
#          a different status mix (more candidates and reviews)
shape_args() {
  case "$1" in
    wide) echo "--sources 50" ;;
    many) echo "--sources 5000 --transcript-kb 20 --field-scale 3 --mix 3,3,2,3,1" ;;
    *) echo "unknown shape $1" >&2; exit 2 ;;
  esac
}

# `ensure_desk DESK N SHAPE GEN`: writes the N-claim desk of SHAPE at DESK with
# the gen_desk binary GEN unless it is already there, then prints its heading.
ensure_desk() {
  local desk="$1" n="$2" shape="$3" gen="$4"
  if [ ! -f "$desk/factdesk.yaml" ]; then
    # shellcheck disable=SC2046
    "$gen" "$desk" "$n" $(shape_args "$shape")
  fi
  echo
  echo "## shape $shape: gen_desk DIR $n $(shape_args "$shape")"
}

# `desk_bench_setup [N] [ROUNDS] [SHAPES]`, from the repository's root: the
# arguments of the whole-desk scripts (N claims, ROUNDS rounds, SHAPES, with
# their defaults) in N, ROUNDS and SHAPES; builds factdesk, gen_desk and
# parse_floor; sets TARGET, BIN (FACTDESK, or the release binary) and FLOOR;
# makes BENCH_DIR (default /tmp/factdesk-bench).
desk_bench_setup() {
  N="${1:-100000}"
  ROUNDS="${2:-3}"
  SHAPES="${3:-wide many}"
  BENCH_DIR="${BENCH_DIR:-/tmp/factdesk-bench}"
  cargo build --release --quiet --bin factdesk --example gen_desk --example parse_floor
  TARGET="$(realpath "${CARGO_TARGET_DIR:-target}")"
  BIN="${FACTDESK:-$TARGET/release/factdesk}"
  FLOOR="$TARGET/release/examples/parse_floor"
  mkdir -p "$BENCH_DIR"
}

# `machine_heading`: the machine, its load and the commit, for a run's header.
machine_heading() {
  echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit: $(git rev-parse --short HEAD)"
}

# `measure LABEL CMD...`: runs CMD once (output discarded) and prints one table
# row: wall seconds, peak RSS and exit status (GNU time, into $BENCH_DIR/time).
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M %x" -o "$BENCH_DIR/time" "$@" >/dev/null 2>"$BENCH_DIR/err" || true
  # The last line: GNU time prints "Command exited with non-zero status N"
  # before it when the command fails.
  read -r secs kb code < <(tail -n 1 "$BENCH_DIR/time") || true
  printf '| %-40s | %7s s | %6d MB | exit %s |\n' "$label" "$secs" "$((kb / 1024))" "$code"
}
