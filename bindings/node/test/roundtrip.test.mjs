// Mirror round trips for every provider through the public API: merchant seals, the
// mirror opens; the mirror seals, the merchant opens. Sync and Promise variants, objects,
// JSON strings (byte for byte) and Buffers, PEM and DER keys, seeded reproducibility.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { createPrivateKey } from 'node:crypto'
import { keys, cs } from './helpers.mjs'

const { Asinx, AsinxProvider, Paytend, HyperCard, UPay, UPayProvider, KazePay, ProviderError, hazmat } = cs

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

  test('a failure response carrying error details: the ProviderError carries them opened', async () => {
    const plain = mirror.sealErrorResponseSync(1001, 'insufficient balance')
    assert.throws(() => m.openResponseSync(plain.body), { providerResult: null, providerData: null })
    const details = '{"cardId":"c-1","needed":10.50,"ok":false}'
    const e = mirror.sealErrorResponseSync(1001, 'insufficient balance', details)
    assert.ok(e.body.startsWith('{"success":false,"code":1001,"message":"insufficient balance","result":"'))
    const check = (err) => {
      assert.ok(err instanceof ProviderError)
      assert.equal(err.providerCode, '1001')
      assert.equal(err.providerMessage, 'insufficient balance')
      assert.equal(err.providerResult, details)
      assert.deepStrictEqual(err.providerData, { cardId: 'c-1', needed: 10.5, ok: false })
      return true
    }
    assert.throws(() => m.openResponseSync(e.body), check)
    assert.throws(() => m.openResponseTextSync(e.body), check)
    await assert.rejects(m.openResponse(Buffer.from(e.body)), check)
    // An object payload is serialized as every payload is.
    const o = mirror.sealErrorResponseSync(7, 'x', { a: [1, null] })
    assert.throws(() => m.openResponseSync(o.body), { providerResult: '{"a":[1,null]}', providerData: { a: [1, null] } })
    // Under another secret the result does not open: same error, no result.
    const other = new Asinx('app-1', 'fedcba9876543210fedcba9876543210')
    assert.throws(() => other.openResponseSync(e.body), (err) => {
      assert.ok(err instanceof ProviderError)
      assert.equal(err.providerCode, '1001')
      assert.equal(err.providerMessage, 'insufficient balance')
      assert.equal(err.providerResult, null)
      assert.equal(err.providerData, null)
      return true
    })
    assert.throws(() => mirror.sealErrorResponseSync(1, 'x', '{'), { code: 'ERR_CARDSEAL_INVALID_INPUT' })
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

describe('HyperCard: the demo rule, body over headers, push window, repr version', () => {
  const merchantKey = keys.sandbox_merchant_2048
  const providerKey = keys.sandbox_provider_2048
  const fixed = { seed: 'hc', nowMs: 1_700_000_000_000 }
  test('a body field replaces the header of the same name; the trace names it', () => {
    const m = new HyperCard('hc', merchantKey, pubOf(providerKey), fixed)
    const s = m.sealRequestSync({ lang: 'zh', note: "key: value, 'x'" }, { lang: 'en', nonce: 'a1B2c3D4e5' })
    assert.equal(s.headers.lang, 'en')
    assert.equal(s.trace.headers_replaced_by_body, 'lang')
    assert.equal(
      s.trace.string_to_sign,
      'api-key=hc&lang=zh&nonce=a1B2c3D4e5&note=key:value,"x"&timestamp=1700000000&version=1.0',
    )
    const mirror = m.provider(providerKey)
    assert.deepEqual(mirror.openRequestSync(s.body, { ...s.headers, lang: 'fr' }), { lang: 'zh', note: "key: value, 'x'" })
  })
  test('push events are accepted for 24 h + 5 min by default, 300 s when configured', () => {
    const sender = new HyperCard('hc', merchantKey, pubOf(providerKey), fixed).provider(providerKey)
    const n = sender.sealNotificationSync({ event: 'card.transaction' })
    const at = (nowMs, extra = {}) => new HyperCard('hc', merchantKey, pubOf(providerKey), { seed: 'r', nowMs, ...extra })
    assert.deepEqual(at(1_700_000_000_000 + 86_700_000).openNotificationSync(n.body, n.headers), { event: 'card.transaction' })
    assert.throws(() => at(1_700_000_000_000 + 86_701_000).openNotificationSync(n.body, n.headers), { code: 'ERR_CARDSEAL_EXPIRED' })
    assert.throws(
      () => at(1_700_000_000_000 + 301_000, { maxSkewSecs: 300 }).openNotificationSync(n.body, n.headers),
      { code: 'ERR_CARDSEAL_EXPIRED' },
    )
  })
  test('pythonVersion picks whose repr() escapes nested non-ASCII text', () => {
    const body = { kyc: { name: '\u1c89' } }
    const sign = (pythonVersion) =>
      new HyperCard('hc', merchantKey, pubOf(providerKey), { ...fixed, pythonVersion }).sealRequestSync(body, { nonce: 'n' })
        .trace.string_to_sign
    assert.ok(sign('3.13').includes('kyc={"name":"\\u1c89"}'))
    assert.ok(sign('3.14').includes('kyc={"name":"\u1c89"}'))
    assert.equal(sign(undefined), sign('3.14'))
    assert.throws(() => sign('3.10'), { code: 'ERR_CARDSEAL_INVALID_INPUT' })
    assert.equal(hazmat.formNonemptySortedNestedPythonStr(null, body, { pythonVersion: '3.13' }), 'kyc={"name":"\\u1c89"}')
  })
})

describe('UPay', () => {
  const merchantKey = keys.upay_merchant
  const platformKey = keys.upay_platform
  const m = new UPay('app-9', 'hmac-secret', merchantKey, pubOf(platformKey))
  const mirror = m.provider(platformKey)

  test('requests, plain and encrypted, verify at the mirror', async () => {
    const plain = m.sealRequestSync('POST', '/v1/cards', { b: [1, 2], a: 'x' })
    assert.deepEqual(Object.keys(plain.headers), ['X-UPA-REQUESTID', 'X-UPA-TIMESTAMP', 'X-UPA-SIGN', 'X-UPA-APIKEY'])
    assert.equal(plain.headers['X-UPA-APIKEY'], 'app-9')
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

  const SECRET = 'g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%'
  const NOW = 1_774_573_955_994

  test('X-UPA-APIKEY on every request (multipart too); the file upload signs an empty SIGN_PARAM', async () => {
    const u = new UPay('upa-ak-1', SECRET, merchantKey, pubOf(platformKey), { nowMs: NOW })
    for (const [params, options] of [
      [{ a: 1 }, {}],
      [{ a: 1 }, { encrypt: true }],
      ['', {}],
      [{ fileType: '1' }, { multipart: true }],
    ]) {
      const s = u.sealRequestSync('POST', '/api/v1/x', params, options)
      assert.deepEqual(Object.keys(s.headers), ['X-UPA-REQUESTID', 'X-UPA-TIMESTAMP', 'X-UPA-SIGN', 'X-UPA-APIKEY'])
      assert.equal(s.headers['X-UPA-APIKEY'], 'upa-ak-1')
      assert.equal((await u.sealRequest('POST', '/api/v1/x', params, options)).headers['X-UPA-APIKEY'], 'upa-ak-1')
    }
    const s = u.sealRequestSync('POST', '/api/v1/common/file/upload', { fileType: '1' }, {
      multipart: true,
      timestampMs: 1774573955994,
      requestId: '0123456789abcdef0123456789abcdef',
    })
    assert.equal(s.trace.string_to_sign, 'POST|/api/v1/common/file/upload|1774573955994|0123456789abcdef0123456789abcdef|')
    // b64(HMAC-SHA256(secret, that string)), from Python's hmac module.
    assert.deepEqual(s.headers, {
      'X-UPA-REQUESTID': '0123456789abcdef0123456789abcdef',
      'X-UPA-TIMESTAMP': '1774573955994',
      'X-UPA-SIGN': 'V6PEwGbunXYkgLDKdWZ97Py0ZETzEXCEE9O/e6iEBeA=',
      'X-UPA-APIKEY': 'upa-ak-1',
    })
    assert.equal(s.body, '')
    for (const bad of ['', 'ak\r\nX-Evil: 1']) {
      for (const make of [
        () => new UPay(bad, SECRET, merchantKey, pubOf(platformKey)),
        () => new UPayProvider(bad, SECRET, platformKey, pubOf(merchantKey)),
      ]) {
        assert.throws(make, (e) => e instanceof cs.InvalidInput && e.field === 'api_key')
      }
    }
  })

  test('the mirror refuses a wrong or missing X-UPA-APIKEY; its request window is 60 s', async () => {
    const u = new UPay('upa-ak-1', SECRET, merchantKey, pubOf(platformKey), { nowMs: NOW, replayWindowMs: 3_600_000 })
    const p = u.provider(platformKey)
    const s = u.sealRequestSync('POST', '/p', { a: 1 })
    const lower = Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v]))
    assert.deepEqual(p.openRequestSync('POST', '/p', s.body, lower), { a: 1 })
    const wrong = { ...s.headers, 'X-UPA-APIKEY': 'upa-ak-2' }
    const isWrongKey = (e) =>
      e instanceof cs.SignatureMismatch && e.message === 'signature mismatch: X-UPA-APIKEY does not verify'
    assert.throws(() => p.openRequestSync('POST', '/p', s.body, wrong), isWrongKey)
    await assert.rejects(p.openRequest('POST', '/p', s.body, wrong), isWrongKey)
    const { 'X-UPA-APIKEY': _, ...missing } = s.headers
    assert.throws(
      () => p.openRequestSync('POST', '/p', s.body, missing),
      (e) => e instanceof cs.InvalidInput && e.field === 'X-UPA-APIKEY',
    )
    const stranger = new UPayProvider('someone-else', SECRET, platformKey, pubOf(merchantKey), { nowMs: NOW })
    assert.throws(() => stranger.openRequestSync('POST', '/p', s.body, s.headers), isWrongKey)
    // 60 s either side opens, 1 ms more is expired (the merchant's 60 min webhook window
    // does not carry over to its mirror); the window is configurable.
    const at = (nowMs, options = {}) => new UPayProvider('upa-ak-1', SECRET, platformKey, pubOf(merchantKey), { nowMs, ...options })
    for (const now of [NOW + 60_000, NOW - 60_000]) assert.deepEqual(at(now).openRequestSync('POST', '/p', s.body, s.headers), { a: 1 })
    for (const now of [NOW + 60_001, NOW - 60_001]) {
      assert.throws(
        () => at(now).openRequestSync('POST', '/p', s.body, s.headers),
        (e) => e instanceof cs.Expired && e.timestampMs === NOW && e.nowMs === now && e.maxAgeMs === 60_000,
      )
    }
    const late = new UPay('upa-ak-1', SECRET, merchantKey, pubOf(platformKey), { nowMs: NOW + 60_001, replayWindowMs: 3_600_000 })
    assert.throws(() => late.provider(platformKey).openRequestSync('POST', '/p', s.body, s.headers), cs.Expired)
    assert.deepEqual(at(NOW + 240_000, { replayWindowMs: 300_000 }).openRequestSync('POST', '/p', s.body, s.headers), { a: 1 })
  })

  test('responses: code alone decides', async () => {
    for (const body of [
      '{"code":403,"msg":"Forbidden","success":true,"data":{"a":1}}',
      '{"code":"403","msg":"Forbidden","success":true}',
    ]) {
      const check = (e) => e instanceof ProviderError && e.providerCode === '403' && e.providerMessage === 'Forbidden'
      assert.throws(() => m.openResponseSync(body), check)
      await assert.rejects(m.openResponse(body), check)
    }
    assert.deepEqual(m.openResponseSync('{"code":"0","msg":"success","success":true,"data":{"a":1}}'), { a: 1 })
    assert.deepEqual(m.openResponseSync('{"code":0,"msg":"success","success":false,"data":{"a":1}}'), { a: 1 })
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

test('UPay notification ack: SUCCESS as text/plain, sync and Promise', async () => {
  const u = new UPay('upa-ak-1', 'hmac-secret', keys.upay_merchant, pubOf(keys.upay_platform))
  for (const ack of [u.sealNotificationAckSync(), await u.sealNotificationAck()]) {
    assert.equal(ack.body, 'SUCCESS')
    assert.deepEqual(ack.headers, { 'Content-Type': 'text/plain' })
  }
})
