// Type-checked (tsc --noEmit --strict) against index.d.ts by test.sh: every public entry
// point used once with its documented argument and result types.
import * as cs from '../../index.js'
import {
  Asinx,
  AsinxProvider,
  CardsealError,
  HyperCard,
  KazePay,
  Paytend,
  ProviderError,
  Sealed,
  UPay,
  UPayProvider,
  hazmat,
  type JsonValue,
} from '../../index.js'

declare const pem: string
declare const der: Buffer

async function use(): Promise<void> {
  const a = new Asinx('app', '0123456789abcdef0123456789abcdef', { seed: 'test', nowMs: 0 })
  const s: Sealed = a.sealRequestSync('/card/list', { page: 1 }, { uid: 'u1' })
  const s2: Sealed = await a.sealRequest('/card/list', '{"page":1}')
  const sign: string | undefined = s.headers['sign']
  const canonical: string | undefined = s2.trace['origin']
  const v: JsonValue = a.openResponseSync(s.body)
  const t: string = await a.openResponseText(Buffer.from(s.body))
  const mirror: AsinxProvider = a.provider()
  mirror.openRequestSync(s.body, { appId: 'app', sign: sign ?? '' }, { path: '/card/list' })
  mirror.sealErrorResponseSync(500, 'no')
  mirror.sealErrorResponseSync(500, 'no', { field: 'cardNo' })

  const p = new Paytend('P1', pem, der, { utcOffsetMinutes: 480 })
  const id: string = p.requestId()
  p.provider(pem).sealNotificationSync({ a: 1 }, { notifyType: 'card' })

  const h = new HyperCard('key', pem, pem, { maxSkewSecs: 60, numbers: 'as_written' })
  h.sealRequestSync({ x: 1 }, { timestamp: 1, nonce: 'n', lang: 'en' })
  const detail: string = HyperCard.decryptCardDetailText('AAAA', der)

  const u = new UPay('api-key', 'secret', pem, pem, { replayWindowMs: 1000 })
  u.sealRequestSync('POST', '/v1/cards', { a: [1, 2] }, { encrypt: true, timestampMs: 1, requestId: 'r' })
  await u.openNotification('jwe', new Map([['X-UPA-SIGN', 's']]), { nowMs: 1 })
  const up: UPayProvider = u.provider(pem)
  up.sealNotificationSync({ e: 1 }, { timestampMs: 1 })
  const upDirect: UPayProvider = new UPayProvider('api-key', 'secret', pem, pem, { replayWindowMs: 60_000 })
  up.openRequestSync('POST', '/v1/cards', '{}', { 'X-UPA-APIKEY': 'api-key' })
  const kid: string = UPay.keyId(pem)

  const k = new KazePay('sys', pem, pem, { digest: 'sha256', aesKeyBits: 256 })
  const profile: string = k.profile
  const up2 = await k.sealFileUpload({ a: 1 }, { fileName: 'a.png', contentType: 'image/png', data: der })
  const body: Buffer = up2.body
  const d = KazePay.detect('{}', pem, pem)
  const first: string | null = d.bodyJson
  k.provider(pem).sealErrorResponseSync('api', 'no', 'FAIL', 'detail')

  const ct: Buffer = hazmat.aesEcbEncrypt(der, 'text', 'pkcs7')
  const g = hazmat.jweSealContent('A128GCM', 'eyJ9', der, der, 'x')
  const tag: Buffer = g.tag
  const info = hazmat.rsaPublicKeyInfo(cs.publicKeyPem(cs.generateRsaKey(2048)))
  const bits: number = info.bits

  try {
    a.openResponseSync('{}')
  } catch (e) {
    if (e instanceof ProviderError) {
      const pc: string = e.providerCode
      const pm: string = e.providerMessage
      const pr: string | null = e.providerResult
      const pd: JsonValue = e.providerData
      void [pc, pm, pr, pd]
    } else if (e instanceof CardsealError) {
      const code: cs.ErrorCode = e.code
      void code
    }
  }
  void [s, s2, v, t, id, detail, kid, upDirect, profile, body, first, ct, tag, bits, canonical]
}
void use

// The HTTP adapters: sealedFetch, openWebhook, the Express middleware and the Fastify plugin
// (Express ships no types, so its module is declared here; Fastify's are checked in
// esm/usage.mts).
declare const expressModule: {
  raw(options?: { type?: string | ((req: unknown) => boolean); limit?: number | string }): cs.ExpressMiddleware
}

async function useAdapters(u: UPay, k: KazePay): Promise<void> {
  const f: cs.SealedFetch = cs.sealedFetch(u, { baseUrl: 'http://127.0.0.1:12111', seal: { encrypt: true } })
  const r: Response = await f('/api/v1/card/apply', { body: { amount: 5 }, headers: { 'user-agent': 'x' } })
  const payload: unknown = await r.json()
  const kf = cs.sealedFetch(k, { fetch: (url, init) => fetch(url, init) })
  await kf(new URL('http://127.0.0.1/gateway'), { body: '{"a":1}', seal: { apiCode: 'cardRecharge', requestNo: '1' } })

  const parsed: JsonValue = await cs.openWebhook(u, Buffer.from('jwe'), { 'x-upa-sign': 's' }, { nowMs: 1 })
  const text: string = await cs.openWebhook(k, '{}', undefined, { text: true })

  const [raw, open]: [cs.ExpressMiddleware, cs.ExpressMiddleware] = cs.expressWebhook(expressModule, k, {
    limit: '1mb',
    onError: (err, _req, res) => res.status(401).send(err.kind),
  })
  void [payload, parsed, text, raw, open]
}
void useAdapters

function useExplainAndNewErrors(h: cs.HyperCard, p: cs.UPayProvider, e: unknown): void {
  const r: cs.Explanation = h.explainResponse('{}', { signature: 's' }, { theirString: 'a=1' })
  const n: cs.Explanation = h.explainNotification(Buffer.from('{}'), undefined, { nowMs: 1 })
  const q: cs.Explanation = p.explainRequest('{}', [['X-UPA-SIGN', 's']], { method: 'POST', path: '/v1/x' })
  const offset: number | undefined = q.their_string?.byte_offset
  const sts: string | undefined = r.steps?.string_to_sign
  const kind: cs.ErrorKind | undefined = n.error?.kind
  if (e instanceof cs.Unavailable) {
    const resource: string = e.resource
    const code: 'ERR_CARDSEAL_UNAVAILABLE' = e.code
    void [resource, code]
  } else if (e instanceof cs.SignatureMismatch) {
    const check: string = e.check
    void check
  }
  void [r.ok, offset, sts, kind]
}
void useExplainAndNewErrors
