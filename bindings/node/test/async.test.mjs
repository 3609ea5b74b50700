// The Promise variants run on the libuv thread pool: while 4 seals of 6 MB payloads are
// in flight, a 1 ms timer keeps firing on the event loop. (Not a speed assertion: the
// count only has to be non-zero, and the same work done with the Sync variants lets no
// tick through, which shows the check can fail.)
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { keys, cs } from './helpers.mjs'

const { Paytend, UPay } = cs
const pub = (pem) => cs.publicKeyPem(pem)

/** A ~6 MB KYC-style JSON payload (a base64 document inside a JSON object). */
function kycPayload(i) {
  return JSON.stringify({ userId: `u${i}`, docType: 'passport', image: randomBytes(4_500_000).toString('base64') })
}

/** Runs `work()` while a 1 ms interval counts ticks; returns [result, ticks]. */
async function withTicks(work) {
  let ticks = 0
  const timer = setInterval(() => {
    ticks += 1
  }, 1)
  try {
    const result = await work()
    return [result, ticks]
  } finally {
    clearInterval(timer)
  }
}

test('4 concurrent async seals of 6 MB payloads leave the event loop running', async () => {
  const payloads = [0, 1, 2, 3].map(kycPayload)
  for (const p of payloads) assert.ok(p.length > 6_000_000)
  const m = new Paytend('P00000000000001', keys.sandbox_merchant_1024, pub(keys.sandbox_provider_1024))
  const mirror = m.provider(keys.sandbox_provider_1024)

  // control: the Sync variant blocks the loop, so no tick can fire while it runs
  const [, syncTicks] = await withTicks(async () => payloads.map((p) => m.sealRequestSync(p)))
  assert.equal(syncTicks, 0)

  const [sealed, ticks] = await withTicks(() => Promise.all(payloads.map((p) => m.sealRequest(p))))
  console.log(`timer ticks during 4 concurrent 6 MB async seals: ${ticks}`)
  assert.ok(ticks > 0, 'the event loop was blocked during the async seals')
  // and the results are right
  const opened = await Promise.all(sealed.map((s) => mirror.openRequestText(s.body)))
  assert.deepEqual(opened, payloads)
})

test('async opens of 6 MB messages also run off the event loop', async () => {
  const m = new UPay('app', 'secret', keys.upay_merchant, pub(keys.upay_platform))
  const mirror = m.provider(keys.upay_platform)
  const payloads = [0, 1, 2, 3].map(kycPayload)
  const responses = payloads.map((p) => mirror.sealResponseSync(p, { encrypt: true }).body)
  const [texts, ticks] = await withTicks(() => Promise.all(responses.map((r) => m.openResponseText(r))))
  console.log(`timer ticks during 4 concurrent 6 MB async opens: ${ticks}`)
  assert.ok(ticks > 0, 'the event loop was blocked during the async opens')
  assert.deepEqual(
    texts.map((t) => JSON.parse(t).userId),
    ['u0', 'u1', 'u2', 'u3'],
  )
})
