#!/usr/bin/env bash
# The CI check of the cardseal mobile binding, from a bare machine with Rust, Java 17 and
# Maven (everything else comes from crates.io and Maven Central):
#   1. builds the library with its own feature set (cardseal with `rustcrypto` only) and
#      checks that no OpenSSL is linked in;
#   2. regenerates the Kotlin and Swift sources into a temp dir and fails, with a diff, if
#      they differ from the checked-in bindings/uniffi/generated/;
#   3. runs the Kotlin test suite on the JVM (JNA) against the freshly built library:
#      `mvn -q -B test` in kotlin-tests/.
# Non-interactive and idempotent. Honours CARGO_TARGET_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "==> building the library and regenerating bindings"
lib="$("$here/generate.sh" "$tmp/generated" | tail -n 1)"
echo "    library: $lib"

echo "==> checking the feature set (portable rustcrypto backend, no OpenSSL)"
cd "$root"
tree="$(cargo tree -p cardseal-uniffi --features bindgen -e normal,build --prefix none)"
if printf '%s\n' "$tree" | grep -E '^openssl(-sys)? ' >/dev/null; then
  echo "FAIL: cardseal-uniffi depends on OpenSSL; it must build with cardseal's rustcrypto backend only" >&2
  exit 1
fi

echo "==> comparing generated sources with bindings/uniffi/generated"
if ! diff -ru "$here/generated" "$tmp/generated"; then
  echo "FAIL: bindings/uniffi/generated is out of date; run bindings/uniffi/generate.sh and commit the result" >&2
  exit 1
fi

echo "==> Kotlin tests on the JVM (Maven Central: Kotlin, JNA, JUnit 5)"
cd "$here/kotlin-tests"
mvn -q -B -Dstyle.color=never test \
  -Dcardseal.lib.dir="$(dirname "$lib")" \
  -Dcardseal.vectors.dir="$root/test-vectors"
echo "==> bindings/uniffi: OK"
