// How text crosses the JS/native boundary (index.js + src/lib.rs): long strings of
// synchronous calls go as UTF-8 bytes through a reused buffer, Buffers are read in place,
// long ASCII results come back as external strings reported to V8 as external memory.
// Each path must give exactly what the plain string path gives.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keys, cs } from './helpers.mjs'

const { Asinx, HyperCard, UPay, KazePay, InvalidInput } = cs
const pub = (pem) => cs.publicKeyPem(pem)
const secret = 'b635dd5c87f7bf73387929203321b1e1'
const env = { seed: 'transfer-test', nowMs: 1_700_000_000_000 }

/** A JSON text of about `n` UTF-16 units whose `doc` string repeats `unit`. */
const doc = (unit, n) => JSON.stringify({ id: 'u1', doc: unit.repeat(Math.ceil(n / unit.length)) })

// above index.js's INLINE_MAX (4096), so the sync calls take the reused-buffer path
const ascii = doc('abcdefghij', 200_000)
const twoByte = doc('é中', 50_000) // needs 2-3 UTF-8 bytes per unit: the buffer is re-sized
const astral = doc('😀x', 50_000) // surrogate pairs

test('long payloads: sync (UTF-8 bytes) and async (string) calls seal the same bytes', async () => {
  for (const p of [ascii, twoByte, astral, '{"short":"é"}']) {
    const a = new Asinx('app', secret, env).sealRequestSync('/x', p)
    const b = await new Asinx('app', secret, env).sealRequest('/x', p)
    assert.equal(a.body, b.body)
    assert.deepEqual(a.headers, b.headers)
    const mirror = new Asinx('app', secret, env).provider()
    assert.equal(mirror.openRequestTextSync(a.body, a.headers, { path: '/x' }), a.body)
    assert.equal(JSON.parse(a.body).doc, JSON.parse(p).doc)
  }
})

test('a payload given as a Buffer is its UTF-8 text, sync and async', async () => {
  for (const p of [ascii, twoByte, '{"a":"é"}']) {
    const want = new Asinx('app', secret, env).sealRequestSync('/x', p).body
    assert.equal(new Asinx('app', secret, env).sealRequestSync('/x', Buffer.from(p)).body, want)
    assert.equal((await new Asinx('app', secret, env).sealRequest('/x', Buffer.from(p))).body, want)
  }
})

test('a lone surrogate becomes U+FFFD on every path, as napi’s string conversion does', async () => {
  for (const n of [10, 10_000]) {
    const broken = `{"a":"${'x'.repeat(n)}\ud800"}`
    const fixed = `{"a":"${'x'.repeat(n)}\ufffd"}`
    const want = new Asinx('app', secret, env).sealRequestSync('/x', fixed).body
    assert.equal(new Asinx('app', secret, env).sealRequestSync('/x', broken).body, want)
    assert.equal((await new Asinx('app', secret, env).sealRequest('/x', broken)).body, want)
  }
})

test('bytes that are not UTF-8 are InvalidInput in the argument they were given for', async () => {
  const m = new Asinx('app', secret)
  const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc3, 0x28, 0x7d]) // {"a":<bad>}
  const check = (field) => (e) => {
    assert.ok(e instanceof InvalidInput, String(e))
    assert.equal(e.code, 'ERR_CARDSEAL_INVALID_INPUT')
    assert.equal(e.field, field)
    assert.equal(e.message, `invalid input in \`${field}\`: not valid UTF-8`)
    return true
  }
  assert.throws(() => m.sealRequestSync('/x', bad), check('payload'))
  await assert.rejects(m.sealRequest('/x', bad), check('payload'))
  assert.throws(() => m.openResponseTextSync(bad), check('body'))
  await assert.rejects(m.openResponseText(bad), check('body'))
  assert.throws(() => m.provider().openRequestSync(bad, {}, { path: '/x' }), check('body'))
  await assert.rejects(m.provider().openRequest(bad, {}, { path: '/x' }), check('body'))
})

test('a sync call made while another holds the reused buffer gets its own', () => {
  const h = new HyperCard('k', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048))
  const mirror = h.provider(keys.sandbox_provider_2048)
  const outer = doc('outer-', 300_000)
  const inner = doc('INNER+', 300_000) // same size: would overwrite the outer bytes if shared
  h.sealRequestSync(outer) // the idle buffer now fits both texts
  let nested
  // napi reads the options object after the payload bytes: the getter runs a whole
  // second sync call in between
  const options = {
    get nonce() {
      nested = h.sealRequestSync(inner)
      return 'nonce-1'
    },
  }
  const s = h.sealRequestSync(outer, options)
  assert.equal(s.headers.nonce, 'nonce-1')
  assert.equal(mirror.openRequestTextSync(s.body, s.headers), outer)
  assert.equal(mirror.openRequestTextSync(nested.body, nested.headers), inner)
  // and the buffer keeps working afterwards
  const again = h.sealRequestSync(outer)
  assert.equal(mirror.openRequestTextSync(again.body, again.headers), outer)
})

test('long results (external strings) are ordinary strings and outlive collections', () => {
  const u = new UPay('app', 's', keys.upay_merchant, pub(keys.upay_platform))
  const mirror = u.provider(keys.upay_platform)
  const kept = []
  for (const p of [ascii, twoByte, astral]) {
    const r = mirror.sealResponseSync(p, { encrypt: true })
    const text = u.openResponseTextSync(r.body)
    assert.equal(text, p)
    assert.equal(text.length, p.length)
    assert.deepEqual(u.openResponseSync(r.body), JSON.parse(p))
    kept.push([text, p, r.body])
  }
  // churn through a few hundred MB of results nobody keeps, so V8 collects many times
  const bigPayload = doc('0123456789', 6_000_000)
  const big = mirror.sealResponseSync(bigPayload, { encrypt: true }).body
  for (let i = 0; i < 40; i++) assert.equal(u.openResponseTextSync(big).length, bigPayload.length)
  for (const [text, p, body] of kept) {
    assert.equal(text, p)
    assert.equal(text.slice(-20), p.slice(-20))
    assert.equal(JSON.parse(body).data.payload.length > 0, true)
  }
})

test('long results are reported to V8 as external memory, so collection keeps up', () => {
  const k = new KazePay('SYS', keys.kazepay_merchant, pub(keys.kazepay_provider))
  const mirror = k.provider(keys.kazepay_provider)
  const payload = doc('abcdef', 6_000_000)
  const body = mirror.sealResponseSync('kyc', '1', payload).body
  const before = process.memoryUsage().external
  let peak = 0
  for (let i = 0; i < 40; i++) {
    assert.equal(k.openResponseTextSync(body).length, payload.length)
    peak = Math.max(peak, process.memoryUsage().external - before)
  }
  // 40 results of 6 MB: unreported, nothing would collect them (240 MB held); reported,
  // V8 collects once some tens of MB are outstanding
  assert.ok(peak < 160e6, `external memory grew by ${(peak / 1e6).toFixed(0)} MB`)
})

test('headers in every accepted form reach the native side as the same pairs', () => {
  const h = new HyperCard('k', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048))
  const push = h.provider(keys.sandbox_provider_2048).sealNotificationSync({ event: 'x' })
  const obj = push.headers
  const pairs = Object.entries(obj)
  const headers = new Headers(pairs)
  for (const form of [obj, pairs, new Map(pairs), headers]) {
    assert.equal(h.openNotificationTextSync(push.body, form), push.body)
  }
  // a name given twice: the first value is the one read, as for an object's own property
  assert.equal(h.openNotificationTextSync(push.body, [...pairs, ['signature', 'AAAA']]), push.body)
  assert.equal(h.openNotificationTextSync(push.body, { ...obj, nonce: [obj.nonce, 'other'] }), push.body)
  // sealed headers come back as an object in the provider's order
  assert.deepEqual(Object.keys(obj), ['timestamp', 'nonce', 'api-key', 'version', 'signature', 'Content-Type'])
})

test('a sealed message keeps its shape: own enumerable lazy `trace`, read once', () => {
  const m = new Asinx('app', secret, env)
  for (const s of [m.sealRequestSync('/x', ascii), m.sealRequestSync('/x', '{"a":1}')]) {
    assert.deepEqual(Object.keys(s), ['body', 'headers', 'trace'])
    const d = Object.getOwnPropertyDescriptor(s, 'trace')
    assert.equal(typeof d.get, 'function')
    assert.equal(d.set, undefined)
    assert.equal(d.enumerable, true)
    assert.equal(d.configurable, true)
    assert.equal(s.trace, s.trace) // converted once, then the same object
    assert.deepEqual(Object.keys(s.trace), ['body', 'origin', 'base64', 'ciphertext_hex', 'sign'])
    assert.equal(s.trace.body, s.body)
  }
  const k = new KazePay('SYS', keys.kazepay_merchant, pub(keys.kazepay_provider), env)
  const u = k.sealFileUploadSync({ a: 1 }, { fileName: 'f.bin', contentType: 'application/octet-stream', data: Buffer.from([1, 2]) })
  assert.deepEqual(Object.keys(u), ['boundary', 'contentType', 'requestJson', 'body', 'trace'])
  assert.equal(Object.getOwnPropertyDescriptor(u, 'trace').enumerable, true)
  assert.equal(u.trace, u.trace)
  assert.equal(typeof u.trace, 'object')
})

test('long hazmat text results (external strings) equal node’s own encodings', () => {
  const { hazmat } = cs
  const data = Buffer.alloc(300_000)
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff
  assert.equal(hazmat.base64Encode(data), data.toString('base64'))
  assert.equal(hazmat.base64urlEncode(data), data.toString('base64url'))
  assert.equal(hazmat.hexEncode(data), data.toString('hex'))
  const json = JSON.stringify({ z: 'é'.repeat(20_000), a: data.toString('base64').slice(0, 50_000), m: [3, { y: 1, b: 2 }] })
  assert.equal(hazmat.jsonCompact(json), json)
  assert.equal(
    hazmat.jsonSortedCompact(json),
    JSON.stringify({ a: JSON.parse(json).a, m: [3, { b: 2, y: 1 }], z: 'é'.repeat(20_000) }),
  )
  const ascii = JSON.stringify({ z: 'x'.repeat(40_000), a: 1 })
  assert.equal(hazmat.jsonSortedCompact(ascii), JSON.stringify({ a: 1, z: 'x'.repeat(40_000) }))
})
