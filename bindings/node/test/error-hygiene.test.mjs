// No error rendering contains key text (issue 15). Every malformed key form of
// test-vectors/keys/malformed_keys.json, built from the sandbox keys in test-vectors/keys by the
// listed transformations (the Rust, Python and Kotlin suites build the same forms), goes
// through hazmat.rsaPrivateKeyInfo, hazmat.rsaPublicKeyInfo and publicKeyPem (as a string
// and as a Buffer); each outcome must be the expected one, and no 16-character window of the
// key text may appear in the error's message, stack, util.inspect or JSON.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { cs, vectorsDir } from './helpers.mjs'

const WINDOW = 16
const doc = JSON.parse(readFileSync(join(vectorsDir, 'keys', 'malformed_keys.json'), 'utf8'))
const keyText = (name) => readFileSync(join(vectorsDir, 'keys', name), 'utf8')

const isBodyLine = (line) => {
  const t = line.trim()
  return t !== '' && !t.startsWith('-----') && !t.includes(':')
}
const bodyLines = (text) => text.split(/\r?\n/).filter(isBodyLine).map((l) => l.trim())
const body = (text) => bodyLines(text).join('')

function secretWindows(text) {
  const inBody = []
  for (const line of text.split('\n')) inBody.push(...Array(line.length).fill(isBodyLine(line)), false)
  const out = new Set()
  for (let i = 0; i + WINDOW <= text.length; i++) {
    if (inBody.slice(i, i + WINDOW).some(Boolean)) out.add(text.slice(i, i + WINDOW))
  }
  const lines = bodyLines(text)
  for (const joined of [lines.join(''), lines.join('\n')]) {
    for (let i = 0; i + WINDOW <= joined.length; i++) out.add(joined.slice(i, i + WINDOW))
  }
  assert.ok(out.size > 40)
  return out
}

function leaked(rendering, secrets) {
  for (let i = 0; i + WINDOW <= rendering.length; i++) {
    if (secrets.has(rendering.slice(i, i + WINDOW))) return rendering.slice(i, i + WINDOW)
  }
  return null
}

const pemWrap = (b64, label) =>
  `-----BEGIN ${label}-----\n` + (b64.match(/.{1,64}/g) || []).map((l) => l + '\n').join('') + `-----END ${label}-----\n`

function apply(text, step) {
  switch (step.op) {
    case 'replace':
      assert.ok(text.includes(step.from), JSON.stringify(step))
      return text.replace(step.from, () => step.to)
    case 'replace_last': {
      const i = text.lastIndexOf(step.from)
      assert.ok(i >= 0, JSON.stringify(step))
      return text.slice(0, i) + step.to + text.slice(i + step.from.length)
    }
    case 'truncate':
      return step.chars >= 0 ? text.slice(0, step.chars) : text.slice(0, Math.max(text.length + step.chars, 0))
    case 'body':
      return body(text)
    case 'der_xor': {
      const der = Buffer.from(body(text), 'base64')
      der[step.offset] ^= step.value
      return der.toString('base64')
    }
    case 'pem':
      return pemWrap(text, step.label)
    case 'wrap':
      return step.before + text + step.middle + text + step.after
    case 'prefix':
      return step.text + text
    case 'suffix':
      return text + step.text
    default:
      throw new Error(`unknown step op ${step.op}`)
  }
}

function renderings(e) {
  return [
    String(e),
    e.message,
    e.stack,
    inspect(e),
    inspect(e, { showHidden: true, depth: 5 }),
    JSON.stringify(e),
    JSON.stringify(e, Object.getOwnPropertyNames(e)),
    JSON.stringify(Object.fromEntries(Object.entries(e))),
  ]
}

const OPS = {
  private: (k) => cs.hazmat.rsaPrivateKeyInfo(k),
  public: (k) => cs.hazmat.rsaPublicKeyInfo(k),
  public_key_pem: (k) => cs.publicKeyPem(k),
}

test('malformed_keys.json: schema and size', () => {
  assert.equal(doc.schema, 'cardseal-malformed-keys/1')
  assert.ok(doc.cases.length >= 30)
})

for (const c of doc.cases) {
  test(`malformed key, no key text in any rendering: ${c.id}`, () => {
    const original = keyText(c.key)
    const secrets = secretWindows(original)
    const text = c.steps.reduce(apply, original)
    for (const [op, fn] of Object.entries(OPS)) {
      const want = c.expect[op]
      for (const arg of [text, Buffer.from(text)]) {
        if (want === 'ok') {
          fn(arg)
          continue
        }
        assert.equal(want, 'invalid_key')
        let caught = null
        try {
          fn(arg)
        } catch (e) {
          caught = e
        }
        assert.ok(caught instanceof cs.InvalidKey, `${op}: want InvalidKey, got ${caught}`)
        assert.equal(caught.code, 'ERR_CARDSEAL_INVALID_KEY')
        for (const r of renderings(caught)) {
          const w = leaked(r ?? '', secrets)
          assert.equal(w, null, `${op}: ${JSON.stringify(w)} of the key text in ${JSON.stringify(r)}`)
        }
      }
    }
  })
}

test('the window check finds key text', () => {
  const original = keyText('sandbox_merchant_2048.pem')
  const secrets = secretWindows(original)
  const line = original.split('\n')[5]
  assert.equal(leaked(`no END line after '${line.slice(10, 26)}'`, secrets), line.slice(10, 26))
  assert.equal(leaked('malformed PEM: no `-----END PRIVATE KEY-----` line', secrets), null)
})

test('a BEGIN line that lost a dash names the line, not the key', () => {
  const bad = keyText('sandbox_merchant_2048.pem').replace('-----BEGIN PRIVATE KEY-----', '-----BEGIN PRIVATE KEY----')
  assert.throws(() => cs.hazmat.rsaPrivateKeyInfo(bad), (e) => {
    assert.equal(e.message, 'invalid key: malformed PEM: the BEGIN line (26 bytes) does not end with `-----`')
    return true
  })
})
