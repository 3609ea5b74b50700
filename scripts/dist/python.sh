#!/usr/bin/env bash
# Python artifacts of scripts/dist.sh, into $DIST_DIR/python/ (README "Install"):
#   - abi3 wheels (CPython >= 3.9), OpenSSL vendored and statically linked, cross-built with
#     `maturin build --zig` (ziglang from PyPI is the C compiler and linker; it also sets the
#     glibc floor): manylinux2014 (glibc 2.17) x86_64 and aarch64, musllinux_1_2 x86_64 and
#     aarch64. Each is checked with `auditwheel show` (its platform tag must be the expected
#     one) and must carry LICENSE-MIT and LICENSE-APACHE;
#   - the sdist, which carries test-vectors/ and both licenses. With DIST_SCOPE=all it is
#     built with `pip wheel` in a clean directory, and that wheel, installed in a fresh venv,
#     runs the test suite shipped in the sdist (its vectors are the sdist's own).
# DIST_SCOPE=native: the x86_64 manylinux2014 wheel and the sdist (no sdist build).
# The build tools (maturin, ziglang, auditwheel) are those of the binding's venv,
# bindings/python/.venv (made by bindings/python/test.sh; made here when missing;
# DIST_PY_TOOLS=<venv> to use another). Same maturin, same zig wrappers, same arguments as
# test.sh's x86_64 build: the x86_64 wheel reuses that build's cargo output.
# Every cargo build runs under flock /tmp/cardseal-build.lock (shared with the other builds).
set -uo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
scope="${DIST_SCOPE:-all}"
out="${DIST_DIR:-$root/dist}/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

lock() {
  if command -v flock >/dev/null 2>&1; then
    flock /tmp/cardseal-build.lock "$@"
  else
    "$@"
  fi
}

tools="${DIST_PY_TOOLS:-$root/bindings/python/.venv}"
if [ ! -x "$tools/bin/maturin" ] || [ ! -x "$tools/bin/auditwheel" ] ||
  ! "$tools/bin/python" -c 'import ziglang' 2>/dev/null; then
  echo "--- build tools: maturin, ziglang, auditwheel into $tools"
  { [ -x "$tools/bin/python" ] || python3 -m venv "$tools"; } &&
    "$tools/bin/pip" install --quiet "maturin>=1.9.4,<2" ziglang auditwheel </dev/null || {
    echo "cannot install maturin/ziglang/auditwheel from PyPI" >&2
    exit 1
  }
fi
export PATH="$tools/bin:$PATH"

rm -rf "$out"
mkdir -p "$out"
failed=()
built=()

# target triple, maturin --compatibility, the platform tag auditwheel must report
wheels=("x86_64-unknown-linux-gnu manylinux2014 manylinux_2_17_x86_64")
if [ "$scope" = all ]; then
  wheels+=(
    "aarch64-unknown-linux-gnu manylinux2014 manylinux_2_17_aarch64"
    "x86_64-unknown-linux-musl musllinux_1_2 musllinux_1_2_x86_64"
    "aarch64-unknown-linux-musl musllinux_1_2 musllinux_1_2_aarch64"
  )
fi

check_licenses() { # <archive listing on stdin> <what>
  local listing
  listing="$(cat)"
  local f
  for f in LICENSE-MIT LICENSE-APACHE; do
    if ! grep -Eq "(^|/)$f\$" <<<"$listing"; then
      echo "$2 does not carry $f" >&2
      return 1
    fi
  done
}

build_wheel() { # <triple> <compatibility> <expected tag>
  local triple="$1" compat="$2" tag="$3"
  if ! rustup target list --installed | grep -qx "$triple"; then
    rustup target add "$triple" || return 1
  fi
  local tmp
  tmp="$(mktemp -d)"
  echo "--- maturin build --release --zig --target $triple --compatibility $compat"
  # abi3: no interpreter of the target is needed; the host's x86_64 build names the venv's
  # (as bindings/python/test.sh does: identical arguments, so cargo reuses that build).
  local interp=()
  if [ "$triple" = "$(uname -m)-unknown-linux-gnu" ]; then
    interp=(--interpreter "$tools/bin/python")
  fi
  (cd bindings/python && lock maturin build --release "${interp[@]}" --zig --target "$triple" \
    --compatibility "$compat" --out "$tmp" </dev/null) || {
    rm -rf "$tmp"
    return 1
  }
  local whl
  whl="$(ls "$tmp"/cardseal-*-cp39-abi3-*.whl 2>/dev/null | head -n 1)"
  if [ -z "$whl" ]; then
    echo "no abi3 wheel for $triple" >&2
    rm -rf "$tmp"
    return 1
  fi
  mv "$whl" "$out/" && rm -rf "$tmp"
  whl="$out/$(basename "$whl")"
  echo "--- auditwheel show $(basename "$whl")"
  local report
  report="$(auditwheel show "$whl" 2>&1)"
  echo "$report"
  # auditwheel wraps its lines; the tag it names must be the expected one.
  if ! tr -s ' \n' ' ' <<<"$report" | grep -q "consistent with the following platform tag: \"$tag\""; then
    echo "auditwheel: $(basename "$whl") is not $tag" >&2
    return 1
  fi
  python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$whl" |
    check_licenses "$(basename "$whl")" || return 1
  built+=("$(basename "$whl") ($tag)")
}

for w in "${wheels[@]}"; do
  # shellcheck disable=SC2086
  set -- $w
  t0=$SECONDS
  if build_wheel "$1" "$2" "$3"; then
    echo "--- wheel $1 ($3): ok ($((SECONDS - t0)) s)"
  else
    echo "--- wheel $1 ($3): FAILED ($((SECONDS - t0)) s)"
    failed+=("wheel $1")
  fi
done

sdist_check() { # <sdist>: pip wheel from it in a clean dir; its tests against that wheel
  local sdist="$1" work
  work="$(mktemp -d)"
  tar xzf "$sdist" -C "$work" || return 1
  local src
  src="$(ls -d "$work"/cardseal-*/)"
  python3 -m venv "$work/venv" || return 1
  "$work/venv/bin/pip" install --quiet pytest cryptography httpx requests fastapi uvicorn flask </dev/null || return 1
  echo "--- pip wheel $(basename "$sdist") (clean dir; the cargo target dir target/sdist-check is kept between runs)"
  (cd "$work" && CARGO_TARGET_DIR="$root/target/sdist-check" lock "$work/venv/bin/pip" wheel \
    --no-deps --wheel-dir "$work/wheels" "$sdist" </dev/null) || return 1
  "$work/venv/bin/pip" install --quiet --no-deps "$work"/wheels/cardseal-*.whl </dev/null || return 1
  echo "--- pytest from the sdist's tests (its own test-vectors/), against the wheel built from it"
  # Left out: the tests that need the rest of the repository (benches/python/bench.py, the
  # root README, the cardseal CLI binary built by cargo); they run from a checkout.
  (cd "$src/bindings/python" && "$work/venv/bin/python" -m pytest -q -p no:cacheprovider tests \
    --ignore tests/test_independent.py --ignore tests/test_serve_adapters.py \
    --deselect tests/test_explain.py::test_the_readme_debugging_snippet_runs </dev/null)
  local status=$?
  rm -rf "$work"
  return "$status"
}

echo "--- maturin sdist"
t0=$SECONDS
if (cd bindings/python && maturin sdist --out "$out" </dev/null); then
  sdist="$(ls "$out"/cardseal-*.tar.gz | head -n 1)"
  listing="$(tar tzf "$sdist")"
  if check_licenses "$(basename "$sdist")" <<<"$listing" &&
    grep -Eq '^cardseal-[^/]+/test-vectors/paytend\.json$' <<<"$listing" &&
    grep -Eq '^cardseal-[^/]+/test-vectors/keys/' <<<"$listing"; then
    built+=("$(basename "$sdist") (with test-vectors/)")
  else
    echo "sdist lacks the licenses or test-vectors/" >&2
    failed+=("sdist")
  fi
  if [ "$scope" = all ] && [ "${#failed[@]}" -eq 0 ]; then
    if sdist_check "$sdist"; then
      echo "--- sdist builds and its tests pass ($((SECONDS - t0)) s)"
    else
      failed+=("sdist build/test")
    fi
  fi
else
  failed+=("sdist")
fi

echo
echo "built:"
printf '  %s\n' "${built[@]}"
if [ "$scope" = all ]; then
  echo "not built: windows x86_64 (x86_64-pc-windows-gnu): not attempted; pyo3 needs the import library of python3.dll to link an abi3 extension for Windows (its generate-import-lib feature, not enabled in bindings/python/Cargo.toml) and OpenSSL cross-built with Debian's mingw-w64"
  echo "not built: macOS x86_64/arm64 (zig): not attempted; an untested zig cross-link for Apple targets is not shipped"
else
  echo "not built (DIST_SCOPE=native): aarch64 and musllinux wheels, Windows, macOS; bash scripts/dist.sh builds them"
fi
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
