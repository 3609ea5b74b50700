// Installed without a binary for this machine (no matching cardseal-<platform> package,
// no locally built .node): loading names the platform and how to build from source,
// not the generated loader's "npm has a bug" message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

test('no native binary: a clear error naming the platform and the source build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cardseal-no-binary-'))
  try {
    const pkg = join(dir, 'cardseal')
    mkdirSync(pkg)
    for (const f of ['index.js', 'adapters.js', 'native.js', 'package.json']) {
      copyFileSync(join(root, f), join(pkg, f))
    }
    const env = { ...process.env }
    delete env.NAPI_RS_NATIVE_LIBRARY_PATH
    delete env.NODE_PATH
    const script =
      "try { require('./cardseal') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, cause: String(e.cause && e.cause.message) })); process.exit(0) } process.exit(3)"
    const run = spawnSync(process.execPath, ['-e', script], { cwd: dir, env, encoding: 'utf8' })
    assert.equal(run.status, 0, `loaded without a binary? ${run.stdout}${run.stderr}`)
    const err = JSON.parse(run.stdout)
    const libc = process.platform === 'linux' ? (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl') : ''
    const platform = `${process.platform}-${process.arch}${libc}`
    assert.equal(err.code, 'ERR_CARDSEAL_NO_NATIVE_BINARY')
    assert.ok(err.message.startsWith(`cardseal: no native binary for this platform: ${platform} `), err.message)
    assert.ok(err.message.includes(`arch ${process.arch}`), err.message)
    assert.ok(err.message.includes('npx napi build --platform --release'), err.message)
    assert.ok(err.message.includes('https://github.com/cardseal/cardseal'), err.message)
    assert.ok(!err.message.includes('npm has a bug'), err.message)
    // The generated loader's error stays reachable as the cause.
    assert.ok(err.cause.startsWith('Cannot find native binding'), err.cause)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

