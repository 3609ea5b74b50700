// Type-checked (tsc --strict, module node16) by test.sh: the ES module entry point, as a
// user's `import ... from 'cardseal'` resolves it through package.json "exports"
// (types: index.d.mts, which re-exports index.d.ts and adds the default export).
import cardseal, { publicKeyPem, version, rsaBackend, Asinx, CardsealError, hazmat, type Sealed } from 'cardseal'

const pem: string = publicKeyPem('-----BEGIN PUBLIC KEY-----')
const v: string = version()
const b: string = rsaBackend()
const s: Sealed = new Asinx('app', '0123456789abcdef0123456789abcdef').sealRequestSync('/p', {})
const same: typeof publicKeyPem = cardseal.publicKeyPem
const isError: boolean = new Error() instanceof CardsealError
const bits: string = hazmat.generateRsaKey(2048)
export { pem, v, b, s, same, isError, bits }
// The adapters by name from the ES module entry point.
import { sealedFetch, openWebhook, expressWebhook, fastifyWebhook, type SealedFetch } from 'cardseal'
const fetchSealed: SealedFetch = sealedFetch(new Asinx('app', '0123456789abcdef0123456789abcdef'))
export { fetchSealed, openWebhook, expressWebhook, fastifyWebhook }
// The Fastify plugin against Fastify's own types.
import Fastify from 'fastify'
declare const client: InstanceType<typeof cardseal.UPay>
await Fastify().register(fastifyWebhook, {
  client,
  url: '/hooks/upay',
  handler: async (request) => request.webhook,
  onError: (err) => ({ refused: err.code }),
})
