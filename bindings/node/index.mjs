// cardseal for Node.js, ES module entry point (`import ... from 'cardseal'`).
//
// Node can only guess the named exports of a CommonJS module from its source text, and
// index.js's exports are not all guessable, so this file names each one. They are the
// very objects of index.js (one module instance: `instanceof`, classes and the native
// addon are shared with `require('cardseal')`). test/esm.test.mjs checks that this list,
// index.js's exports and index.d.ts's declarations are the same names.
import cardseal from './index.js'

export const {
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
  InvalidKey,
  InvalidInput,
  SignatureMismatch,
  DecryptionFailed,
  ProviderError,
  Expired,
  Unavailable,
  hazmat,
  generateRsaKey,
  publicKeyPem,
  version,
  rsaBackend,
  sealedFetch,
  openWebhook,
  expressWebhook,
  fastifyWebhook,
} = cardseal

export default cardseal
