// Shared by the node:test files: the package under test and the sandbox keys.
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The package under test (its public entry point, index.js). */
export const cs = require('../index.js')

/** test-vectors/ at the repository root. */
export const vectorsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-vectors')

/** Sandbox PEM keys of test-vectors/keys by file stem, e.g. `keys.upay_merchant`. */
export const keys = Object.fromEntries(
  readdirSync(join(vectorsDir, 'keys'))
    .filter((f) => /^(sandbox|upay|kazepay)_[a-z0-9_]+\.pem$/.test(f))
    .map((f) => [f.slice(0, -'.pem'.length), readFileSync(join(vectorsDir, 'keys', f), 'utf8')]),
)
