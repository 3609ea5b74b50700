// Mirror round trips for every provider through the public API: merchant seals, the
// mirror opens; the mirror seals, the merchant opens. Sync and Promise variants, objects,
// JSON strings (byte for byte) and Buffers, PEM and DER keys, seeded reproducibility.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { createPrivateKey } from 'node:crypto'
import { keys, cs } from './helpers.mjs'

const { Asinx, AsinxProvider, Paytend, HyperCard, UPay, KazePay, ProviderError, hazmat } = cs

const der = (pem) => createPrivateKey(pem).export({ format: 'der', type: 'pkcs8' })
const pubOf = (pem) => cs.publicKeyPem(pem)

describe('Asinx', () => {
  const secret = '0123456789abcdef0123456789abcdef'
  const m = new Asinx('app-1', secret)
  const mirror = m.provider()

  test('request: merchant seals, mirror verifies (sorted compact body)', async () => {
    const s = m.sealRequestSync('/card/list', { b: 2, a: 1 }, { uid: 'user-7' })
    assert.equal(s.body, '{"a":1,"b":2}')
    assert.equal(s.headers.appId, 'app-1')
    assert.equal(s.headers.uId, 'user-7')
    assert.match(s.headers.sign, /^[0-9a-f]{32}$/)
    assert.equal(typeof s.trace.origin, 'string')
    assert.deepEqual(mirror.openRequestSync(s.body, s.headers, { path: '/card/list' }), { a: 1, b: 2 })
    const s2 = await m.sealRequest('/card/list', '{"b":2,"a":1}')
    assert.equal(s2.body, s.body)
    assert.equal(s2.headers.sign, s.headers.sign)
    assert.equal(await mirror.openRequestText(Buffer.from(s2.body), s2.headers, { path: '/card/list' }), s.body)
    // the path comes from the `:path` pseudo-header when not given
    assert.deepEqual(mirror.openRequestSync(s.body, { ...s.headers, ':path': '/card/list' }), { a: 1, b: 2 })
    assert.throws(() => mirror.openRequestSync(s.body, s.headers, { path: '/card/other' }), {
      code: 'ERR_CARDSEAL_SIGNATURE_MISMATCH',
    })
  })

  test('response and webhook: mirror seals, merchant opens (text byte for byte)', async () => {
    const payload = '{"cardId": "c-1",  "balance":"10.50"}'
    const r = mirror.sealResponseSync(payload)
    assert.equal(m.openResponseTextSync(r.body), payload)
    assert.deepEqual(m.openResponseSync(r.body), { cardId: 'c-1', balance: '10.50' })
    const r2 = await mirror.sealResponse({ ok: true })
    assert.deepEqual(await m.openResponse(r2.body), { ok: true })
    const n = await mirror.sealNotification(payload)
    assert.equal(await m.openNotificationText(n.body, n.headers), payload)
    assert.deepEqual(m.openNotificationSync(n.body), JSON.parse(payload))
  })

  test('a failure response is a ProviderError with the provider code and message', async () => {
    const e = mirror.sealErrorResponseSync(1001, 'insufficient balance')
    assert.throws(
      () => m.openResponseSync(e.body),
      (err) =>
        err instanceof ProviderError &&
        err.code === 'ERR_CARDSEAL_PROVIDER_ERROR' &&
        err.providerCode === '1001' &&
        err.providerMessage === 'insufficient balance',
    )
    await assert.rejects(m.openResponse(e.body), { code: 'ERR_CARDSEAL_PROVIDER_ERROR', providerCode: '1001' })
  })

  test('a standalone mirror with the same credentials', () => {
    const alone = new AsinxProvider('app-1', secret)
    const s = m.sealRequestSync('/x', {})
    assert.equal(alone.openRequestTextSync(s.body, s.headers, { path: '/x' }), '{}')
  })
})

describe('Paytend', () => {
  const merchantKey = keys.sandbox_merchant_1024
  const providerKey = keys.sandbox_provider_1024
  const m = new Paytend('P00000000000001', merchantKey, pubOf(providerKey))
  const mirror = m.provider(providerKey)

  test('request: bizData byte for byte through the envelope, sync and async', async () => {
    const biz = '{"cardNo":"5555",  "amount": 10.00}'
    const s = m.sealRequestSync(biz)
    assert.equal(mirror.openRequestTextSync(s.body), biz)
    const s2 = await m.sealRequest({ cardNo: '5555' }, { requestId: 'P00000000000001-id' })
    assert.equal(JSON.parse(s2.body).requestId, 'P00000000000001-id')
    assert.deepEqual(await mirror.openRequest(s2.body), { cardNo: '5555' })
    assert.match(m.requestId(), /^P00000000000001\d{17}$/)
  })

  test('response, webhook and failure response', async () => {
    const r = mirror.sealResponseSync({ status: 'ACTIVE' })
    assert.deepEqual(m.openResponseSync(r.body), { status: 'ACTIVE' })
    const n = await mirror.sealNotification({ event: 'auth' }, { notifyType: 'transaction' })
    assert.deepEqual(await m.openNotification(n.body, n.headers), { event: 'auth' })
    const e = mirror.sealErrorResponseSync('05', 'declined')
    assert.throws(() => m.openResponseTextSync(e.body), { providerCode: '05', providerMessage: 'declined' })
  })

  test('seeded objects are reproducible; PEM and DER Buffer keys give the same bytes', async () => {
    const opts = { seed: 'node-test', nowMs: 1_700_000_000_000 }
    const a = new Paytend('P00000000000001', merchantKey, pubOf(providerKey), opts).sealRequestSync({ x: 1 })
    const b = await new Paytend('P00000000000001', der(merchantKey), Buffer.from(pubOf(providerKey)), opts).sealRequest({ x: 1 })
    assert.equal(a.body, b.body)
    assert.deepEqual(a.trace, b.trace)
    const viaBuffer = new Paytend('P00000000000001', merchantKey, pubOf(providerKey), {
      ...opts,
      seed: new Uint8Array(Buffer.from('node-test')),
    }).sealRequestSync({ x: 1 })
    assert.equal(viaBuffer.body, a.body)
    const c = new Paytend('P00000000000001', merchantKey, pubOf(providerKey), { ...opts, seed: 'other' }).sealRequestSync({ x: 1 })
    assert.notEqual(a.body, c.body)
    assert.equal(JSON.parse(a.body).requestId, 'P0000000000000120231115061320000')
  })
})

describe('HyperCard', () => {
  const merchantKey = keys.sandbox_merchant_2048
  const providerKey = keys.sandbox_provider_2048
  const m = new HyperCard('api-key-1', merchantKey, pubOf(providerKey))
  const mirror = m.provider(providerKey)

  test('request: signed headers verify at the mirror', async () => {
    const s = m.sealRequestSync({ userId: 'u1', kyc: { level: 2 } }, { lang: 'en' })
    for (const h of ['api-key', 'timestamp', 'nonce', 'signature']) assert.ok(s.headers[h], h)
    assert.deepEqual(mirror.openRequestSync(s.body, s.headers), { userId: 'u1', kyc: { level: 2 } })
    const s2 = await m.sealRequest('{"userId":"u2"}')
    assert.equal(await mirror.openRequestText(s2.body, new Map(Object.entries(s2.headers))), '{"userId":"u2"}')
  })

  test('response, push event, failure response, card detail', async () => {
    const r = mirror.sealResponseSync({ cardId: 'c9' })
    assert.deepEqual(m.openResponseSync(r.body), { cardId: 'c9' })
    const n = await mirror.sealNotification({ event: 'kyc.passed' })
    assert.deepEqual(await m.openNotification(n.body, n.headers), { event: 'kyc.passed' })
    const e = mirror.sealErrorResponseSync('10001', 'bad params')
    assert.throws(() => m.openResponseSync(e.body), { providerCode: '10001', providerMessage: 'bad params' })
    const detail = '{"card_no":"4111111111111111","cvv":"123","expiry":"12/30"}'
    const enc = mirror.encryptCardDetail(detail, pubOf(keys.sandbox_merchant_4096))
    assert.equal(HyperCard.decryptCardDetailText(enc, keys.sandbox_merchant_4096), detail)
    const enc2 = mirror.encryptCardDetail({ card_no: '5555' }, pubOf(keys.sandbox_merchant_4096))
    assert.deepEqual(HyperCard.decryptCardDetail(enc2, keys.sandbox_merchant_4096), { card_no: '5555' })
  })
})

describe('UPay', () => {
  const merchantKey = keys.upay_merchant
  const platformKey = keys.upay_platform
  const m = new UPay('app-9', 'hmac-secret', merchantKey, pubOf(platformKey))
  const mirror = m.provider(platformKey)

  test('requests, plain and encrypted, verify at the mirror', async () => {
    const plain = m.sealRequestSync('POST', '/v1/cards', { b: [1, 2], a: 'x' })
    for (const h of ['X-UPA-REQUESTID', 'X-UPA-TIMESTAMP', 'X-UPA-SIGN']) assert.ok(plain.headers[h], h)
    assert.deepEqual(mirror.openRequestSync('POST', '/v1/cards', plain.body, plain.headers), { b: [1, 2], a: 'x' })
    const enc = await m.sealRequest('POST', '/v1/kyc', { doc: 'passport' }, { encrypt: true })
    assert.ok(JSON.parse(enc.body).payload.split('.').length === 5)
    assert.deepEqual(await mirror.openRequest('POST', '/v1/kyc', enc.body, enc.headers), { doc: 'passport' })
  })

  test('responses and webhooks', async () => {
    const r = mirror.sealResponseSync({ id: 1 }, { encrypt: true })
    assert.deepEqual(m.openResponseSync(r.body), { id: 1 })
    const r2 = await mirror.sealResponse({ id: 2 })
    assert.deepEqual(await m.openResponse(r2.body), { id: 2 })
    const n = mirror.sealNotificationSync({ event: 'card.created', detail: { id: 'c' } })
    assert.deepEqual(m.openNotificationSync(n.body, n.headers), { event: 'card.created', detail: { id: 'c' } })
    const n2 = await mirror.sealNotification({ event: 'x' }, { timestampMs: 1_700_000_000_000, requestId: 'r1' })
    assert.equal(n2.headers['X-UPA-TIMESTAMP'], '1700000000000')
    assert.deepEqual(await m.openNotification(n2.body, n2.headers, { nowMs: 1_700_000_000_500 }), { event: 'x' })
  })
})

describe('KazePay', () => {
  const merchantKey = keys.kazepay_merchant
  const providerKey = keys.kazepay_provider

  for (const profile of [{}, { digest: 'sha256', signedContent: 'ciphertext', keyWrapping: 'raw', aesKeyBits: 256 }]) {
    test(`request, response, notification, failure (${JSON.stringify(profile)})`, async () => {
      const m = new KazePay('SYS01', merchantKey, pubOf(providerKey), profile)
      const mirror = m.provider(providerKey)
      const s = m.sealRequestSync('card.apply', { holder: 'A B' })
      const requestNo = JSON.parse(s.body).head.requestNo
      assert.deepEqual(mirror.openRequestSync(s.body), { holder: 'A B' })
      const r = await mirror.sealResponse('card.apply', requestNo, '{"cardId":"k1"}')
      assert.equal(await m.openResponseText(r.body), '{"cardId":"k1"}')
      const n = mirror.sealNotificationSync('card.notify', { state: 'ok' })
      assert.deepEqual(m.openNotificationSync(n.body), { state: 'ok' })
      const e = mirror.sealErrorResponseSync('card.apply', requestNo, 'FAIL', 'no such card')
      assert.throws(() => m.openResponseSync(e.body), { providerCode: 'FAIL', providerMessage: 'no such card' })
      const d = KazePay.detect(s.body, providerKey, pubOf(merchantKey))
      assert.ok(d.matches.includes(m.profile), `${m.profile} not in ${d.matches}`)
      assert.equal(d.bodyJson, '{"holder":"A B"}')
    })
  }

  test('file upload: the file bytes pass through untouched, sync and async', async () => {
    const m = new KazePay('SYS01', merchantKey, pubOf(providerKey))
    const data = Buffer.from([0, 255, 1, 2, 3, 13, 10, 45, 45])
    const file = { fileName: 'id.png', contentType: 'image/png', data }
    const u = m.sealFileUploadSync({ type: 'passport' }, file)
    assert.ok(u.contentType.startsWith('multipart/form-data; boundary='))
    assert.ok(u.body.includes(data))
    assert.ok(u.body.includes(Buffer.from(u.requestJson)))
    assert.deepEqual(m.provider(providerKey).openRequestSync(u.requestJson), { type: 'passport' })
    const u2 = await m.sealFileUpload('{"type":"passport"}', file, { requestNo: '1700000000000-00001' })
    assert.equal(JSON.parse(u2.requestJson).head.requestNo, '1700000000000-00001')
    const body = KazePay.multipartBody('B0UND', file, '{"r":1}')
    assert.ok(body.includes(data))
  })
})

describe('hazmat round trips and key helpers', () => {
  test('AES, RSA, JWE, keys', () => {
    const key = Buffer.alloc(16, 7)
    assert.equal(hazmat.aesEcbDecrypt(key, hazmat.aesEcbEncrypt(key, 'hello')).toString(), 'hello')
    const iv = new Uint8Array(16)
    assert.equal(hazmat.aesCbcDecrypt(key, iv, hazmat.aesCbcEncrypt(key, iv, 'cbc')).toString(), 'cbc')
    const nonce = Buffer.alloc(12, 1)
    assert.equal(hazmat.aesGcmDecrypt(key, nonce, 'aad', hazmat.aesGcmEncrypt(key, nonce, 'aad', 'gcm')).toString(), 'gcm')
    const pem = cs.generateRsaKey(2048)
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/)
    assert.deepEqual(hazmat.rsaPrivateKeyInfo(pem), { bits: 2048, size: 256 })
    const pub = cs.publicKeyPem(pem)
    assert.match(pub, /^-----BEGIN PUBLIC KEY-----\n/)
    const sig = hazmat.rsaSignPkcs1v15(pem, 'sha256', 'msg')
    assert.equal(hazmat.rsaVerifyPkcs1v15(pub, 'sha256', 'msg', sig), undefined)
    const ct = hazmat.rsaEncryptPkcs1v15(pub, 'secret')
    assert.equal(hazmat.rsaDecryptPkcs1v15(der(pem), ct).toString(), 'secret')
    const oaep = hazmat.rsaEncryptOaepSha256(pub, 'o', { label: 'L' })
    assert.equal(hazmat.rsaDecryptOaepSha256(pem, oaep, { label: 'L' }).toString(), 'o')
    const jwe = hazmat.jweEncrypt(pub, '{"a":1}', { zip: true, kid: 'k' })
    const opened = hazmat.jweDecrypt(pem, jwe.compact)
    assert.equal(opened.plaintext.toString(), '{"a":1}')
    assert.equal(opened.headerJson, jwe.headerJson)
    assert.equal(hazmat.base64urlDecode(hazmat.base64urlEncode('xyz')).toString(), 'xyz')
    assert.equal(cs.rsaBackend(), 'openssl')
  })
})

test('node:crypto refuses the PKCS#1 v1.5 decryption Paytend responses need; cardseal opens them', async () => {
  const { privateDecrypt, constants } = await import('node:crypto')
  const m = new Paytend('P00000000000001', keys.sandbox_merchant_1024, pubOf(keys.sandbox_provider_1024))
  const r = m.provider(keys.sandbox_provider_1024).sealResponseSync({ balance: '1.00' })
  const randomKey = Buffer.from(JSON.parse(r.body).randomKey, 'base64')
  assert.throws(
    () => privateDecrypt({ key: keys.sandbox_merchant_1024, padding: constants.RSA_PKCS1_PADDING }, randomKey),
    { code: 'ERR_INVALID_ARG_VALUE' },
  )
  assert.deepEqual(m.openResponseSync(r.body), { balance: '1.00' })
  assert.equal(hazmat.rsaDecryptPkcs1v15(keys.sandbox_merchant_1024, randomKey).length, 24)
})
