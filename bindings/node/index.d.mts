// Types of the ES module entry point (index.mjs): the same declarations as index.d.ts,
// plus the default export (the whole module, as `require('cardseal')` returns it).
import * as cardseal from './index.js'

export * from './index.js'
export default cardseal
