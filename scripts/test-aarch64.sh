#!/usr/bin/env bash
# The core's tests (crates/cardseal: unit, integration, every file in test-vectors/,
# Wycheproof) cross-compiled for aarch64-unknown-linux-gnu and run under qemu-user.
#
#   bash scripts/test-aarch64.sh           both RSA backends: side by side (--all-features),
#                                          openssl alone (vendored OpenSSL cross-built with
#                                          aarch64-linux-gnu-gcc), rustcrypto alone
#   bash scripts/test-aarch64.sh --smoke   what scripts/test-all.sh runs (CI time): the vector
#                                          suite (every file in test-vectors/, each RSA case
#                                          on both backends) built with --all-features
#
# Needs (installed when missing, as root): the rustup target, Debian's qemu-user,
# gcc-aarch64-linux-gnu and libc6-arm64-cross. Exits 0 with a "skipped" line when they
# cannot be installed (not root, no apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

mode=full
case "${1:-}" in
  "") ;;
  --smoke) mode=smoke ;;
  *)
    echo "usage: $0 [--smoke]" >&2
    exit 2
    ;;
esac

target=aarch64-unknown-linux-gnu
sysroot=/usr/aarch64-linux-gnu
if ! command -v qemu-aarch64 >/dev/null 2>&1 || ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 ||
  [ ! -e "$sysroot/lib/ld-linux-aarch64.so.1" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "--- apt-get install qemu-user gcc-aarch64-linux-gnu libc6-arm64-cross"
    apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user gcc-aarch64-linux-gnu \
      libc6-arm64-cross </dev/null >/dev/null
  else
    echo "skipped: aarch64 tests: qemu-aarch64 / aarch64-linux-gnu-gcc missing and not root with apt-get"
    exit 0
  fi
fi
if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L $sysroot"
# openssl-src (vendored OpenSSL) and every other C dependency: the Debian cross compiler.
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar

run() { # <label> <cargo test args...>
  local label="$1"
  shift
  echo "--- $label: cargo test -p cardseal --target $target $*"
  local t0=$SECONDS
  cargo test -p cardseal --target "$target" "$@" -- --show-output
  echo "--- $label: ok ($((SECONDS - t0)) s)"
}

echo "--- qemu: $(qemu-aarch64 --version | head -n 1)"

if [ "$mode" = smoke ]; then
  run "vectors, both backends side by side" --all-features --test vectors
else
  run "both backends side by side" --all-features
  run "openssl backend alone" --no-default-features --features openssl
  run "rustcrypto backend alone" --no-default-features --features rustcrypto
fi
