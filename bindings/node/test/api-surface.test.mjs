// The hand-written index.d.ts and index.js describe the same API: every class, method,
// static method and hazmat function declared in index.d.ts exists at runtime, and every
// public method at runtime is declared.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { cs } from './helpers.mjs'

const dts = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'index.d.ts'), 'utf8')

/** `{ ClassName: { methods: Set, statics: Set } }` from the `export class` blocks. */
function declaredClasses() {
  const out = {}
  for (const m of dts.matchAll(/^export class (\w+)(?: extends \w+)? \{\n([\s\S]*?)^\}/gm)) {
    const methods = new Set()
    const statics = new Set()
    for (const line of m[2].split('\n')) {
      const mm = /^ {2}(static )?(\w+)\(/.exec(line)
      if (mm && mm[2] !== 'constructor') (mm[1] ? statics : methods).add(mm[2])
    }
    out[m[1]] = { methods, statics }
  }
  return out
}

test('every declared class and method exists, and nothing public is undeclared', () => {
  const classes = declaredClasses()
  assert.ok(Object.keys(classes).length >= 17)
  for (const [name, { methods, statics }] of Object.entries(classes)) {
    const Cls = cs[name]
    assert.equal(typeof Cls, 'function', `class ${name} is not exported`)
    for (const m of methods) assert.equal(typeof Cls.prototype[m], 'function', `${name}.prototype.${m}`)
    for (const s of statics) assert.equal(typeof Cls[s], 'function', `${name}.${s}`)
    const runtime = Object.getOwnPropertyNames(Cls.prototype).filter(
      (k) => k !== 'constructor' && typeof Object.getOwnPropertyDescriptor(Cls.prototype, k).value === 'function',
    )
    for (const k of runtime) assert.ok(methods.has(k), `${name}.prototype.${k} is not declared in index.d.ts`)
  }
})

test('every declared hazmat function exists, and every runtime one is declared', () => {
  const block = /export interface Hazmat \{\n([\s\S]*?)^\}/m.exec(dts)[1]
  const declared = new Set([...block.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]))
  assert.deepEqual(new Set(Object.keys(cs.hazmat)), declared)
  for (const k of declared) assert.equal(typeof cs.hazmat[k], 'function', k)
})

test('every declared top-level function exists', () => {
  for (const m of dts.matchAll(/^export function (\w+)\(/gm)) assert.equal(typeof cs[m[1]], 'function', m[1])
})
