// Every error kind reaches JS as an Error with its stable `code` (src/errors.rs), its
// `kind`, the right class, and the kind's fields; sync throws and async rejections alike.
// The native side builds the error object itself (no text to parse back).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keys, cs } from './helpers.mjs'

const {
  Asinx,
  Paytend,
  UPay,
  HyperCard,
  CardsealError,
  InvalidKey,
  InvalidInput,
  SignatureMismatch,
  DecryptionFailed,
  ProviderError,
  Expired,
  Unavailable,
  hazmat,
} = cs

const secret = '0123456789abcdef0123456789abcdef'
const pub = (pem) => cs.publicKeyPem(pem)

/** Asserts `e` is the typed cardseal error of `Cls` with `code`. */
function isCardseal(e, Cls, code, kind) {
  assert.ok(e instanceof Error, 'an Error')
  assert.ok(e instanceof CardsealError, `a CardsealError: ${e && e.stack}`)
  assert.ok(e instanceof Cls, `a ${Cls.name}, got ${e.name}`)
  assert.equal(e.code, code)
  assert.equal(e.kind, kind)
  assert.equal(e.name, Cls.name)
  assert.ok(!e.message.includes('\u0000'), 'no transport marker in the message')
  assert.match(e.stack, new RegExp(`^${Cls.name}: `))
  return true
}

test('ERR_CARDSEAL_INVALID_KEY', async () => {
  const check = (e) => isCardseal(e, InvalidKey, 'ERR_CARDSEAL_INVALID_KEY', 'invalid_key')
  const notAKey = 'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu' // truncated DER
  assert.throws(() => new Paytend('P00000000000001', notAKey, pub(keys.sandbox_provider_1024)), check)
  assert.throws(() => new Paytend('P00000000000001', Buffer.from([1, 2, 3]), pub(keys.sandbox_provider_1024)), check)
  assert.throws(() => hazmat.aesEcbEncrypt(Buffer.alloc(15), 'x'), check)
  assert.throws(() => cs.publicKeyPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'), check)
  // a private key where a public one is required (UPay kid) is refused, and no key text leaks
  try {
    UPay.keyId(keys.upay_merchant)
    assert.fail('keyId accepted a private key')
  } catch (e) {
    check(e)
    assert.ok(!e.message.includes(keys.upay_merchant.split('\n')[1]), 'key material in message')
  }
})

test('ERR_CARDSEAL_INVALID_INPUT carries the field', async () => {
  const check = (field) => (e) => {
    isCardseal(e, InvalidInput, 'ERR_CARDSEAL_INVALID_INPUT', 'invalid_input')
    assert.equal(e.field, field)
    return true
  }
  const m = new Asinx('app', secret)
  assert.throws(() => m.sealRequestSync('/x', '[1,2]'), check('params'))
  assert.throws(() => m.sealRequestSync('no-slash', {}), check('path'))
  await assert.rejects(m.sealRequest('/x', '{"a":'), check('params'))
  assert.throws(() => hazmat.hexDecode('abc'), check('hex'))
  assert.throws(() => hazmat.aesEcbEncrypt(Buffer.alloc(16), 'x', 'zero'), check('padding'))
  assert.throws(() => hazmat.rsaSignPkcs1v15(keys.sandbox_merchant_1024, 'sha512', 'x'), check('hash'))
  // a compressed JWE payload that inflates past the configured cap
  const small = new UPay('app', 's', keys.upay_merchant, pub(keys.upay_platform), { maxInflatedBytes: 1000 })
  const big = small.provider(keys.upay_platform).sealResponseSync({ blob: 'x'.repeat(5000) }, { encrypt: true })
  // constructor options are checked (one rule for every language: bindings/declaration.rs)
  assert.throws(
    () => new UPay('app', 's', keys.upay_merchant, pub(keys.upay_platform), { maxInflatedBytes: -1 }),
    check('max_inflated_bytes'),
  )
  assert.throws(
    () => new HyperCard('api', keys.sandbox_merchant_1024, pub(keys.sandbox_merchant_1024), { numbers: 'decimal' }),
    check('numbers'),
  )
  assert.throws(() => small.openResponseSync(big.body), (e) =>
    isCardseal(e, InvalidInput, 'ERR_CARDSEAL_INVALID_INPUT', 'invalid_input'),
  )
  const bigRequest = new UPay('app', 's', keys.upay_merchant, pub(keys.upay_platform)).sealRequestSync(
    'POST',
    '/v1/x',
    { blob: 'x'.repeat(5000) },
    { encrypt: true },
  )
  assert.throws(() => small.provider(keys.upay_platform).openRequestSync('POST', '/v1/x', bigRequest.body, bigRequest.headers), (e) =>
    isCardseal(e, InvalidInput, 'ERR_CARDSEAL_INVALID_INPUT', 'invalid_input'),
  )
  // a KazePay profile option that does not exist
  assert.throws(() => new cs.KazePay('SYS', keys.kazepay_merchant, pub(keys.kazepay_provider), { digest: 'md5' }), (e) =>
    isCardseal(e, InvalidInput, 'ERR_CARDSEAL_INVALID_INPUT', 'invalid_input'),
  )
  // bytes that are not UTF-8 are refused, not replaced with U+FFFD
  assert.throws(() => m.openResponseSync(Buffer.from([0x7b, 0xff, 0x7d])), check('body'))
  // a payload JSON.stringify cannot represent
  assert.throws(() => m.sealRequestSync('/x', () => 1), check('payload'))
})

test('ERR_CARDSEAL_SIGNATURE_MISMATCH', async () => {
  const check = (e) => isCardseal(e, SignatureMismatch, 'ERR_CARDSEAL_SIGNATURE_MISMATCH', 'signature_mismatch')
  const m = new Asinx('app', secret)
  const s = m.sealRequestSync('/x', { a: 1 })
  assert.throws(() => m.provider().openRequestSync('{"a":2}', s.headers, { path: '/x' }), check)
  await assert.rejects(m.provider().openRequest('{"a":2}', s.headers, { path: '/x' }), check)
  assert.throws(() => hazmat.hmacSha256Verify('k', 'data', Buffer.alloc(32)), check)
  const h = new HyperCard('k', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048))
  const n = h.provider(keys.sandbox_provider_2048).sealNotificationSync({ e: 1 })
  assert.throws(() => h.openNotificationSync('{"e":2}', n.headers), check)
})

test('ERR_CARDSEAL_DECRYPTION_FAILED is uniform', async () => {
  const check = (e) => {
    isCardseal(e, DecryptionFailed, 'ERR_CARDSEAL_DECRYPTION_FAILED', 'decryption_failed')
    assert.equal(e.message, 'decryption failed')
    return true
  }
  const key = Buffer.alloc(16, 1)
  const nonce = Buffer.alloc(12)
  const sealed = hazmat.aesGcmEncrypt(key, nonce, '', 'x')
  sealed[0] ^= 1
  assert.throws(() => hazmat.aesGcmDecrypt(key, nonce, '', sealed), check)
  assert.throws(() => hazmat.aesEcbDecrypt(key, Buffer.alloc(16)), check)
  const m = new Asinx('app', secret)
  const wrong = new Asinx('app', 'fedcba9876543210fedcba9876543210').provider()
  const r = wrong.sealResponseSync({ a: 1 })
  assert.throws(() => m.openResponseSync(r.body), check)
  await assert.rejects(m.openResponse(r.body), check)
})

test('ERR_CARDSEAL_PROVIDER_ERROR carries providerCode and providerMessage', async () => {
  const check = (e) => {
    isCardseal(e, ProviderError, 'ERR_CARDSEAL_PROVIDER_ERROR', 'provider_error')
    assert.equal(e.providerCode, '1001')
    assert.equal(e.providerMessage, 'app not authorised: "x"')
    assert.equal(e.providerResult, null)
    assert.equal(e.providerData, null)
    return true
  }
  const body = '{"code":1001,"msg":"app not authorised: \\"x\\"","success":false,"ts":0,"data":null}'
  const u = new UPay('app', 's', keys.upay_merchant, pub(keys.upay_platform))
  assert.throws(() => u.openResponseSync(body), check)
  await assert.rejects(u.openResponseText(body), check)
})

test('ERR_CARDSEAL_EXPIRED carries the timestamp, now and window', async () => {
  const u = new UPay('app', 's', keys.upay_merchant, pub(keys.upay_platform), { replayWindowMs: 60_000 })
  const n = u.provider(keys.upay_platform).sealNotificationSync({ event: 'card.frozen' }, { timestampMs: 1_700_000_000_000 })
  const check = (e) => {
    isCardseal(e, Expired, 'ERR_CARDSEAL_EXPIRED', 'expired')
    assert.equal(e.timestampMs, 1_700_000_000_000)
    assert.equal(e.nowMs, 1_700_000_120_000)
    assert.equal(e.maxAgeMs, 60_000)
    return true
  }
  assert.throws(() => u.openNotificationSync(n.body, n.headers, { nowMs: 1_700_000_120_000 }), check)
  await assert.rejects(u.openNotification(n.body, n.headers, { nowMs: 1_700_000_120_000 }), check)
  // inside the window it opens
  assert.deepEqual(u.openNotificationSync(n.body, n.headers, { nowMs: 1_700_000_030_000 }), { event: 'card.frozen' })
})

test('errors that are not the core’s pass through untouched', () => {
  // an error raised by the caller's own code (a payload's toJSON) is not wrapped
  const mine = new RangeError('mine')
  assert.throws(
    () => new Asinx('app', secret).sealRequestSync('/x', { toJSON: () => { throw mine } }),
    (e) => e === mine && !(e instanceof CardsealError),
  )
  // a wrong argument type is a cardseal InvalidInput naming the argument (issue 15;
  // every method: argument-types.test.mjs)
  assert.throws(
    () => new Asinx(42, secret),
    (e) => e instanceof InvalidInput && e.code === 'ERR_CARDSEAL_INVALID_INPUT' && e.field === 'appId',
  )
})

test('InvalidKey.problem names what was wrong with the key', () => {
  const problem = (want) => (e) => {
    isCardseal(e, InvalidKey, 'ERR_CARDSEAL_INVALID_KEY', 'invalid_key')
    assert.equal(e.problem, want)
    return true
  }
  assert.throws(() => cs.publicKeyPem('not a key'), problem('malformed'))
  assert.throws(() => cs.publicKeyPem(keys.sandbox_merchant_1024.replace('MII', 'M*I')), problem('malformed'))
  assert.throws(() => hazmat.aesEcbEncrypt(Buffer.alloc(20, 0x6b), 'x'), problem('size'))
  assert.throws(
    () => new Paytend('888666000100201', pub(keys.sandbox_merchant_1024), keys.sandbox_provider_1024),
    problem('unsupported'),
  )
})

test('SignatureMismatch.check names what did not verify', async () => {
  const m = new Asinx('app-1', '5a4d1c9e0b7f3a6e8d2c4b1a0f9e8d7c')
  const p = m.provider()
  const s = m.sealRequestSync('/card/list', { page: 1 })
  const check = (what) => (e) => {
    isCardseal(e, SignatureMismatch, 'ERR_CARDSEAL_SIGNATURE_MISMATCH', 'signature_mismatch')
    assert.equal(e.check, what)
    assert.equal(e.message, `signature mismatch: ${what} does not verify`)
    return true
  }
  // opened at another path than the one signed
  assert.throws(() => p.openRequestSync(s.body, s.headers, { path: '/card/other' }), check('sign header'))
  await assert.rejects(p.openRequest(s.body, s.headers, { path: '/card/other' }), check('sign header'))
  assert.throws(() => p.openRequestSync(s.body, { ...s.headers, appId: 'app-2' }, { path: '/card/list' }), check('appId'))
  assert.throws(() => hazmat.hmacSha256Verify('k', 'data', Buffer.alloc(32)), check('hmac'))
})

test('ERR_CARDSEAL_UNAVAILABLE: a clock the scheme cannot write', async () => {
  const check = (e) => {
    isCardseal(e, Unavailable, 'ERR_CARDSEAL_UNAVAILABLE', 'unavailable')
    assert.equal(e.resource, 'clock')
    assert.equal(e.message, 'unavailable: clock: time outside years 0000..9999')
    return true
  }
  const m = new Paytend('888666000100201', keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024), { nowMs: 2 ** 62 })
  assert.throws(() => m.sealRequestSync({ a: 1 }), check)
  await assert.rejects(m.sealRequest({ a: 1 }), check)
  assert.ok(Object.getPrototypeOf(Unavailable) === CardsealError)
})

test('without index.js the native errors are plain Errors with the same fields', async () => {
  // A worker is another JS environment: its native module has no classes registered.
  const { Worker } = await import('node:worker_threads')
  const native = new URL('../native.js', import.meta.url).pathname
  const src = `
    const { parentPort } = require('node:worker_threads')
    const n = require(${JSON.stringify(native)})
    try {
      n.hazmat.hexDecode('abc')
    } catch (e) {
      parentPort.postMessage({ error: e instanceof Error, proto: Object.getPrototypeOf(e) === Error.prototype,
        code: e.code, kind: e.kind, field: e.field, message: e.message })
    }`
  const got = await new Promise((resolve, reject) => {
    const w = new Worker(src, { eval: true })
    w.once('message', resolve)
    w.once('error', reject)
  })
  assert.deepEqual(got, {
    error: true,
    proto: true,
    code: 'ERR_CARDSEAL_INVALID_INPUT',
    kind: 'invalid_input',
    field: 'hex',
    message: got.message,
  })
  assert.match(got.message, /^invalid input in `hex`: /)
})
