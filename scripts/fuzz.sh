#!/usr/bin/env bash
# cardseal's cargo-fuzz targets (fuzz/README.md): installs cargo-fuzz if missing, builds
# every target with nightly (AddressSanitizer, debug assertions on), seeds the corpora
# from test-vectors/, then runs each target, one at a time, and fails on any crash.
#
#   scripts/fuzz.sh [smoke]                 30 s per target (CI; the default)
#   scripts/fuzz.sh long [SECONDS] [RUNS]   each target until SECONDS (default 3600) or
#                                           RUNS executions (default 10 000 000)
#   FUZZ_TARGETS="json inflate" scripts/fuzz.sh ...   only those targets
#   FUZZ_SANITIZER=none scripts/fuzz.sh long ...   no AddressSanitizer (several times the
#                                           executions per second; panics, overflow and
#                                           assertion failures are still caught)
#   FUZZ_FEATURES=openssl scripts/fuzz.sh ...   the OpenSSL RSA backend too (fuzz/Cargo.toml;
#                                           `roundtrip` is RSA-bound: ~10x its exec/s)
#   FUZZ_SKIP_BUILD=1 scripts/fuzz.sh ...   run the binaries already built (e.g. built
#                                           under a build lock beforehand)
#
# Runs the fuzz binaries under `nice -n 19`. Per-target logs: fuzz/target/logs/<target>.log;
# a crash input is saved as fuzz/artifacts/<target>/crash-*. Needs a nightly toolchain:
# installed with rustup when missing; without network or rustup, the run is skipped with
# the reason printed (exit 0, "SKIPPED").
set -uo pipefail
cd "$(dirname "$0")/.."

mode="${1:-smoke}"
case "$mode" in
  smoke)
    seconds=30
    runs=0
    ;;
  long)
    seconds="${2:-3600}"
    runs="${3:-10000000}"
    ;;
  *)
    echo "usage: $0 [smoke | long [SECONDS] [RUNS]]" >&2
    exit 2
    ;;
esac

skip() {
  echo "SKIPPED: fuzz targets not run: $*"
  exit 0
}

# Nightly (cargo-fuzz needs -Z sanitizer flags).
if ! cargo +nightly --version >/dev/null 2>&1; then
  if ! command -v rustup >/dev/null 2>&1; then
    skip "no nightly toolchain and no rustup to install one"
  fi
  echo "installing the nightly toolchain (rustup toolchain install nightly --profile minimal)"
  rustup toolchain install nightly --profile minimal ||
    skip "no nightly toolchain, and 'rustup toolchain install nightly' failed (offline?)"
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz from crates.io (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked || {
    echo "cannot install cargo-fuzz" >&2
    exit 1
  }
fi

cd fuzz
sanitizer="${FUZZ_SANITIZER:-address}"
build_args=(--debug-assertions -s "$sanitizer")
target_dir=target
if [ "$sanitizer" != address ]; then
  target_dir="target/san-$sanitizer"
fi
if [ -n "${FUZZ_FEATURES:-}" ]; then
  target_dir="target/san-${sanitizer}-features-${FUZZ_FEATURES// /-}"
  build_args+=(--features "$FUZZ_FEATURES")
fi
if [ "$target_dir" != target ]; then
  build_args+=(--target-dir "$target_dir")
fi
if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
  echo "building the fuzz targets (cargo +nightly fuzz build ${build_args[*]})"
  t0=$SECONDS
  cargo +nightly fuzz build "${build_args[@]}" || exit 1
  echo "built in $((SECONDS - t0)) s"
fi
python3 seed_corpus.py || exit 1

triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin_dir="${target_dir}/${triple}/release"
targets="${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}"
mkdir -p target/logs

failed=()
summary=()
for t in $targets; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log="target/logs/$t.log"
  args=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=60 -print_final_stats=1
    -artifact_prefix="artifacts/$t/")
  if [ "$runs" -gt 0 ]; then
    args+=(-runs="$runs")
  fi
  echo "--- $t: ${seconds} s$([ "$runs" -gt 0 ] && echo " or ${runs} runs")"
  t1=$SECONDS
  nice -n 19 "$bin_dir/$t" "${args[@]}" "corpus/$t" >"$log" 2>&1
  rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  if [ "$rc" -eq 0 ]; then
    result="ok"
  else
    result="FAILED (exit $rc)"
    failed+=("$t")
    grep -E "panicked at|ERROR: |SUMMARY: |Test unit written to" "$log" | head -8
  fi
  line="$(printf '%-10s %12s execs %8s exec/s %5s s  %s' "$t" "${execs:-?}" "${rate:-?}" "$((SECONDS - t1))" "$result")"
  summary+=("$line")
  echo "$line"
done

echo
echo "=== fuzz ($mode) summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/<target>/, logs in fuzz/target/logs/)"
  exit 1
fi
