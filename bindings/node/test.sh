#!/usr/bin/env bash
# Builds the cardseal Node addon from scratch and runs its node:test suite.
#
#   npm ci                      (package-lock.json is committed; an EBADENGINE warning fails)
#   napi build --release        (workspace target dir unless CARGO_TARGET_DIR is set, so
#                                the vendored OpenSSL build is shared with the Python wheel;
#                                workspace release profile; core feature `openssl`)
#   drift check                 (the generated native.js / native.d.ts must match the
#                                checked-in files)
#   tsc --strict                (index.d.ts is checked against test/types/usage.ts, and
#                                the ESM entry point's types against test/types/esm/)
#   node --test test/
#
# Non-interactive and idempotent. Needs Node >= 20, npm and a Rust toolchain.
set -euo pipefail
export CI=true
cd "$(dirname "$0")"

echo "== npm ci"
npm_log="$(npm ci --no-audit --no-fund 2>&1)" || { echo "$npm_log" >&2; exit 1; }
echo "$npm_log"
if grep -q EBADENGINE <<<"$npm_log"; then
  echo "error: a dependency does not support Node $(node --version) (align package.json engines, or pin it in overrides)" >&2
  exit 1
fi

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
echo "== type check of the ESM entry point (index.d.mts via package.json exports, module node16)"
npx tsc -p test/types/esm/tsconfig.json

echo "== node --test"
node --test test/
