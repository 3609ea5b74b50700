#!/usr/bin/env bash
# Generates the Kotlin and Swift sources of the cardseal mobile binding.
#
#   bindings/uniffi/generate.sh [OUT_DIR]      (default: bindings/uniffi/generated)
#
# Builds the cdylib (portable `rustcrypto` RSA backend only) together with the in-crate
# `uniffi-bindgen`, then runs that bindgen in library mode on the freshly built library:
#   OUT_DIR/kotlin/dev/cardseal/cardseal.kt
#   OUT_DIR/swift/{Cardseal.swift, CardsealFFI.h, CardsealFFI.modulemap}
# The output is deterministic (no formatter is run), so test.sh can diff it against the
# checked-in copy. Honours CARGO_TARGET_DIR. Prints the library path on its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/generated}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac

case "$(uname -s)" in
  Darwin) lib_file="libcardseal_uniffi.dylib" ;;
  *) lib_file="libcardseal_uniffi.so" ;;
esac

cd "$root"
cargo build -p cardseal-uniffi --features bindgen --lib --bin uniffi-bindgen >&2

lib="$target_dir/debug/$lib_file"
bindgen="$target_dir/debug/uniffi-bindgen"
[ -f "$lib" ] || { echo "generate.sh: $lib was not built" >&2; exit 1; }

rm -rf "$out/kotlin" "$out/swift"
"$bindgen" generate --library "$lib" --language kotlin --out-dir "$out/kotlin" --no-format >&2
"$bindgen" generate --library "$lib" --language swift --out-dir "$out/swift" --no-format >&2

echo "$lib"
