// The ES module entry point: `import { ... } from 'cardseal'` gives every export by name
// (package self-reference, resolved through package.json "exports" as a user's import
// is), and they are the CommonJS module's own objects.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { publicKeyPem, version, rsaBackend, generateRsaKey, CardsealError, InvalidKey } from 'cardseal'
import * as esm from 'cardseal'
import cardsealDefault from 'cardseal'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cjs = require('cardseal')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

/** Names of the values (not types) index.d.ts exports: classes, functions, consts. */
function declaredValues() {
  const dts = readFileSync(join(root, 'index.d.ts'), 'utf8')
  return [...dts.matchAll(/^export (?:declare )?(?:class|function|const) (\w+)/gm)].map((m) => m[1])
}

test('the named imports of the README work from ESM', () => {
  assert.equal(version(), pkg.version)
  assert.ok(['openssl', 'rustcrypto'].includes(rsaBackend()), rsaBackend())
  const keyDir = join(root, '..', '..', 'test-vectors', 'keys')
  const key = readFileSync(join(keyDir, 'fmt_rsa2048_pkcs8.der'))
  assert.equal(publicKeyPem(key), readFileSync(join(keyDir, 'fmt_rsa2048_spki.pem'), 'utf8'))
  assert.throws(() => publicKeyPem('not a key'), (e) => e instanceof InvalidKey && e instanceof CardsealError)
  assert.equal(typeof generateRsaKey, 'function')
})

test('index.mjs, index.js and index.d.ts export the same names', () => {
  const esmNames = Object.keys(esm).filter((k) => k !== 'default').sort()
  const cjsNames = Object.keys(cjs).sort()
  const hint = `index.mjs should list: ${Object.keys(cjs).join(', ')}`
  assert.deepEqual(esmNames, cjsNames, hint)
  assert.deepEqual(declaredValues().sort(), cjsNames)
  for (const k of cjsNames) assert.equal(esm[k], cjs[k], `${k} is not index.js's object`)
  assert.equal(cardsealDefault, cjs)
})

test('every name declared in index.d.ts is importable by name from ESM', async () => {
  const names = declaredValues()
  assert.ok(names.length >= 22, names.join(' '))
  const src = `import { ${names.join(', ')} } from 'cardseal'\nexport default [${names.join(', ')}]\n`
  // Resolved from this package's directory, as test files resolve 'cardseal'.
  const { pathToFileURL } = await import('node:url')
  const { writeFileSync, rmSync, mkdtempSync } = await import('node:fs')
  const dir = mkdtempSync(join(root, 'test', '.esm-'))
  const file = join(dir, 'named.mjs')
  try {
    writeFileSync(file, src)
    const values = (await import(pathToFileURL(file).href)).default
    assert.equal(values.length, names.length)
    names.forEach((n, i) => assert.equal(values[i], cjs[n], n))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('package.json maps import, require and types for both module systems', () => {
  const dot = pkg.exports['.']
  assert.deepEqual(dot.import, { types: './index.d.mts', default: './index.mjs' })
  assert.deepEqual(dot.require, { types: './index.d.ts', default: './index.js' })
  for (const f of ['index.js', 'index.d.ts', 'index.mjs', 'index.d.mts', 'LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.ok(pkg.files.includes(f), `${f} is not in package.json "files"`)
  }
})

test('the packaged license texts are the repository root ones', () => {
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) {
    assert.equal(readFileSync(join(root, f), 'utf8'), readFileSync(join(root, '..', '..', f), 'utf8'), f)
  }
})
