// Runs the JSON files in test-vectors/ (schema: test-vectors/README.md) through the
// public API of the binding: every vector of a provider or canonicalizer file, the smoke
// vectors of a primitive file (`"bindings": "smoke"`; "Who runs what" in the README).
// An unknown op, a file with zero vectors, a file whose smoke marking is wrong or an
// empty directory fails the run.
import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const cs = require('../index.js')
const {
  hazmat: hz,
  Asinx,
  AsinxProvider,
  Paytend,
  PaytendProvider,
  HyperCard,
  HyperCardProvider,
  UPay,
  UPayProvider,
  KazePay,
  KazePayProvider,
  CardsealError,
} = cs

// CARDSEAL_VECTORS_DIR: another directory (used by runner-selfcheck.test.mjs).
const dir =
  process.env.CARDSEAL_VECTORS_DIR || join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-vectors')

// ------------------------------------------------------------------ argument decoding
// Reference codecs independent of the code under test.
const fromHex = (h) => {
  assert.ok(/^([0-9a-fA-F]{2})*$/.test(h), `bad hex in vector file: ${h}`)
  return Buffer.from(h, 'hex')
}
const fromB64 = (b) => {
  assert.ok(/^[A-Za-z0-9+/]*={0,2}$/.test(b) && b.length % 4 === 0, 'bad base64 in vector file')
  return Buffer.from(b, 'base64')
}
const hex = (b) => Buffer.from(b).toString('hex')
const b64 = (b) => Buffer.from(b).toString('base64')
const b64u = (b) => Buffer.from(b).toString('base64url')
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const maybeText = (b) => {
  try {
    return strictUtf8.decode(b)
  } catch {
    return undefined
  }
}

class Args {
  constructor(obj) {
    this.o = obj
  }
  str(name) {
    const v = this.o[name]
    assert.equal(typeof v, 'string', `missing string arg \`${name}\``)
    return v
  }
  optStr(name) {
    const v = this.o[name]
    return typeof v === 'string' ? v : undefined
  }
  int(name) {
    const v = this.o[name]
    assert.ok(Number.isInteger(v), `missing integer arg \`${name}\``)
    return v
  }
  optInt(name) {
    const v = this.o[name]
    return Number.isInteger(v) ? v : undefined
  }
  optBool(name) {
    const v = this.o[name]
    return typeof v === 'boolean' ? v : undefined
  }
  has(name) {
    return name in this.o || `${name}_hex` in this.o || `${name}_b64` in this.o
  }
  /** Bytes from `<name>_hex`, `<name>_b64` or `<name>` (UTF-8 text). */
  bytes(name) {
    if (typeof this.o[`${name}_hex`] === 'string') return fromHex(this.o[`${name}_hex`])
    if (typeof this.o[`${name}_b64`] === 'string') return fromB64(this.o[`${name}_b64`])
    return Buffer.from(this.str(name), 'utf8')
  }
}

const plaintextOut = (p) => {
  const out = { plaintext_hex: hex(p) }
  const t = maybeText(p)
  if (t !== undefined) out.plaintext = t
  return out
}
const header = (sealed, name) => {
  const k = Object.keys(sealed.headers).find((h) => h.toLowerCase() === name.toLowerCase())
  return k === undefined ? null : sealed.headers[k]
}
const step = (sealed, name) => (name in sealed.trace ? sealed.trace[name] : null)
const fixed = (a, seed) => ({ seed: a.optStr('seed') ?? seed ?? '', nowMs: a.optInt('now_ms') ?? 0 })

// ---------------------------------------------------------------------------- the ops
const kazeOptions = (a) => ({
  digest: a.optStr('digest'),
  signedContent: a.optStr('signed_content'),
  keyWrapping: a.optStr('key_wrapping'),
  aesKeyBits: a.optInt('aes_key_bits'),
  ...fixed(a),
})
const upayHeaders = (a) => {
  const h = {}
  for (const [arg, name] of [
    ['request_id', 'X-UPA-REQUESTID'],
    ['timestamp', 'X-UPA-TIMESTAMP'],
    ['sign', 'X-UPA-SIGN'],
    ['header_api_key', 'X-UPA-APIKEY'],
  ]) {
    if (a.optStr(arg) !== undefined) h[name] = a.optStr(arg)
  }
  return h
}
const upayMerchant = (a) =>
  new UPay(a.str('api_key'), a.str('secret'), a.str('private_key'), a.str('provider_public_key'), {
    replayWindowMs: a.optInt('replay_window_ms'),
    ...fixed(a),
  })
const jweDecryptOptions = (a) => ({ enc: a.optStr('enc'), maxInflatedBytes: a.optInt('max_inflated_bytes') })
const jweOut = (d) => ({ ...plaintextOut(d.plaintext), header_json: d.headerJson })
const asinxEnv = { seed: 'asinx vectors', nowMs: 0 }
const paytendMerchant = (a, env) =>
  new Paytend(a.str('partner_id'), a.str('private_key'), a.str('provider_public_key'), {
    utcOffsetMinutes: a.optInt('utc_offset_minutes'),
    ...env,
  })
const paytendMirror = (a) =>
  new PaytendProvider(a.str('partner_id'), a.str('private_key'), a.str('partner_public_key'), {
    seed: 'paytend vectors',
    nowMs: 0,
  })
// `python_version` and `max_skew_secs` (null: no age check) only when the vector sets them.
const hyperOptions = (a) => {
  const o = { numbers: a.optStr('numbers'), pythonVersion: a.optStr('python_version') }
  if ('max_skew_secs' in a.o) {
    const v = a.o.max_skew_secs
    assert.ok(v === null || Number.isInteger(v), 'max_skew_secs must be an integer or null')
    o.maxSkewSecs = v
  }
  return o
}
const hyperMerchant = (a) =>
  new HyperCard(a.str('api_key'), a.str('private_key'), a.str('provider_public_key'), {
    seed: 'hypercard vectors',
    nowMs: a.optInt('now_ms') ?? 0,
    ...hyperOptions(a),
  })

const OPS = {
  // primitives
  aes_ecb_encrypt: (a) => ({ ciphertext_hex: hex(hz.aesEcbEncrypt(a.bytes('key'), a.bytes('plaintext'), a.str('padding'))) }),
  aes_ecb_decrypt: (a) => ({ plaintext_hex: hex(hz.aesEcbDecrypt(a.bytes('key'), a.bytes('ciphertext'), a.str('padding'))) }),
  aes_cbc_encrypt: (a) => ({
    ciphertext_hex: hex(hz.aesCbcEncrypt(a.bytes('key'), a.bytes('iv'), a.bytes('plaintext'), a.str('padding'))),
  }),
  aes_cbc_decrypt: (a) => ({
    plaintext_hex: hex(hz.aesCbcDecrypt(a.bytes('key'), a.bytes('iv'), a.bytes('ciphertext'), a.str('padding'))),
  }),
  aes_gcm_encrypt: (a) => {
    const s = hz.aesGcmEncrypt(a.bytes('key'), a.bytes('nonce'), a.bytes('aad'), a.bytes('plaintext'))
    assert.ok(s.length >= 16, 'GCM output shorter than a tag')
    return { ciphertext_hex: hex(s.subarray(0, s.length - 16)), tag_hex: hex(s.subarray(s.length - 16)) }
  },
  aes_gcm_decrypt: (a) => ({
    plaintext_hex: hex(
      hz.aesGcmDecrypt(a.bytes('key'), a.bytes('nonce'), a.bytes('aad'), Buffer.concat([a.bytes('ciphertext'), a.bytes('tag')])),
    ),
  }),
  md5: (a) => ({ digest_hex: hex(hz.md5(a.bytes('data'))) }),
  sha1: (a) => ({ digest_hex: hex(hz.sha1(a.bytes('data'))) }),
  sha256: (a) => ({ digest_hex: hex(hz.sha256(a.bytes('data'))) }),
  hmac_sha256: (a) => {
    const mac = hz.hmacSha256(a.bytes('key'), a.bytes('data'))
    const n = a.optInt('truncate_bytes') ?? 32
    return { mac_hex: hex(mac.subarray(0, n)) }
  },
  hmac_sha256_verify: (a) => {
    assert.equal(hz.hmacSha256Verify(a.bytes('key'), a.bytes('data'), a.bytes('mac')), undefined)
    return { verified: true }
  },
  b64_encode: (a) => ({ text: hz.base64Encode(a.bytes('data')) }),
  b64_decode: (a) => ({ data_hex: hex(hz.base64Decode(a.str('text'))) }),
  b64_decode_lenient: (a) => ({ data_hex: hex(hz.base64DecodeLenient(a.str('text'))) }),
  hex_encode: (a) => ({ text: hz.hexEncode(a.bytes('data')) }),
  hex_decode: (a) => ({ data_hex: hex(hz.hexDecode(a.str('text'))) }),
  decode_hex_or_b64: (a) => ({ data_hex: hex(hz.decodeHexOrBase64(a.str('text'))) }),

  // canonicalizers
  json_sorted_compact: (a) => ({ output_json: hz.jsonSortedCompact(a.str('input_json')) }),
  json_compact: (a) => ({ output_json: hz.jsonCompact(a.str('input_json')) }),
  form_flat_nonempty_sorted: (a) => ({ form: hz.formFlatNonemptySorted(a.str('fields_json')) }),
  form_sorted_nested_sorted_json: (a) => ({ form: hz.formSortedNestedSortedJson(a.str('params_json')) }),
  form_nonempty_sorted_nested_python_str: (a) => ({
    form: hz.formNonemptySortedNestedPythonStr(a.str('headers_json'), a.str('body_json'), {
      numbers: a.optStr('numbers'),
      pythonVersion: a.optStr('python_version'),
    }),
  }),

  // RSA and keys
  rsa_pkcs1v15_sign: (a) => ({ signature_b64: b64(hz.rsaSignPkcs1v15(a.str('private_key'), a.str('hash'), a.bytes('message'))) }),
  rsa_pkcs1v15_verify: (a) => {
    assert.equal(hz.rsaVerifyPkcs1v15(a.str('public_key'), a.str('hash'), a.bytes('message'), a.bytes('signature')), undefined)
    return { verified: true }
  },
  rsa_pkcs1v15_decrypt: (a) =>
    plaintextOut(hz.rsaDecryptPkcs1v15(a.str('private_key'), a.bytes('ciphertext'), { blocks: a.optBool('blocks') })),
  rsa_pkcs1v15_encrypt_seeded: (a) => ({
    ciphertext_b64: b64(hz.rsaEncryptPkcs1v15(a.str('public_key'), a.bytes('message'), { blocks: a.optBool('blocks'), seed: a.str('seed') })),
  }),
  rsa_oaep_sha256_encrypt_seeded: (a) => ({
    ciphertext_b64: b64(
      hz.rsaEncryptOaepSha256(a.str('public_key'), a.bytes('message'), {
        label: a.has('label') ? a.bytes('label') : undefined,
        seed: a.str('seed'),
      }),
    ),
  }),
  rsa_oaep_sha256_decrypt: (a) =>
    plaintextOut(
      hz.rsaDecryptOaepSha256(a.str('private_key'), a.bytes('ciphertext'), { label: a.has('label') ? a.bytes('label') : undefined }),
    ),
  rsa_parse_private_key: (a) => hz.rsaPrivateKeyInfo(a.str('private_key')),
  rsa_parse_public_key: (a) => hz.rsaPublicKeyInfo(a.str('public_key')),
  public_key_pem: (a) => ({ pem: cs.publicKeyPem(a.str('key')) }),

  // JWE
  jwe_content_encrypt: (a) => {
    const { ciphertext, tag } = hz.jweSealContent(
      a.optStr('enc') ?? 'A128GCM',
      a.str('header_b64u'),
      a.bytes('cek'),
      a.bytes('iv'),
      a.bytes('plaintext'),
    )
    return { ciphertext_hex: hex(ciphertext), tag_hex: hex(tag), ciphertext_b64u: b64u(ciphertext), tag_b64u: b64u(tag) }
  },
  jwe_decrypt_with_cek: (a) => jweOut(hz.jweDecryptWithCek(a.str('compact'), a.bytes('cek'), jweDecryptOptions(a))),
  jwe_encrypt: (a) => {
    const e = hz.jweEncrypt(a.str('public_key'), a.bytes('plaintext'), {
      enc: a.optStr('enc'),
      zip: a.optBool('zip'),
      typ: a.optStr('typ'),
      kid: a.optStr('kid'),
      ...fixed(a),
    })
    return { compact: e.compact, header_json: e.headerJson }
  },
  jwe_decrypt: (a) => jweOut(hz.jweDecrypt(a.str('private_key'), a.str('compact'), jweDecryptOptions(a))),

  // UPay
  upay_hmac: (a) => ({ sign: UPay.hmacSign(a.str('secret'), a.str('data')) }),
  upay_key_id: (a) => ({ kid: UPay.keyId(a.str('public_key')) }),
  upay_seal_request: (a) => {
    const s = upayMerchant(a).sealRequestSync(a.str('method'), a.str('path'), a.str('params_json'), {
      encrypt: a.optBool('encrypt'),
      multipart: a.optBool('multipart'),
      timestampMs: a.optInt('timestamp_ms'),
      requestId: a.optStr('request_id'),
    })
    return {
      body: s.body,
      request_id: header(s, 'X-UPA-REQUESTID'),
      timestamp: header(s, 'X-UPA-TIMESTAMP'),
      sign: header(s, 'X-UPA-SIGN'),
      sign_param: step(s, 'sign_param'),
      string_to_sign: step(s, 'string_to_sign'),
      jwe_header: step(s, 'jwe_header'),
      api_key_header: header(s, 'X-UPA-APIKEY'),
    }
  },
  upay_open_response: (a) => ({ data_json: upayMerchant(a).openResponseTextSync(a.str('body')) }),
  upay_open_notification: (a) => ({
    payload_json: upayMerchant(a).openNotificationTextSync(a.str('body'), upayHeaders(a), { nowMs: a.optInt('now_ms') }),
  }),
  upay_open_request: (a) => ({
    params_json: new UPayProvider(a.str('api_key'), a.str('secret'), a.str('private_key'), a.str('merchant_public_key'), {
      replayWindowMs: a.optInt('replay_window_ms'),
      ...fixed(a),
    }).openRequestTextSync(a.str('method'), a.str('path'), a.str('body'), upayHeaders(a)),
  }),

  // KazePay
  kazepay_seal_request: (a) => ({
    message: new KazePay(a.str('sys_id'), a.str('private_key'), a.str('provider_public_key'), kazeOptions(a)).sealRequestSync(
      a.str('api_code'),
      a.str('body_json'),
      { requestNo: a.optStr('request_no') },
    ).body,
  }),
  kazepay_open_response: (a) => ({
    body_json: new KazePay(a.str('sys_id'), a.str('private_key'), a.str('provider_public_key'), kazeOptions(a)).openResponseTextSync(
      a.str('message'),
    ),
  }),
  kazepay_open_request: (a) => ({
    body_json: new KazePayProvider(a.str('sys_id'), a.str('private_key'), a.str('merchant_public_key'), kazeOptions(a)).openRequestTextSync(
      a.str('message'),
    ),
  }),
  kazepay_seal_response: (a) => ({
    message: new KazePayProvider(a.str('sys_id'), a.str('private_key'), a.str('merchant_public_key'), kazeOptions(a)).sealResponseSync(
      a.str('api_code'),
      a.str('request_no'),
      a.str('body_json'),
    ).body,
  }),
  kazepay_detect: (a) => {
    const r = KazePay.detect(a.str('message'), a.str('private_key'), a.str('public_key'))
    return { matches: r.matches, body_json: r.bodyJson }
  },
  kazepay_multipart_body: (a) => ({
    body_hex: hex(
      KazePay.multipartBody(
        a.str('boundary'),
        { fileName: a.str('file_name'), contentType: a.str('content_type'), data: a.bytes('file') },
        a.str('request_json'),
      ),
    ),
  }),

  // Paytend
  paytend_rsa_decrypt: (a) => {
    const p = hz.rsaDecryptPkcs1v15(a.str('private_key'), a.bytes('ciphertext'))
    const t = maybeText(p)
    assert.notEqual(t, undefined, 'plaintext is not UTF-8')
    return { plaintext: t }
  },
  paytend_sign_string: (a) => ({ signature: b64(hz.rsaSignPkcs1v15(a.str('private_key'), 'sha256', a.str('string'))) }),
  paytend_request_id: (a) => ({ request_id: paytendMerchant(a, { seed: '', nowMs: a.int('now_ms') }).requestId() }),
  paytend_seal_request_seeded: (a) => {
    const s = paytendMerchant(a, { seed: a.str('seed'), nowMs: a.int('now_ms') }).sealRequestSync(a.str('biz_json'), {
      requestId: a.optStr('request_id'),
      encrypt: a.optBool('encrypt'),
    })
    return { body: s.body, string_to_sign: step(s, 'string_to_sign'), request_id: JSON.parse(s.body).requestId }
  },
  paytend_open_response: (a) => ({
    payload_json: paytendMerchant(a, { seed: 'paytend vectors', nowMs: 0 }).openResponseTextSync(a.str('body')),
  }),
  paytend_open_notification: (a) => ({
    payload_json: paytendMerchant(a, { seed: 'paytend vectors', nowMs: 0 }).openNotificationTextSync(a.str('body')),
  }),
  paytend_open_request: (a) => ({ payload_json: paytendMirror(a).openRequestTextSync(a.str('body'), {}) }),
  paytend_open_response_failure: (a) => {
    try {
      // Opened: an output the expectation cannot match.
      return { payload_json: paytendMerchant(a, { seed: 'paytend vectors', nowMs: 0 }).openResponseTextSync(a.str('body')) }
    } catch (e) {
      if (!(e instanceof cs.ProviderError)) throw e
      return { code: e.providerCode, message: e.providerMessage, result: e.result ?? null }
    }
  },
  paytend_seal_response: (a) => ({
    body: paytendMirror(a).sealResponseSync(a.str('payload_json'), { encrypt: a.optBool('encrypt') }).body,
  }),
  paytend_seal_notification: (a) => ({
    body: paytendMirror(a).sealNotificationSync(a.str('payload_json'), {
      notifyType: a.optStr('notify_type'),
      encrypt: a.optBool('encrypt'),
    }).body,
  }),

  // ASINX
  asinx_sign: (a) => {
    const s = new Asinx(a.str('app_id'), a.str('app_secret'), asinxEnv).sealRequestSync(a.str('path'), a.str('params_json'), {
      uid: a.optStr('uid'),
    })
    return {
      body: s.body,
      origin: step(s, 'origin'),
      base64: step(s, 'base64'),
      ciphertext_hex: step(s, 'ciphertext_hex'),
      sign: header(s, 'sign'),
      uid_header: header(s, 'uId'),
    }
  },
  asinx_open_response: (a) => ({
    payload_json: new Asinx(a.str('app_id'), a.str('app_secret'), asinxEnv).openResponseTextSync(a.str('body')),
  }),
  asinx_open_notification: (a) => ({
    payload_json: new Asinx(a.str('app_id'), a.str('app_secret'), asinxEnv).openNotificationTextSync(a.str('body')),
  }),
  asinx_open_request: (a) => ({
    payload_json: new AsinxProvider(a.str('app_id'), a.str('app_secret'), asinxEnv).openRequestTextSync(
      a.str('body'),
      { appId: a.str('header_app_id'), sign: a.str('sign') },
      { path: a.str('path') },
    ),
  }),
  asinx_seal_response: (a) => ({
    body: new AsinxProvider(a.str('app_id'), a.str('app_secret'), asinxEnv).sealResponseSync(a.str('payload_json')).body,
  }),
  asinx_seal_error_response: (a) => ({
    body: new AsinxProvider(a.str('app_id'), a.str('app_secret'), asinxEnv).sealErrorResponseSync(
      a.int('code'),
      a.str('message'),
      a.optStr('payload_json'),
    ).body,
  }),
  asinx_seal_notification: (a) => ({
    body: new AsinxProvider(a.str('app_id'), a.str('app_secret'), asinxEnv).sealNotificationSync(a.str('payload_json')).body,
  }),

  // HyperCard
  hypercard_sign: (a) => {
    const s = hyperMerchant(a).sealRequestSync(a.str('body_json'), {
      timestamp: a.int('timestamp'),
      nonce: a.str('nonce'),
      lang: a.optStr('lang'),
      version: a.optStr('version'),
    })
    return { body: s.body, string_to_sign: step(s, 'string_to_sign'), signature: header(s, 'signature') }
  },
  hypercard_open_notification: (a) => ({
    payload_json: hyperMerchant(a).openNotificationTextSync(a.str('body'), JSON.parse(a.str('headers_json'))),
  }),
  hypercard_open_request: (a) => ({
    payload_json: new HyperCardProvider(a.str('api_key'), a.str('private_key'), a.str('merchant_public_key'), {
      seed: 'hypercard vectors',
      nowMs: a.int('now_ms'),
      ...hyperOptions(a),
    }).openRequestTextSync(a.str('body'), JSON.parse(a.str('headers_json'))),
  }),
  hypercard_open_response: (a) => ({ payload_json: hyperMerchant(a).openResponseTextSync(a.str('body')) }),
  hypercard_decrypt_card_detail: (a) => ({ detail: HyperCard.decryptCardDetailText(a.str('encoded'), a.str('private_key')) }),
}

export const KNOWN_OPS = Object.keys(OPS)

// ---------------------------------------------------------------------------- runner
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()

test('test-vectors/ has vector files', () => {
  assert.ok(files.length > 0, `no vector files in ${dir}`)
})

/**
 * `error_detail` (test-vectors/README.md): the provider error's fields, exactly;
 * `providerData` is `result_json` parsed, or null.
 */
function checkErrorDetail(e, detail) {
  assert.ok(e instanceof cs.ProviderError, `error_detail needs a ProviderError, got ${e && e.name}`)
  const fields = { code: 'providerCode', message: 'providerMessage', result_json: 'providerResult' }
  for (const [k, want] of Object.entries(detail)) {
    assert.ok(k in fields, `unknown error_detail key \`${k}\``)
    assert.strictEqual(e[fields[k]], want, `error \`${k}\``)
  }
  if ('result_json' in detail) {
    const want = detail.result_json === null ? null : JSON.parse(detail.result_json)
    assert.deepStrictEqual(e.providerData, want, 'error providerData')
  }
}

/**
 * Binding runners run every vector of a provider or canonicalizer file and, of a primitive
 * file (`"bindings": "smoke"`), the `smoke` vectors only: the rest tests the core's
 * primitive, which the Rust runner covers.
 */
export const runsHere = (doc, v) => (doc.bindings ?? 'all') === 'all' || v.smoke === true

/**
 * `bindings` is "all" (default) or "smoke"; a smoke file has a smoke vector for every op it
 * uses; `smoke` appears only in smoke files.
 */
export function checkSmokeMarking(file, doc) {
  const mode = doc.bindings ?? 'all'
  assert.ok(mode === 'all' || mode === 'smoke', `${file}: bindings = ${JSON.stringify(mode)}`)
  const vectors = doc.vectors
  if (mode === 'all') {
    assert.ok(!vectors.some((v) => 'smoke' in v), `${file}: smoke outside a smoke file`)
  } else {
    const ops = new Set(vectors.map((v) => v.op))
    const smoked = new Set(vectors.filter((v) => v.smoke === true).map((v) => v.op))
    const missing = [...ops].filter((op) => !smoked.has(op)).sort()
    assert.deepEqual(missing, [], `${file}: ops without a smoke vector: ${missing.join(', ')}`)
  }
}

let total = 0
let skipped = 0
for (const file of files) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  describe(file, () => {
    test('schema and non-empty', () => {
      assert.equal(doc.schema, 'cardseal-vectors/1')
      assert.ok(Array.isArray(doc.vectors) && doc.vectors.length > 0, `${file}: zero vectors`)
      for (const v of doc.vectors) assert.ok(OPS[v.op], `unknown op \`${v.op}\`: every op in test-vectors/ must have a runner`)
    })
    test('smoke marking', () => checkSmokeMarking(file, doc))
    for (const v of doc.vectors ?? []) {
      if (!runsHere(doc, v)) {
        skipped += 1
        continue
      }
      total += 1
      test(`${v.id} (${v.op})`, () => {
        const run = OPS[v.op]
        assert.ok(run, `unknown op \`${v.op}\`: every op in test-vectors/ must have a runner`)
        assert.ok(('expect' in v) !== ('error' in v), 'needs exactly one of `expect` / `error`')
        const args = new Args(v.args)
        if ('expect' in v) {
          const out = run(args)
          for (const [k, want] of Object.entries(v.expect)) {
            assert.ok(k in out, `runner gave no \`${k}\``)
            assert.deepStrictEqual(out[k], want, `\`${k}\``)
          }
        } else {
          assert.throws(
            () => run(args),
            (e) => {
              assert.ok(e instanceof CardsealError, `not a CardsealError: ${e && e.stack}`)
              assert.equal(e.kind, v.error, `error ${e.code}: ${e.message}`)
              assert.equal(e.code, `ERR_CARDSEAL_${v.error.toUpperCase()}`)
              if ('error_detail' in v) checkErrorDetail(e, v.error_detail)
              return true
            },
          )
        }
      })
    }
  })
}

test('vector count', () => {
  // Printed for the record; each file's own test already fails on zero vectors.
  console.log(`vectors: ${total} run in ${files.length} files (${skipped} primitive vectors left to the Rust runner)`)
  assert.ok(total > 0)
})
