#!/usr/bin/env bash
# Builds the cardseal Node addon from scratch and runs its node:test suite.
#
#   npm ci                      (package-lock.json is committed)
#   napi build --release        (workspace target dir unless CARGO_TARGET_DIR is set, so
#                                the vendored OpenSSL build is shared with the Python wheel;
#                                workspace release profile; core feature `openssl`)
#   drift check                 (the generated native.js / native.d.ts must match the
#                                checked-in files)
#   tsc --strict                (index.d.ts is checked against test/types/usage.ts)
#   node --test test/
#
# Non-interactive and idempotent. Needs Node >= 20, npm and a Rust toolchain.
set -euo pipefail
export CI=true
cd "$(dirname "$0")"

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== napi build --release"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp native.js native.d.ts "$tmp/"
npx napi build --platform --release --js native.js --dts native.d.ts

echo "== generated bindings drift check"
drift=0
for f in native.js native.d.ts; do
  if ! cmp -s "$tmp/$f" "$f"; then
    echo "error: generated $f differs from the checked-in one (commit the regenerated file):" >&2
    diff -u "$tmp/$f" "$f" >&2 || true
    drift=1
  fi
done
if [ "$drift" -ne 0 ]; then
  exit 1
fi

echo "== type check of index.d.ts (tsc --strict)"
npx tsc -p test/types/tsconfig.json

echo "== node --test"
node --test test/
