// An argument of the wrong JS type (a number, an object, undefined where a string or bytes
// are required) is a cardseal InvalidInput naming the argument, with the code
// ERR_CARDSEAL_INVALID_INPUT, on every provider class method and constructor, sync and
// async alike; never napi's own InvalidArg/StringExpected, and the message never quotes
// the value. Also: a negative UPay window is refused (issue 15).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keys, cs } from './helpers.mjs'

const { Asinx, AsinxProvider, Paytend, PaytendProvider, HyperCard, HyperCardProvider, UPay, UPayProvider, KazePay, KazePayProvider, InvalidInput } = cs

const pub = (k) => cs.publicKeyPem(k)
const SECRET = '0123456789abcdef0123456789abcdef'
const SECRET_VALUE = 4242424242424242 // must not appear in any message

/** Asserts `e` is a cardseal InvalidInput naming `field`, without the value. */
function isInvalid(field) {
  return (e) => {
    assert.ok(e instanceof InvalidInput, `want InvalidInput, got ${e && e.stack}`)
    assert.equal(e.code, 'ERR_CARDSEAL_INVALID_INPUT')
    assert.equal(e.kind, 'invalid_input')
    assert.equal(e.field, field)
    assert.match(e.message, new RegExp(`^invalid input in \`${field}\`: expected `))
    assert.ok(!e.message.includes(String(SECRET_VALUE)), e.message)
    assert.ok(!e.message.includes('"k":'), e.message)
    assert.match(e.stack, /^InvalidInput: /)
    return true
  }
}

const BAD = [SECRET_VALUE, { k: 'v' }, undefined]

const asinx = new Asinx('app', SECRET)
const asinxP = new AsinxProvider('app', SECRET)
const paytend = new Paytend('P00000000000001', keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))
const paytendP = paytend.provider(keys.sandbox_provider_1024)
const hyper = new HyperCard('api', keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))
const hyperP = hyper.provider(keys.sandbox_provider_1024)
const upay = new UPay('ak', 's', keys.upay_merchant, pub(keys.upay_platform))
const upayP = upay.provider(keys.upay_platform)
const kaze = new KazePay('sys', keys.kazepay_merchant, pub(keys.kazepay_provider))
const kazeP = kaze.provider(keys.kazepay_provider)

/**
 * [label, field, call(bad)]: each call puts `bad` in the named argument, every other
 * argument valid. Methods with a sync and an async form are listed by their base name and
 * run both ways.
 */
const both = (obj, name, field, args) => [
  [`${obj.constructor.name}.${name}Sync`, field, (bad) => obj[`${name}Sync`](...args(bad))],
  [`${obj.constructor.name}.${name}`, field, (bad) => obj[name](...args(bad)), true],
]
const open = (obj, name, field, args) => [
  ...both(obj, name, field, args),
  [`${obj.constructor.name}.${name}TextSync`, field, (bad) => obj[`${name}TextSync`](...args(bad))],
  [`${obj.constructor.name}.${name}Text`, field, (bad) => obj[`${name}Text`](...args(bad)), true],
]

const CASES = [
  // constructors
  ['new Asinx(appId)', 'appId', (b) => new Asinx(b, SECRET)],
  ['new Asinx(appSecret)', 'appSecret', (b) => new Asinx('app', b)],
  ['new AsinxProvider(appSecret)', 'appSecret', (b) => new AsinxProvider('app', b)],
  ['new Paytend(partnerId)', 'partnerId', (b) => new Paytend(b, keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))],
  ['new Paytend(privateKey)', 'privateKey', (b) => new Paytend('P1', b, pub(keys.sandbox_provider_1024))],
  ['new Paytend(providerPublicKey)', 'providerPublicKey', (b) => new Paytend('P1', keys.sandbox_merchant_1024, b)],
  ['new PaytendProvider(partnerPublicKey)', 'partnerPublicKey', (b) => new PaytendProvider('P1', keys.sandbox_provider_1024, b)],
  ['new HyperCard(apiKey)', 'apiKey', (b) => new HyperCard(b, keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))],
  ['new HyperCard(privateKey)', 'privateKey', (b) => new HyperCard('api', b, pub(keys.sandbox_provider_1024))],
  ['new HyperCardProvider(merchantPublicKey)', 'merchantPublicKey', (b) => new HyperCardProvider('api', keys.sandbox_provider_1024, b)],
  ['new UPay(apiKey)', 'apiKey', (b) => new UPay(b, 's', keys.upay_merchant, pub(keys.upay_platform))],
  ['new UPay(secret)', 'secret', (b) => new UPay('ak', b, keys.upay_merchant, pub(keys.upay_platform))],
  ['new UPay(privateKey)', 'privateKey', (b) => new UPay('ak', 's', b, pub(keys.upay_platform))],
  ['new UPay(providerPublicKey)', 'providerPublicKey', (b) => new UPay('ak', 's', keys.upay_merchant, b)],
  ['new UPayProvider(platformPrivateKey)', 'platformPrivateKey', (b) => new UPayProvider('ak', 's', b, pub(keys.upay_merchant))],
  ['new UPayProvider(merchantPublicKey)', 'merchantPublicKey', (b) => new UPayProvider('ak', 's', keys.upay_platform, b)],
  ['new KazePay(sysId)', 'sysId', (b) => new KazePay(b, keys.kazepay_merchant, pub(keys.kazepay_provider))],
  ['new KazePay(privateKey)', 'privateKey', (b) => new KazePay('sys', b, pub(keys.kazepay_provider))],
  ['new KazePayProvider(providerPrivateKey)', 'providerPrivateKey', (b) => new KazePayProvider('sys', b, pub(keys.kazepay_merchant))],
  // provider() and static methods
  ['Paytend.provider', 'providerPrivateKey', (b) => paytend.provider(b)],
  ['HyperCard.provider', 'providerPrivateKey', (b) => hyper.provider(b)],
  ['UPay.provider', 'platformPrivateKey', (b) => upay.provider(b)],
  ['KazePay.provider', 'providerPrivateKey', (b) => kaze.provider(b)],
  ['HyperCard.decryptCardDetail(encoded)', 'encoded', (b) => HyperCard.decryptCardDetail(b, keys.sandbox_merchant_1024)],
  ['HyperCard.decryptCardDetailText(cardPrivateKey)', 'cardPrivateKey', (b) => HyperCard.decryptCardDetailText('x', b)],
  ['HyperCardProvider.encryptCardDetail', 'merchantCardPublicKey', (b) => hyperP.encryptCardDetail({ a: 1 }, b)],
  ['UPay.hmacSign(secret)', 'secret', (b) => UPay.hmacSign(b, 'data')],
  ['UPay.hmacSign(data)', 'data', (b) => UPay.hmacSign('s', b)],
  ['UPay.keyId', 'publicKey', (b) => UPay.keyId(b)],
  ['KazePay.detect(message)', 'message', (b) => KazePay.detect(b, keys.kazepay_merchant, pub(keys.kazepay_provider))],
  ['KazePay.detect(senderPublicKey)', 'senderPublicKey', (b) => KazePay.detect('{}', keys.kazepay_merchant, b)],
  ['KazePay.multipartBody(boundary)', 'boundary', (b) => KazePay.multipartBody(b, { name: 'f', data: Buffer.from('x') }, {})],
  ['publicKeyPem', 'key', (b) => cs.publicKeyPem(b)],
  // ASINX
  ...both(asinx, 'sealRequest', 'path', (b) => [b, {}]),
  ...open(asinx, 'openResponse', 'body', (b) => [b]),
  ...open(asinx, 'openNotification', 'body', (b) => [b, {}]),
  ...open(asinxP, 'openRequest', 'body', (b) => [b, {}]),
  ['AsinxProvider.sealErrorResponseSync(code)', 'code', (b) => asinxP.sealErrorResponseSync(b === undefined ? 'x' : b === SECRET_VALUE ? '1' : b, 'm')],
  ['AsinxProvider.sealErrorResponseSync(message)', 'message', (b) => asinxP.sealErrorResponseSync(1, b)],
  // Paytend
  ...open(paytend, 'openResponse', 'body', (b) => [b]),
  ...open(paytend, 'openNotification', 'body', (b) => [b, {}]),
  ...open(paytendP, 'openRequest', 'body', (b) => [b, {}]),
  ['PaytendProvider.sealErrorResponseSync(code)', 'code', (b) => paytendP.sealErrorResponseSync(b, 'm')],
  ['PaytendProvider.sealErrorResponseSync(message)', 'message', (b) => paytendP.sealErrorResponseSync('01', b)],
  // HyperCard
  ...open(hyper, 'openResponse', 'body', (b) => [b]),
  ...open(hyper, 'openNotification', 'body', (b) => [b, {}]),
  ...open(hyperP, 'openRequest', 'body', (b) => [b, {}]),
  ['HyperCardProvider.sealErrorResponseSync(code)', 'code', (b) => hyperP.sealErrorResponseSync(b, 'm')],
  // UPay
  ...both(upay, 'sealRequest', 'method', (b) => [b, '/p', {}]),
  ...both(upay, 'sealRequest', 'path', (b) => ['POST', b, {}]),
  ...open(upay, 'openResponse', 'body', (b) => [b]),
  ...open(upay, 'openNotification', 'body', (b) => [b, {}]),
  ...open(upayP, 'openRequest', 'method', (b) => [b, '/p', '{}', {}]),
  ...open(upayP, 'openRequest', 'path', (b) => ['POST', b, '{}', {}]),
  ...open(upayP, 'openRequest', 'body', (b) => ['POST', '/p', b, {}]),
  // KazePay
  ...both(kaze, 'sealRequest', 'apiCode', (b) => [b, {}]),
  ...both(kaze, 'sealFileUpload', 'file', (b) => [{}, b === undefined ? 'x' : b === SECRET_VALUE ? 7 : 'f']),
  ...open(kaze, 'openResponse', 'body', (b) => [b]),
  ...open(kaze, 'openNotification', 'body', (b) => [b, {}]),
  ...open(kazeP, 'openRequest', 'body', (b) => [b, {}]),
  ...both(kazeP, 'sealResponse', 'apiCode', (b) => [b, 'R1', {}]),
  ...both(kazeP, 'sealResponse', 'requestNo', (b) => ['A1', b, {}]),
  ...both(kazeP, 'sealNotification', 'apiCode', (b) => [b, {}]),
  ['KazePayProvider.sealErrorResponseSync(detail)', 'detail', (b) => kazeP.sealErrorResponseSync('A1', 'R1', 'E1', b)],
]

for (const [label, field, f, isAsync] of CASES) {
  test(`wrong JS type → InvalidInput naming \`${field}\`: ${label}`, async () => {
    for (const bad of BAD) {
      if (isAsync) {
        let p
        assert.doesNotThrow(() => {
          p = f(bad)
        }, 'an async method rejects, it does not throw')
        await assert.rejects(p, isInvalid(field))
      } else {
        assert.throws(() => f(bad), isInvalid(field))
      }
    }
  })
}

test('wrong option and header types are refused the same way', () => {
  assert.throws(() => new UPay('ak', 's', keys.upay_merchant, pub(keys.upay_platform), 5), isInvalid('options'))
  assert.throws(() => upay.sealRequestSync('POST', '/p', {}, 'encrypt'), isInvalid('options'))
  assert.throws(() => upay.openNotificationSync('x', 5), isInvalid('headers'))
  assert.throws(() => hyper.openNotificationSync('{}', 'x-sign: 1'), isInvalid('headers'))
})

test('napi conversion errors that no check catches still become InvalidInput without the value', () => {
  // a wrong type inside an options object reaches napi's own conversion
  assert.throws(
    () => new UPay('ak', 's', keys.upay_merchant, pub(keys.upay_platform), { replayWindowMs: 'soon' }),
    (e) => {
      assert.ok(e instanceof InvalidInput, e.stack)
      assert.equal(e.code, 'ERR_CARDSEAL_INVALID_INPUT')
      assert.equal(e.field, 'argument')
      assert.ok(!e.message.includes('soon'), e.message)
      return true
    },
  )
})

test('UPay: a negative window is refused on both sides (field replay_window_ms); zero is a window', () => {
  for (const w of [-1, -60_000]) {
    const check = (e) => {
      assert.ok(e instanceof InvalidInput, e.stack)
      assert.equal(e.code, 'ERR_CARDSEAL_INVALID_INPUT')
      assert.equal(e.field, 'replay_window_ms')
      assert.equal(e.message, 'invalid input in `replay_window_ms`: negative')
      return true
    }
    assert.throws(() => new UPay('ak', 's', keys.upay_merchant, pub(keys.upay_platform), { replayWindowMs: w }), check)
    assert.throws(() => new UPayProvider('ak', 's', keys.upay_platform, pub(keys.upay_merchant), { replayWindowMs: w }), check)
  }
  const NOW = 1_774_573_955_994
  const m = new UPay('ak', 's', keys.upay_merchant, pub(keys.upay_platform), { nowMs: NOW })
  const s = m.sealRequestSync('POST', '/p', { a: 1 })
  const at = (now) => new UPayProvider('ak', 's', keys.upay_platform, pub(keys.upay_merchant), { nowMs: now, replayWindowMs: 0 })
  assert.deepEqual(at(NOW).openRequestSync('POST', '/p', s.body, s.headers), { a: 1 })
  assert.throws(() => at(NOW + 1).openRequestSync('POST', '/p', s.body, s.headers), cs.Expired)
})

test('UPay: unencrypted plaintext of exactly {"payload": string} is refused; encrypted it opens', () => {
  for (const shaped of [{ payload: 'x' }, '{"payload":"x"}']) {
    assert.throws(() => upay.sealRequestSync('POST', '/p', shaped), (e) => {
      assert.ok(e instanceof InvalidInput, e.stack)
      assert.equal(e.field, 'params.payload')
      return true
    })
    assert.throws(() => upayP.sealResponseSync(shaped), (e) => e instanceof InvalidInput && e.field === 'data.payload')
    const s = upay.sealRequestSync('POST', '/p', shaped, { encrypt: true })
    assert.deepEqual(upayP.openRequestSync('POST', '/p', s.body, s.headers), { payload: 'x' })
  }
  const other = { payload: 'x', a: 1 }
  const s = upay.sealRequestSync('POST', '/p', other)
  assert.deepEqual(upayP.openRequestSync('POST', '/p', s.body, s.headers), other)
})
