// The vector runner can fail: run it on small directories that contain a wrong expected
// value, an unknown op, a file with zero vectors, or nothing at all, and require a failing
// exit; a good file must pass.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const runner = join(dirname(fileURLToPath(import.meta.url)), 'vectors.test.mjs')

function runOn(files) {
  const dir = mkdtempSync(join(tmpdir(), 'cardseal-vectors-'))
  try {
    for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(doc))
    // without NODE_TEST_CONTEXT (set by an outer `node --test`), the child reports its
    // own exit status
    const env = { ...process.env, CARDSEAL_VECTORS_DIR: dir }
    delete env.NODE_TEST_CONTEXT
    const r = spawnSync(process.execPath, ['--test', runner], {
      env,
      encoding: 'utf8',
    })
    return r.status
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const file = (vectors) => ({ schema: 'cardseal-vectors/1', title: 't', source: 's', vectors })
// RFC 1321 A.5: MD5("abc")
const good = { id: 'md5 abc', op: 'md5', args: { data: 'abc' }, expect: { digest_hex: '900150983cd24fb0d6963f7d28e17f72' } }

test('a correct file passes', () => {
  assert.equal(runOn({ 'a.json': file([good]) }), 0)
})

test('a wrong expected value fails', () => {
  const bad = { ...good, expect: { digest_hex: '900150983cd24fb0d6963f7d28e17f73' } }
  assert.notEqual(runOn({ 'a.json': file([bad]) }), 0)
})

test('a wrong error kind fails, and so does an error where a value was expected', () => {
  const wrongKind = { id: 'bad hex', op: 'hex_decode', args: { text: 'abc' }, error: 'decryption_failed' }
  assert.notEqual(runOn({ 'a.json': file([wrongKind]) }), 0)
  const unexpected = { id: 'bad hex', op: 'hex_decode', args: { text: 'abc' }, expect: { data_hex: 'ab' } }
  assert.notEqual(runOn({ 'a.json': file([unexpected]) }), 0)
})

test('an unknown op fails', () => {
  assert.notEqual(runOn({ 'a.json': file([good, { ...good, op: 'md6' }]) }), 0)
})

test('a file with zero vectors fails, and so does an empty directory', () => {
  assert.notEqual(runOn({ 'a.json': file([good]), 'b.json': file([]) }), 0)
  assert.notEqual(runOn({}), 0)
})

test('a smoke file runs its smoke vectors only, and its marking is checked', () => {
  const smoke = (vectors) => ({ ...file(vectors), bindings: 'smoke' })
  const wrong = { ...good, id: 'md5 abc wrong', expect: { digest_hex: '00' } }
  // an unmarked vector of a smoke file is left to the Rust runner: not run here
  assert.equal(runOn({ 'a.json': smoke([{ ...good, smoke: true }, wrong]) }), 0)
  // a marked one is run
  assert.notEqual(runOn({ 'a.json': smoke([{ ...good, smoke: true }, { ...wrong, smoke: true }]) }), 0)
  // an op without a smoke vector, a smoke mark outside a smoke file, an unknown mode
  assert.notEqual(runOn({ 'a.json': smoke([good]) }), 0)
  assert.notEqual(runOn({ 'a.json': file([{ ...good, smoke: true }]) }), 0)
  assert.notEqual(runOn({ 'a.json': { ...file([good]), bindings: 'some' } }), 0)
  // an unknown op fails even where it would not run
  assert.notEqual(runOn({ 'a.json': smoke([{ ...good, smoke: true }, { ...good, op: 'md6' }]) }), 0)
})
