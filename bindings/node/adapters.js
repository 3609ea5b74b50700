'use strict'
// cardseal for Node.js: optional adapters between the merchant clients and HTTP.
//
//   sealedFetch(client, options)    a `fetch` that seals the request body and headers with
//                                   the client's `sealRequest` and opens the answer with
//                                   its `openResponse`
//   openWebhook(client, body, headers, options)
//                                   a received webhook (the raw body) opened with the
//                                   client's `openNotification`
//   expressWebhook(express, client, options)
//                                   Express middleware: `express.raw` + `openWebhook`
//   fastifyWebhook                  a Fastify plugin: a raw-body parser (in its own
//                                   scope) + a route that opens the webhook first
//
// No web framework is a dependency: the helpers use the framework objects they are given.
// The only per-provider code is the `HOW` table below (what each client's `sealRequest`
// and `openNotification` take); everything else is one implementation.

/** The largest webhook body the framework helpers read (the core's own cap, 32 MiB). */
const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024

module.exports = function adapters(cs) {
  const { Asinx, Paytend, HyperCard, UPay, KazePay, CardsealError, InvalidInput } = cs

  const invalid = (field, why) =>
    new InvalidInput({
      code: 'ERR_CARDSEAL_INVALID_INPUT',
      kind: 'invalid_input',
      field,
      message: `invalid input in \`${field}\`: ${why}`,
    })

  /** What a value is, for a message (never the value itself). */
  const typeName = (v) =>
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'object'
          ? `an object (${(v.constructor && v.constructor.name) || 'no prototype'})`
          : `a ${typeof v}`

  /** The members of `extras` that a provider takes (`names`), by the option names of its seal. */
  const pick = (extras, names) => {
    const out = {}
    for (const n of names) if (extras[n] !== undefined) out[n] = extras[n]
    return out
  }

  /**
   * How each merchant client seals a request (`r`: method, path, pathAndQuery, payload;
   * `x`: the seal extras, already checked against `extras`) and opens a webhook. The
   * request path is the one the provider signs: ASINX the URL path, UPay path and query.
   */
  const HOW = [
    {
      name: 'Asinx',
      Cls: Asinx,
      extras: ['uid'],
      seal: (c, r, x) => c.sealRequest(r.path, r.payload, x),
    },
    {
      name: 'Paytend',
      Cls: Paytend,
      extras: ['requestId', 'encrypt'],
      seal: (c, r, x) => c.sealRequest(r.payload, x),
    },
    {
      name: 'HyperCard',
      Cls: HyperCard,
      extras: ['timestamp', 'nonce', 'lang', 'version'],
      seal: (c, r, x) => c.sealRequest(r.payload, x),
    },
    {
      name: 'UPay',
      Cls: UPay,
      extras: ['encrypt', 'timestampMs', 'requestId'],
      seal: (c, r, x) => c.sealRequest(r.method, r.pathAndQuery, r.payload, x),
      open: (c, body, headers, o) => c.openNotificationText(body, headers, pick(o, ['nowMs'])),
    },
    {
      name: 'KazePay',
      Cls: KazePay,
      extras: ['apiCode', 'requestNo'],
      seal: (c, r, x) => {
        if (typeof x.apiCode !== 'string' || x.apiCode === '') {
          throw invalid('seal.apiCode', 'a KazePay request needs its interface code (`seal: { apiCode }`)')
        }
        return c.sealRequest(x.apiCode, r.payload, pick(x, ['requestNo']))
      },
    },
  ]

  const openNotification = (c, body, headers) => c.openNotificationText(body, headers)

  /** The table entry of a merchant client; anything else is `InvalidInput` (`client`). */
  function how(client) {
    for (const h of HOW) if (client instanceof h.Cls) return h
    throw invalid('client', `expected a merchant client (${HOW.map((h) => h.name).join(', ')}), got ${typeName(client)}`)
  }

  /** The seal extras `a` and `b` merged; a name the provider does not take is `InvalidInput`. */
  function extrasFor(h, a, b) {
    const x = { ...(a || {}), ...(b || {}) }
    for (const k of Object.keys(x)) {
      if (!h.extras.includes(k)) {
        throw invalid(`seal.${k}`, `${h.name} takes ${h.extras.map((e) => `\`${e}\``).join(', ')}`)
      }
    }
    return pick(x, h.extras)
  }

  const isPlainPayload = (p) => {
    if (p === undefined || p === null || typeof p === 'string' || p instanceof Uint8Array || Array.isArray(p)) {
      return true
    }
    if (typeof p !== 'object') return false
    const proto = Object.getPrototypeOf(p)
    return proto === Object.prototype || proto === null
  }

  /** Response headers that describe the sealed body, not the opened payload. */
  const BODY_HEADERS = new Set(['content-length', 'content-encoding', 'content-type', 'transfer-encoding'])
  /** Statuses whose Response cannot carry a body. */
  const NULL_BODY = new Set([101, 204, 205, 304])

  /**
   * A `fetch` for one merchant client: `init.body` is the business payload (a JSON value,
   * or JSON text used byte for byte), sealed with the client's `sealRequest` for the URL's
   * path and the method; the sealed body and authentication headers are sent with
   * `options.fetch` (default: the global `fetch`); the answer is opened with the client's
   * `openResponseText` and returned as a `Response` whose body is the opened payload's
   * exact JSON text. An answer that does not open rejects with the cardseal error (a
   * provider's failure code: `ProviderError`).
   */
  function sealedFetch(client, options) {
    const h = how(client)
    const o = options === undefined || options === null ? {} : options
    if (typeof o !== 'object') throw invalid('options', `expected an object, got ${typeName(o)}`)
    const send = o.fetch === undefined ? globalThis.fetch : o.fetch
    if (typeof send !== 'function') throw invalid('options.fetch', 'expected a fetch function')
    extrasFor(h, o.seal) // fail early on a misspelt default

    return async function fetchSealed(input, init) {
      const i = init === undefined || init === null ? {} : init
      if (!(typeof input === 'string' || input instanceof URL)) {
        throw invalid('input', `expected a URL (a string or a URL), got ${typeName(input)}`)
      }
      const url = o.baseUrl === undefined ? new URL(input) : new URL(input, o.baseUrl)
      const method = (i.method === undefined ? 'POST' : String(i.method)).toUpperCase()
      if (method === 'GET' || method === 'HEAD') {
        throw invalid('method', `a sealed request carries its sealed body: ${method} cannot (use POST)`)
      }
      if (!isPlainPayload(i.body)) {
        throw invalid('body', `expected the payload (a JSON value or JSON text), got ${typeName(i.body)}`)
      }
      const x = extrasFor(h, o.seal, i.seal)
      const sealed = await h.seal(
        client,
        { method, path: url.pathname, pathAndQuery: url.pathname + url.search, payload: i.body },
        x,
      )

      const headers = new Headers(o.headers)
      for (const [k, v] of new Headers(i.headers)) headers.set(k, v)
      for (const k of Object.keys(sealed.headers)) headers.set(k, sealed.headers[k])
      if (!headers.has('content-type')) headers.set('content-type', 'application/json;charset=UTF-8')
      const rest = { ...i }
      delete rest.seal
      const res = await send(url, { ...rest, method, headers, body: sealed.body })

      const raw = new Uint8Array(await res.arrayBuffer())
      const opened = await client.openResponseText(raw)
      const out = new Headers()
      for (const [k, v] of res.headers) if (!BODY_HEADERS.has(k)) out.append(k, v)
      out.set('content-type', 'application/json')
      return new Response(NULL_BODY.has(res.status) ? null : opened, {
        status: res.status,
        statusText: res.statusText,
        headers: out,
      })
    }
  }

  /**
   * Opens a received webhook: `body` is the raw body exactly as received (a Buffer or a
   * string, never a parsed object), `headers` the received headers. The opened payload
   * (parsed; `options.text`: its exact JSON text), or the cardseal error.
   */
  async function openWebhook(client, body, headers, options) {
    const h = how(client)
    const o = options === undefined || options === null ? {} : options
    if (!(typeof body === 'string' || body instanceof Uint8Array)) {
      throw invalid(
        'body',
        `expected the raw body (a string or a Buffer), got ${typeName(body)}: no body, or a body parser ran before the webhook handler`,
      )
    }
    const hd = headers === undefined || headers === null ? {} : headers
    const text = await (h.open || openNotification)(client, body, hd, o)
    return o.text ? text : JSON.parse(text)
  }

  /** The answer of the framework helpers to a webhook that does not open (no details). */
  const refusal = (err) => ({ error: err.kind, code: err.code })

  /**
   * Express middleware opening a webhook: `[express.raw(...), open]`, to put before the
   * route's handler (`app.post(path, expressWebhook(express, client), handler)`). The
   * handler finds the opened payload in `req.webhook` (and the raw body in `req.body`). A
   * webhook that does not open gets HTTP 400 `{"error": kind, "code": code}`, or whatever
   * `options.onError(err, req, res, next)` does; other errors go to `next(err)`.
   */
  function expressWebhook(express, client, options) {
    how(client)
    const o = options === undefined || options === null ? {} : options
    if (!express || typeof express.raw !== 'function') {
      throw invalid('express', 'expected the express module (it has `express.raw`)')
    }
    const raw = express.raw({ type: () => true, limit: o.limit === undefined ? DEFAULT_BODY_LIMIT : o.limit })
    const open = (req, res, next) => {
      openWebhook(client, req.body, req.headers, o).then(
        (payload) => {
          req.webhook = payload
          next()
        },
        (err) => {
          if (!(err instanceof CardsealError)) return next(err)
          if (typeof o.onError === 'function') return o.onError(err, req, res, next)
          res.status(400).json(refusal(err))
        },
      )
    }
    return [raw, open]
  }

  /**
   * A Fastify plugin (`app.register(fastifyWebhook, { client, url, handler })`): in its
   * own encapsulated scope, every body is read as a raw Buffer, and a route (POST `url`)
   * opens the webhook before calling `handler(request, reply)` with the opened payload in
   * `request.webhook`. A webhook that does not open gets HTTP 400 `{"error": kind,
   * "code": code}`, or what `onError(err, request, reply)` returns.
   */
  async function fastifyWebhook(instance, options) {
    const o = options === undefined || options === null ? {} : options
    how(o.client)
    if (typeof o.url !== 'string') throw invalid('url', 'expected the route path (a string)')
    if (typeof o.handler !== 'function') throw invalid('handler', 'expected a route handler (request, reply)')
    const bodyLimit = o.bodyLimit === undefined ? DEFAULT_BODY_LIMIT : o.bodyLimit
    instance.removeAllContentTypeParsers()
    instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (req, body, done) => done(null, body))
    if (!instance.hasRequestDecorator('webhook')) instance.decorateRequest('webhook', null)
    instance.route({
      method: o.method === undefined ? 'POST' : o.method,
      url: o.url,
      bodyLimit,
      handler: async (request, reply) => {
        try {
          request.webhook = await openWebhook(o.client, request.body, request.headers, o)
        } catch (err) {
          if (!(err instanceof CardsealError)) throw err
          if (typeof o.onError === 'function') return o.onError(err, request, reply)
          reply.code(400)
          return refusal(err)
        }
        return o.handler.call(instance, request, reply)
      },
    })
  }

  return { sealedFetch, openWebhook, expressWebhook, fastifyWebhook }
}
