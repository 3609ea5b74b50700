// Failure explanations (explainResponse / explainNotification on merchants, explainRequest
// on mirrors): the core's redacted report, parsed; the same cases as the Python binding's
// tests/test_explain.py, with exact values.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { keys, cs } from './helpers.mjs'

const pub = (pem) => cs.publicKeyPem(pem)
const NOW_MS = 1_774_573_955_994
const UPAY_SECRET = 'g3)&~8P9S+ZhqO@G8b9Ate%xa5Jh-.E%'

test('HyperCard request signed over another string: string to sign and first differing byte', () => {
  const m = new cs.HyperCard('api-key-1', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048), { nowMs: NOW_MS })
  const p = m.provider(keys.sandbox_provider_2048)
  const sent = m.sealRequestSync('{"amount":"10.00","cardId":"c-1"}', { nonce: 'n0nce' })
  const theirs = sent.trace.string_to_sign
  const body = sent.body.replace('10.00', '90.00')
  const r = p.explainRequest(body, sent.headers, { theirString: theirs })
  const ours = theirs.replace('10.00', '90.00')
  assert.equal(r.provider, 'hypercard')
  assert.equal(r.side, 'provider')
  assert.equal(r.message, 'request')
  assert.equal(r.ok, false)
  assert.equal(r.error.kind, 'signature_mismatch')
  assert.ok(r.failed_check.startsWith('signature: SHA256withRSA does not verify'), r.failed_check)
  assert.equal(r.steps.string_to_sign, ours)
  assert.equal(r.steps.string_to_sign_sha256, createHash('sha256').update(ours).digest('hex'))
  assert.equal(r.steps.signature_verifies_over_this_string, 'false')
  assert.equal(r.their_string.identical, false)
  assert.equal(r.their_string.byte_offset, Buffer.from(ours.slice(0, ours.indexOf('90.00'))).length)
  assert.equal(r.their_string.ours_len, Buffer.byteLength(ours))
  assert.equal(r.their_string.theirs_len, Buffer.byteLength(theirs))

  // the same report from the bytes of the body
  assert.deepEqual(p.explainRequest(Buffer.from(body), sent.headers, { theirString: theirs }), r)

  const ok = p.explainRequest(sent.body, sent.headers, { theirString: theirs })
  assert.equal(ok.ok, true)
  assert.equal(ok.result, 'every check passed')
  assert.equal(ok.error, undefined)
  assert.deepEqual(ok.their_string, { identical: true })
})

test('a UPay report never holds the HMAC cardseal expects, nor the secret', () => {
  const m = new cs.UPay('api-key-1', UPAY_SECRET, keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048), { nowMs: NOW_MS })
  const p = m.provider(keys.sandbox_provider_2048)
  const sent = m.sealRequestSync('POST', '/api/v1/card/apply', { amount: 10 })
  const body = sent.body.replace('10', '11')
  const r = p.explainRequest(body, sent.headers, { path: '/api/v1/card/apply' })
  assert.equal(r.ok, false)
  assert.equal(r.error.kind, 'signature_mismatch')
  assert.equal(r.failed_check, 'X-UPA-SIGN does not match')
  const ours = r.steps.string_to_sign
  assert.ok(ours.startsWith('POST|/api/v1/card/apply|'), ours)
  assert.ok(ours.endsWith('|amount=11'), ours)
  // recomputed independently: what a MAC check would compare against
  const expected = createHmac('sha256', UPAY_SECRET).update(ours).digest('base64')
  assert.notEqual(expected, sent.headers['X-UPA-SIGN'], 'the tampered body has another MAC')
  const text = JSON.stringify(r)
  assert.ok(!text.includes(expected), 'the expected MAC is in the report')
  assert.ok(!text.includes(createHmac('sha256', UPAY_SECRET).update(ours).digest('hex')), 'the expected MAC (hex)')
  assert.ok(!text.includes(UPAY_SECRET), 'the secret is in the report')
  // the path is the request's: without it the string to sign cannot be built
  const noPath = p.explainRequest(body, sent.headers)
  assert.equal(noPath.error.kind, 'invalid_input')
})

test('an encrypted message gets the uniform error and nothing else', () => {
  const m = new cs.Paytend('888666000100201', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048), { nowMs: NOW_MS })
  const p = m.provider(keys.sandbox_provider_2048)
  const sealed = JSON.parse(p.sealResponseSync({ cardNo: '4111111111111111' }).body)
  const data = sealed.respData
  sealed.respData = data.slice(0, 4) + (data[4] === 'A' ? 'B' : 'A') + data.slice(5)
  const tampered = JSON.stringify(sealed)
  const r = m.explainResponse(tampered, undefined, { theirString: 'anything' })
  assert.deepEqual(Object.keys(r).sort(), ['error', 'message', 'ok', 'provider', 'side'])
  assert.deepEqual([r.provider, r.side, r.message, r.ok], ['paytend', 'merchant', 'response', false])
  let thrown = null
  try {
    m.openResponseSync(tampered)
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown instanceof cs.CardsealError, 'a tampered response opened')
  assert.deepEqual(r.error, { kind: thrown.kind, message: thrown.message })
})

test('HyperCard webhook explained at an instant', () => {
  const m = new cs.HyperCard('api-key-1', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048), { nowMs: NOW_MS })
  const p = m.provider(keys.sandbox_provider_2048)
  const s = p.sealNotificationSync({ event: 'card.frozen' })
  const late = m.explainNotification(s.body, s.headers, { nowMs: NOW_MS + 10 * 86_400_000 })
  assert.equal(late.message, 'notification')
  assert.equal(late.error.kind, 'expired')
  assert.equal(late.steps.signature_verifies_over_this_string, 'true')
  assert.equal(m.explainNotification(s.body, s.headers).ok, true)
})

test('every merchant explains responses and notifications, every mirror requests', () => {
  const merchants = [
    new cs.Asinx('app', '0123456789abcdef0123456789abcdef'),
    new cs.Paytend('888666000100201', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048)),
    new cs.HyperCard('k', keys.sandbox_merchant_2048, pub(keys.sandbox_provider_2048)),
    new cs.UPay('k', 's', keys.upay_merchant, pub(keys.upay_platform)),
    new cs.KazePay('SYS', keys.kazepay_merchant, pub(keys.kazepay_provider)),
  ]
  const names = ['asinx', 'paytend', 'hypercard', 'upay', 'kazepay']
  merchants.forEach((m, i) => {
    const r = m.explainResponse('not json')
    assert.deepEqual([r.provider, r.side, r.message, r.ok], [names[i], 'merchant', 'response', false])
    assert.equal(m.explainNotification('not json', {}).message, 'notification')
  })
  const mirrors = [
    merchants[0].provider(),
    merchants[1].provider(keys.sandbox_provider_2048),
    merchants[2].provider(keys.sandbox_provider_2048),
    merchants[3].provider(keys.upay_platform),
    merchants[4].provider(keys.kazepay_provider),
  ]
  mirrors.forEach((p, i) => {
    const r = p.explainRequest('not json', {}, { method: 'POST', path: '/x' })
    assert.deepEqual([r.provider, r.side, r.message, r.ok], [names[i], 'provider', 'request', false])
  })
  // a wrong argument type is an error, not a report
  assert.throws(() => merchants[0].explainResponse(42), (e) => e instanceof cs.InvalidInput && e.field === 'body')
})
