// Paytend through the Node API: absent payloads, unencrypted payloads (`encrypt: false`),
// URL-encoded randomKeys and error responses (docs/providers/paytend.md).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keys, cs } from './helpers.mjs'

const { Paytend, ProviderError, InvalidInput, SignatureMismatch } = cs
const PARTNER = '888666000100201'
const RID = PARTNER + '20231106120000000'
const pair = () => {
  const m = new Paytend(PARTNER, keys.sandbox_merchant_1024, cs.publicKeyPem(keys.sandbox_provider_1024), {
    seed: 'node',
    nowMs: 1699243200000,
  })
  return [m, m.provider(keys.sandbox_provider_1024)]
}

test('no biz: no bizData, no randomKey, the remaining fields signed; opens to null', async () => {
  const [m, p] = pair()
  const want = `partnerId=${PARTNER}&requestId=${RID}&signType=RSA&version=2.0`
  const bodies = new Set()
  for (const biz of [undefined, null, '', ' ', 'null']) {
    for (const encrypt of [undefined, true, false]) {
      const s = m.sealRequestSync(biz, { encrypt })
      assert.equal(s.trace.string_to_sign, want)
      assert.deepEqual(Object.keys(JSON.parse(s.body)), ['requestId', 'partnerId', 'signType', 'signature', 'version'])
      assert.equal(p.openRequestSync(s.body), null)
      assert.equal(p.openRequestTextSync(s.body), 'null')
      bodies.add(s.body)
    }
  }
  assert.equal(bodies.size, 1)
  assert.equal(bodies.has((await m.sealRequest()).body), true)
  const r = p.sealResponseSync()
  assert.deepEqual(Object.keys(JSON.parse(r.body)), ['respCode', 'respMsg', 'signType', 'signature'])
  assert.equal(m.openResponseSync(r.body), null)
  const n = await p.sealNotification(null, { notifyType: '3' })
  assert.deepEqual(Object.keys(JSON.parse(n.body)), ['notifyType', 'partnerId', 'signature', 'signType', 'version'])
  assert.equal(await m.openNotification(n.body), null)
  assert.throws(() => m.sealRequestSync([1]), InvalidInput)
})

test('encrypt: false sends the JSON object itself, compact, and signs that text', async () => {
  const [m, p] = pair()
  const text = '{ "cardId": "1755902", "amount": 5000.00, "name": "张三", "u": "a\\/b" }'
  const compact = '{"cardId":"1755902","amount":5000.00,"name":"张三","u":"a\\/b"}'
  const s = m.sealRequestSync(text, { requestId: RID, encrypt: false })
  assert.ok(s.body.startsWith(`{"bizData":${compact},"requestId":"${RID}","partnerId":"${PARTNER}","signType":"RSA"`), s.body)
  assert.equal(s.body.includes('randomKey'), false)
  assert.equal(s.trace.string_to_sign, `bizData=${compact}&partnerId=${PARTNER}&requestId=${RID}&signType=RSA&version=2.0`)
  assert.equal(p.openRequestTextSync(s.body), compact)
  const s2 = await m.sealRequest({ x: 1 }, { encrypt: false })
  assert.ok(s2.body.startsWith('{"bizData":{"x":1},'))
  assert.deepEqual(await p.openRequest(s2.body), { x: 1 })

  const r = await p.sealResponse(text, { encrypt: false })
  assert.ok(r.body.startsWith(`{"respCode":"00","respMsg":"success","respData":${compact},"signType":"RSA"`), r.body)
  assert.equal(m.openResponseTextSync(r.body), compact)
  // Pretty-printed in transit: the same signed text.
  const pretty = r.body.replaceAll(',"', ',\n  "').replaceAll('":', '": ')
  assert.notEqual(pretty, r.body)
  assert.equal(m.openResponseTextSync(pretty), compact)
  assert.throws(() => m.openResponseSync(r.body.replace('5000.00', '5000.0')), SignatureMismatch)

  const n = p.sealNotificationSync({ e: 'x' }, { notifyType: '2', encrypt: false })
  assert.ok(n.body.startsWith('{"content":{"e":"x"},"notifyType":"2",'), n.body)
  assert.deepEqual(m.openNotificationSync(n.body), { e: 'x' })
  // Encrypted stays the default.
  assert.ok(m.sealRequestSync({ x: 1 }).body.includes('"randomKey":"'))
  assert.ok(p.sealResponseSync({ x: 1 }, {}).body.includes('"randomKey":"'))
})

test('a URL-encoded randomKey opens; a bad percent-escape is invalid input', () => {
  const [m, p] = pair()
  const doc = JSON.parse(p.sealResponseSync({ x: 1 }).body)
  doc.randomKey = encodeURIComponent(doc.randomKey)
  assert.ok(doc.randomKey.includes('%'))
  assert.deepEqual(m.openResponseSync(JSON.stringify(doc)), { x: 1 })
  doc.randomKey += '%G1'
  assert.throws(() => m.openResponseSync(JSON.stringify(doc)), (e) => e instanceof InvalidInput && e.field === 'randomKey')
})

test('an unsigned error response is a ProviderError with code and message', () => {
  const [m] = pair()
  assert.throws(
    () => m.openResponseSync('{"respCode":"01","respMsg":"Field type is wrong"}'),
    (e) => e instanceof ProviderError && e.providerCode === '01' && e.providerMessage === 'Field type is wrong',
  )
})
