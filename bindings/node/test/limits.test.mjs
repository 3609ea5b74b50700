// Memory bounds before authentication (issue 15): every provider's open paths refuse a
// body over its 32 MiB cap first, and JSON is parsed within 500,000 values, with a
// cardseal InvalidInput naming the limit.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keys, cs } from './helpers.mjs'

const { Asinx, Paytend, HyperCard, UPay, KazePay, InvalidInput } = cs
const pub = (k) => cs.publicKeyPem(k)

const CAP = 32 * 1024 * 1024
const SIG = Buffer.alloc(128).toString('base64')

function opens() {
  const hc = new HyperCard('hc', keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))
  const hcp = hc.provider(keys.sandbox_provider_1024)
  const hcH = { timestamp: '1700000000', signature: SIG, 'api-key': 'hc' }
  const pt = new Paytend('888666000100201', keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))
  const ptp = pt.provider(keys.sandbox_provider_1024)
  const ax = new Asinx('app_447770', 'b635dd5c87f7bf73387929203321b1e1')
  const axp = ax.provider()
  const kz = new KazePay('H2400002001', keys.kazepay_merchant, pub(keys.kazepay_provider))
  const kzp = kz.provider(keys.kazepay_provider)
  const up = new UPay('ak', 'secret', keys.upay_merchant, pub(keys.upay_platform))
  const upp = up.provider(keys.upay_platform)
  const upH = { 'X-UPA-REQUESTID': 'r', 'X-UPA-TIMESTAMP': '1', 'X-UPA-SIGN': SIG, 'X-UPA-APIKEY': 'ak' }
  return [
    ['hypercard.openResponse', (b) => hc.openResponseSync(b)],
    ['hypercard.openNotification', (b) => hc.openNotificationSync(b, hcH)],
    ['hypercard mirror.openRequest', (b) => hcp.openRequestSync(b, hcH)],
    ['paytend.openResponse', (b) => pt.openResponseSync(b)],
    ['paytend.openNotification', (b) => pt.openNotificationSync(b)],
    ['paytend mirror.openRequest', (b) => ptp.openRequestSync(b)],
    ['asinx.openResponse', (b) => ax.openResponseSync(b)],
    ['asinx.openNotification', (b) => ax.openNotificationSync(b)],
    ['asinx mirror.openRequest', (b) => axp.openRequestSync(b, { appId: 'app_447770', sign: '0' }, { path: '/p' })],
    ['kazepay.openResponse', (b) => kz.openResponseSync(b)],
    ['kazepay.openNotification', (b) => kz.openNotificationSync(b)],
    ['kazepay mirror.openRequest', (b) => kzp.openRequestSync(b)],
    ['upay.openResponse', (b) => up.openResponseSync(b)],
    ['upay.openNotification', (b) => up.openNotificationSync(b, upH)],
    ['upay mirror.openRequest', (b) => upp.openRequestSync('POST', '/p', b, upH)],
  ]
}

test('every open path refuses a body over 32 MiB first', () => {
  const over = 'x'.repeat(CAP + 1)
  for (const [name, open] of opens()) {
    assert.throws(() => open(over), (e) => {
      assert.ok(e instanceof InvalidInput, name)
      assert.equal(e.code, 'ERR_CARDSEAL_INVALID_INPUT', name)
      assert.equal(e.field, 'body', name)
      assert.equal(
        e.message,
        `invalid input in \`body\`: ${CAP + 1} bytes, more than the maximum of ${CAP} bytes (max_body_bytes)`,
        name,
      )
      return true
    })
  }
})

test('a JSON body over the value limit is refused naming it', () => {
  const zeros = '{"a":[' + '0,'.repeat(600_000) + '0]}'
  for (const [name, open] of opens()) {
    if (name === 'upay.openNotification') continue // a webhook body is a JWE, not JSON
    assert.throws(() => open(zeros), (e) => {
      assert.ok(e instanceof InvalidInput, name)
      assert.match(e.message, /parse limit: more than 500000 JSON values \(max_values\)/, name)
      return true
    })
  }
})
