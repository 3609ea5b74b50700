#!/usr/bin/env bash
# Install test of the npm packages (scripts/test-all.sh step; README "Install"): the .tgz
# files of $DIST_DIR/npm (built by scripts/dist/npm.sh) installed with npm into a fresh
# project in a temp dir, as a user installs them (the main package and this machine's
# platform package; nothing else comes from the registry), then loaded from CommonJS and
# from ESM, each running a real seal and open: ASINX's published signing example
# (sign f61ff896372b9e5836cb67a069dd810a, the provider's API document; test-vectors/asinx.json)
# and a mirror response opened by the merchant. The addon must come from the platform
# package (no source tree, no locally built .node).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
npm_dir="${DIST_DIR:-$root/dist}/npm"
version="$(node -p "require('$root/bindings/node/package.json').version")"
main="$npm_dir/cardseal-$version.tgz"
platform="$(node -p "process.platform + '-' + process.arch + (process.platform === 'linux' ? (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl') : '')")"
native="$npm_dir/cardseal-$platform-$version.tgz"
for f in "$main" "$native"; do
  [ -f "$f" ] || { echo "missing $f (run: bash scripts/dist.sh --native)" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf '{ "name": "cardseal-install-test", "version": "1.0.0", "private": true }\n' >package.json
echo "== npm install $(basename "$main") $(basename "$native") (fresh project: $tmp)"
npm install --no-audit --no-fund "$main" "$native"

# Every package carries both license texts.
for p in cardseal "cardseal-$platform"; do
  for l in LICENSE-MIT LICENSE-APACHE; do
    [ -s "node_modules/$p/$l" ] || { echo "FAIL: node_modules/$p/$l missing" >&2; exit 1; }
  done
done

cat >check.cjs <<'JS'
const assert = require('node:assert/strict')
const cardseal = require('cardseal')
const { Asinx, AsinxProvider, version } = cardseal
const path = require('node:path')
// The addon is the platform package's, not a file of the main package.
const loaded = Object.keys(require.cache).filter((f) => f.endsWith('.node'))
assert.equal(loaded.length, 1, String(loaded))
assert.match(loaded[0], new RegExp(`node_modules\\${path.sep}cardseal-${process.argv[2]}\\${path.sep}cardseal\\.${process.argv[2]}\\.node$`))
const secret = 'b635dd5c87f7bf73387929203321b1e1'
const sealed = new Asinx('app_447770', secret).sealRequestSync('/user/register', '{"mobileNumber": "18888888867", "mobilePrefix": "1", "email": "188888888662@188.com"}')
assert.equal(sealed.body, '{"email":"188888888662@188.com","mobileNumber":"18888888867","mobilePrefix":"1"}')
assert.equal(sealed.headers.sign, 'f61ff896372b9e5836cb67a069dd810a')
const reply = new AsinxProvider('app_447770', secret).sealResponseSync({ cardNo: '5342', ok: true })
assert.deepEqual(new Asinx('app_447770', secret).openResponseSync(reply.body), { cardNo: '5342', ok: true })
console.log(`commonjs: cardseal ${version()} loaded ${path.basename(loaded[0])}; published ASINX sign reproduced; response opened`)
JS
cat >check.mjs <<'JS'
import assert from 'node:assert/strict'
import { Asinx, AsinxProvider, publicKeyPem, version, rsaBackend } from 'cardseal'
assert.equal(typeof publicKeyPem, 'function')
assert.equal(rsaBackend(), 'openssl')
const secret = 'b635dd5c87f7bf73387929203321b1e1'
const sealed = await new Asinx('app_447770', secret).sealRequest('/user/register', { mobileNumber: '18888888867', mobilePrefix: '1', email: '188888888662@188.com' })
assert.equal(sealed.headers.sign, 'f61ff896372b9e5836cb67a069dd810a')
const reply = await new AsinxProvider('app_447770', secret).sealResponse({ cardNo: '5342' })
assert.deepEqual(await new Asinx('app_447770', secret).openResponse(reply.body), { cardNo: '5342' })
console.log(`esm: cardseal ${version()} (${rsaBackend()}); published ASINX sign reproduced; response opened`)
JS
env -u NAPI_RS_NATIVE_LIBRARY_PATH -u NODE_PATH node check.cjs "$platform"
env -u NAPI_RS_NATIVE_LIBRARY_PATH -u NODE_PATH node check.mjs
echo "npm install test: OK (CommonJS and ESM)"
