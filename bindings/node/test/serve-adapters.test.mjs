// The HTTP adapters against `cardseal serve` (the local provider stand-in), on loopback, for
// each of the five providers: the merchant client is built from `cardseal sandbox P`,
// requests go out through `sealedFetch` and their answers are opened; a webhook triggered
// with `POST /__cardseal/notify` is delivered to a real Express app and a real Fastify app
// in this process, which open it with `expressWebhook` / `fastifyWebhook`; tampered
// requests and webhooks get the provider's error and the helpers' refusal.
//
// The CLI binary: $CARDSEAL_BIN, else cardseal in the debug or release directory of
// $CARGO_TARGET_DIR or <repo>/target (built by the Rust suite), else
// `cargo build -q -p cardseal-cli`.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import express from 'express'
import Fastify from 'fastify'
import { cs, vectorsDir } from './helpers.mjs'

const { sealedFetch, openWebhook, expressWebhook, fastifyWebhook } = cs
const repo = join(vectorsDir, '..')

function cardsealBin() {
  if (process.env.CARDSEAL_BIN) return process.env.CARDSEAL_BIN
  const targets = [process.env.CARGO_TARGET_DIR, join(repo, 'target')].filter(Boolean)
  for (const target of targets) {
    for (const profile of ['debug', 'release']) {
      const bin = join(target, profile, 'cardseal')
      if (existsSync(bin)) return bin
    }
  }
  const built = spawnSync('cargo', ['build', '-q', '-p', 'cardseal-cli'], { cwd: repo, stdio: 'inherit' })
  assert.equal(built.status, 0, 'cargo build -p cardseal-cli failed')
  return join(targets[0], 'debug', 'cardseal')
}
const BIN = cardsealBin()

/** `cardseal sandbox P`: the merchant constructor arguments (Python names). */
const sandbox = (provider) => JSON.parse(execFileSync(BIN, ['sandbox', provider], { encoding: 'utf8' }))

/** The sorted compact payload the requests carry (ASINX sends its params sorted); numbers as written. */
const PAYLOAD = '{"amount":5000.00,"cardNo":"5392****1234","holder":"Zoë"}'
const PATH = '/api/v1/card/apply'
const EXPECTED = `{"received":${PAYLOAD},"path":"${PATH}"}`

/** Flips the first character of a JSON string member's value (a signature in the body). */
function flipMember(body, name) {
  const at = body.indexOf(`"${name}":"`) + name.length + 4
  assert.ok(at > name.length + 3, `${name} in ${body}`)
  const c = body[at]
  return body.slice(0, at) + (c === 'A' ? 'B' : 'A') + body.slice(at + 1)
}
const changeHolder = (body) => {
  assert.ok(body.includes('Zoë'), body)
  return body.replace('Zoë', 'Zoe')
}

const PLAIN_WEBHOOK = '{"event":"card.transaction","amount":"12.30"}'
const UPAY_WEBHOOK =
  '{"event":"card.authorization","trace":"t-1","orderNo":"O-1","timestamp":1774573955994,"detail":"{\\"amount\\":12.3}"}'

/**
 * Per provider: the Node constructor from the sandbox arguments, seal values, how a test
 * tampers a sealed request body (the signed payload where the signature is in headers, the
 * signature where it is in the body), the stand-in's code and message for that refused
 * request, how a test tampers a received webhook body and the error kind that gets, the
 * webhook payload triggered and the exact text the merchant opens.
 */
const PROVIDERS = {
  asinx: {
    client: (a) => new cs.Asinx(a.app_id, a.app_secret),
    tamper: changeHolder,
    refusedCode: '401',
    refusedMessage: 'signature mismatch: sign header does not verify',
    // Encrypted only (no signature): the last ciphertext digit changed.
    tamperHook: (b) => b.replace(/([0-9a-f])"\}$/, (_, c) => `${c === 'a' ? 'b' : 'a'}"}`),
    hookRefusal: 'decryption_failed',
    webhook: PLAIN_WEBHOOK,
    opened: PLAIN_WEBHOOK,
  },
  paytend: {
    client: (a) => new cs.Paytend(a.partner_id, a.private_key, a.provider_public_key),
    tamper: (b) => flipMember(b, 'signature'),
    refusedCode: '99',
    refusedMessage: 'signature mismatch: signature does not verify',
    tamperHook: (b) => flipMember(b, 'signature'),
    hookRefusal: 'signature_mismatch',
    webhook: PLAIN_WEBHOOK,
    opened: PLAIN_WEBHOOK,
  },
  hypercard: {
    client: (a) => new cs.HyperCard(a.api_key, a.private_key, a.provider_public_key),
    tamper: changeHolder,
    refusedCode: '40001',
    refusedMessage: 'signature mismatch: signature does not verify',
    tamperHook: (b) => b.replace('12.30', '12.31'),
    hookRefusal: 'signature_mismatch',
    webhook: PLAIN_WEBHOOK,
    opened: PLAIN_WEBHOOK,
  },
  upay: {
    client: (a) => new cs.UPay(a.api_key, a.secret, a.private_key, a.provider_public_key),
    tamper: changeHolder,
    refusedCode: '403',
    refusedMessage: 'signature mismatch: X-UPA-SIGN does not verify',
    // A JWE body under an HMAC header: one character of the ciphertext changed (the HMAC
    // covers the event, which is inside: decryption comes first and fails, uniformly).
    tamperHook: (b) => {
      const parts = b.split('.')
      assert.equal(parts.length, 5, b)
      const c = parts[3]
      const at = c.length >> 1
      parts[3] = c.slice(0, at) + (c[at] === 'A' ? 'B' : 'A') + c.slice(at + 1)
      return parts.join('.')
    },
    hookRefusal: 'decryption_failed',
    webhook: UPAY_WEBHOOK,
    // The detail string is returned parsed.
    opened: '{"event":"card.authorization","trace":"t-1","orderNo":"O-1","timestamp":1774573955994,"detail":{"amount":12.3}}',
  },
  kazepay: {
    client: (a) => new cs.KazePay(a.sys_id, a.private_key, a.provider_public_key),
    seal: { apiCode: 'cardRecharge' },
    tamper: (b) => flipMember(b, 'sign'),
    refusedCode: 'FAIL',
    refusedMessage: 'signature mismatch: head.sign does not verify',
    tamperHook: (b) => flipMember(b, 'sign'),
    hookRefusal: 'signature_mismatch',
    webhook: PLAIN_WEBHOOK,
    opened: PLAIN_WEBHOOK,
  },
}

// ------------------------------------------------------------------ cardseal serve

const running = new Set()

/** Starts `cardseal serve P --port 0` (loopback); resolves when it says where it listens. */
async function serve(provider, notifyUrl) {
  const child = spawn(BIN, ['serve', provider, '--port', '0', '--notify-url', notifyUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let log = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d) => {
    if (log.length < 64 * 1024) log += d
  })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const lines = createInterface({ input: child.stdout })
  const first = await Promise.race([
    new Promise((resolve) => lines.once('line', resolve)),
    exited.then((e) => `exited ${JSON.stringify(e)}: ${log}`),
  ])
  const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(first)
  assert.ok(m, `first line of cardseal serve: ${first}`)
  return {
    url: `http://127.0.0.1:${m[1]}`,
    log: () => log,
    /** SIGTERM by its pid; resolves to the exit ({code, signal}). */
    async stop() {
      child.kill('SIGTERM')
      const e = await exited
      running.delete(child)
      return e
    },
  }
}

// ------------------------------------------------------------------ the receivers

/** What each receiver got: `${framework}:${provider}` → { webhook, body, headers }. */
const received = new Map()
const clients = {}
let expressServer
let expressUrl
let fastifyApp
let fastifyUrl

before(async () => {
  for (const [p, spec] of Object.entries(PROVIDERS)) clients[p] = spec.client(sandbox(p))

  const app = express()
  for (const p of Object.keys(PROVIDERS)) {
    // Express gets the exact JSON text (`text: true`), Fastify the parsed payload.
    app.post(`/hooks/${p}`, expressWebhook(express, clients[p], { text: true }), (req, res) => {
      received.set(`express:${p}`, { webhook: req.webhook, body: req.body, headers: req.headers })
      res.type('text/plain').send('SUCCESS')
    })
  }
  expressServer = app.listen(0, '127.0.0.1')
  await new Promise((resolve, reject) => {
    expressServer.once('listening', resolve)
    expressServer.once('error', reject)
  })
  expressUrl = `http://127.0.0.1:${expressServer.address().port}`

  fastifyApp = Fastify()
  for (const p of Object.keys(PROVIDERS)) {
    fastifyApp.register(fastifyWebhook, {
      client: clients[p],
      url: `/hooks/${p}`,
      handler: async (request, reply) => {
        received.set(`fastify:${p}`, { webhook: request.webhook, body: request.body, headers: request.headers })
        reply.type('text/plain')
        return 'SUCCESS'
      },
    })
  }
  fastifyUrl = await fastifyApp.listen({ port: 0, host: '127.0.0.1' })
})

after(async () => {
  for (const child of running) child.kill('SIGKILL')
  if (expressServer) {
    expressServer.closeAllConnections()
    await new Promise((resolve) => expressServer.close(resolve))
  }
  if (fastifyApp) await fastifyApp.close()
})

/** Triggers a webhook at the stand-in; asserts it was delivered and answered `SUCCESS`. */
async function trigger(server, payload) {
  const r = await fetch(`${server.url}/__cardseal/notify`, { method: 'POST', body: payload })
  const report = await r.text()
  assert.equal(r.status, 200, `${report}\n${server.log()}`)
  assert.deepEqual(JSON.parse(report), { delivered: true, status: 200, response: 'SUCCESS' })
}

// ------------------------------------------------------------------ per provider

for (const [provider, spec] of Object.entries(PROVIDERS)) {
  test(`${provider}: sealedFetch against cardseal serve, webhooks into Express and Fastify`, async () => {
    const client = clients[provider]

    // 1. Requests, and their answers opened. The query is not part of the answer's path
    // (UPay signs it: sealedFetch seals the path and query it sends).
    const server = await serve(provider, `${expressUrl}/hooks/${provider}`)
    try {
      const f = sealedFetch(client, { baseUrl: server.url, seal: spec.seal })
      const res = await f(`${PATH}?trace=t-1`, { body: PAYLOAD })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'application/json')
      assert.equal(await res.text(), EXPECTED, server.log())
      // A JSON value as the payload.
      const res2 = await f(new URL(PATH, server.url), { body: JSON.parse(PAYLOAD), method: 'post' })
      assert.deepEqual(await res2.json(), { received: JSON.parse(PAYLOAD), path: PATH })
      if (provider === 'upay') {
        // An encrypted request ({"payload": JWE}) gets an encrypted answer, opened.
        let sent
        const spy = sealedFetch(client, {
          baseUrl: server.url,
          fetch: async (url, init) => {
            const answer = await fetch(url, init)
            sent = { request: init.body, answer: await answer.clone().text() }
            return answer
          },
        })
        const r = await spy(PATH, { body: PAYLOAD, seal: { encrypt: true } })
        assert.match(sent.request, /^\{"payload":"ey[^"]+"\}$/)
        assert.ok(sent.answer.includes('"data":{"payload":"'), sent.answer)
        assert.equal(await r.text(), EXPECTED)
      }

      // 2. A tampered request: the stand-in answers with the provider's error shape, which
      // the merchant client reads as ProviderError carrying the stand-in's code.
      const tampering = sealedFetch(client, {
        baseUrl: server.url,
        seal: spec.seal,
        fetch: (url, init) => fetch(url, { ...init, body: spec.tamper(init.body) }),
      })
      await assert.rejects(tampering(PATH, { body: PAYLOAD }), (e) => {
        assert.ok(e instanceof cs.ProviderError, `${e && e.stack}`)
        assert.equal(e.code, 'ERR_CARDSEAL_PROVIDER_ERROR')
        assert.equal(e.providerCode, spec.refusedCode)
        assert.equal(e.providerMessage, spec.refusedMessage)
        return true
      })
      assert.match(server.log(), new RegExp(`POST ${PATH}: refused: `))

      // 3. A webhook into the Express app (exact JSON text).
      await trigger(server, spec.webhook)
      const got = received.get(`express:${provider}`)
      assert.equal(got.webhook, spec.opened)
      assert.ok(Buffer.isBuffer(got.body))

      // The raw body and headers it received, tampered with: refused with 400.
      const headers = { ...got.headers }
      delete headers['content-length']
      delete headers.host
      delete headers.connection
      const tamperedHook = spec.tamperHook(got.body.toString('utf8'))
      assert.notEqual(tamperedHook, got.body.toString('utf8'))
      for (const base of [expressUrl, fastifyUrl]) {
        const r = await fetch(`${base}/hooks/${provider}`, { method: 'POST', headers, body: tamperedHook })
        assert.equal(r.status, 400, base)
        const refusal = await r.json()
        assert.deepEqual(refusal, { error: spec.hookRefusal, code: `ERR_CARDSEAL_${spec.hookRefusal.toUpperCase()}` })
        // The same refusal as opening that body directly.
        await assert.rejects(openWebhook(client, tamperedHook, headers), (e) => e.kind === refusal.error)
        // The untouched body still opens (the refusal is the tampering's).
        assert.equal(await openWebhook(client, got.body, headers, { text: true }), spec.opened)
      }
    } finally {
      const e = await server.stop()
      assert.deepEqual(e, { code: 0, signal: null }, 'SIGTERM is a clean exit')
    }

    // 4. A webhook into the Fastify app (parsed payload).
    const second = await serve(provider, `${fastifyUrl}/hooks/${provider}`)
    try {
      await trigger(second, spec.webhook)
      const got = received.get(`fastify:${provider}`)
      assert.deepEqual(got.webhook, JSON.parse(spec.opened))
      assert.ok(Buffer.isBuffer(got.body))
    } finally {
      assert.deepEqual(await second.stop(), { code: 0, signal: null })
    }
  })
}

// ------------------------------------------------------------------ misuse

test('sealedFetch refuses what it cannot seal, before sending anything', async () => {
  let sent = 0
  const never = async () => {
    sent++
    return new Response('')
  }
  const f = sealedFetch(clients.upay, { baseUrl: 'http://127.0.0.1:1', fetch: never })
  const field = (name) => (e) => e instanceof cs.InvalidInput && e.field === name
  await assert.rejects(f(PATH, { method: 'GET' }), field('method'))
  await assert.rejects(f(PATH, { body: PAYLOAD, seal: { apiCode: 'x' } }), field('seal.apiCode'))
  await assert.rejects(f(PATH, { body: new URLSearchParams('a=1') }), field('body'))
  await assert.rejects(f({ url: PATH }, { body: PAYLOAD }), field('input'))
  const k = sealedFetch(clients.kazepay, { baseUrl: 'http://127.0.0.1:1', fetch: never })
  await assert.rejects(k(PATH, { body: PAYLOAD }), field('seal.apiCode'))
  assert.throws(() => sealedFetch(clients.asinx, { seal: { encrypt: true } }), field('seal.encrypt'))
  assert.throws(() => sealedFetch({}, {}), field('client'))
  assert.throws(() => sealedFetch(clients.asinx.provider()), field('client'))
  assert.equal(sent, 0)
})

test('sealedFetch rejects with the cardseal error when the answer does not open', async () => {
  const f = sealedFetch(clients.hypercard, {
    baseUrl: 'http://127.0.0.1:1',
    fetch: async () => new Response('<html>bad gateway</html>', { status: 502 }),
  })
  await assert.rejects(f(PATH, { body: PAYLOAD }), (e) => e instanceof cs.InvalidInput && e.field === 'body')
})

test('openWebhook wants the raw body, not a parsed one', async () => {
  await assert.rejects(
    openWebhook(clients.asinx, JSON.parse(PLAIN_WEBHOOK), {}),
    (e) => e instanceof cs.InvalidInput && e.field === 'body' && /body parser/.test(e.message),
  )
  await assert.rejects(openWebhook('asinx', '{}', {}), (e) => e instanceof cs.InvalidInput && e.field === 'client')
})
