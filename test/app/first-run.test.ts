// A new user's first run, as the README tells it: start the service, find the admin key it made, load
// the demo while it runs, see a scorecard with numbers; a restart makes no second key.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { childEnv } from '../child-env.ts'
import { serverSchema, startServer } from '../server-process.ts'

t.test('first start makes one admin key in a private file; the demo loads through the running service', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'first-run-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const keyFile = join(dir, 'secrets', 'first-admin-key')
  const databaseUrl = process.env.TEST_DATABASE_URL ? (await serverSchema(t)).url : ''
  const env = { FIRST_ADMIN_KEY_FILE: keyFile, ...(databaseUrl ? {} : { DATA_DIR: join(dir, 'db') }) }

  const server = await startServer(databaseUrl, env)
  let stopped = false
  t.teardown(async () => {
    if (!stopped) server.child.kill('SIGKILL')
    await server.exited
  })
  const key = readFileSync(keyFile, 'utf8').trim()
  t.match(key, /^cpds_/)
  t.equal(statSync(keyFile).mode & 0o777, 0o600, 'only its owner can read it')
  t.match(server.output(), new RegExp(`admin key .* is in ${keyFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`))
  t.notMatch(server.output(), key, 'the key itself is never printed or logged')

  const get = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } })
  const first = await get('/v1/authorities')
  t.equal(first.status, 200, await first.text())

  const port = new URL(server.baseUrl).port
  const demo = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo-data.ts', '--la', '372', '--scale', '0.3', '--years', '4'], {
    env: childEnv({ PORT: port, DATABASE_URL: databaseUrl, FIRST_ADMIN_KEY_FILE: keyFile, DATA_DIR: join(dir, 'unused') }),
    encoding: 'utf8',
    timeout: 240_000,
  })
  t.equal(demo.status, 0, demo.stderr)
  t.match(demo.stdout, /through the running service/)

  const scorecard = (await (await get('/v1/authorities/372/scorecard?asAt=2026-03-31')).json()) as {
    items: Array<{ id: string; value: number | null }>
  }
  const inCare = scorecard.items.find((i) => i.id === 'children-in-care')
  t.ok(inCare?.value !== null && (inCare?.value ?? 0) > 0, `children in care: ${String(inCare?.value)}`)

  // A restart finds the client: no second key, the file untouched.
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
  stopped = true
  const again = await startServer(databaseUrl, env)
  t.teardown(async () => {
    again.child.kill('SIGKILL')
    await again.exited
  })
  t.notMatch(again.output(), /First start/)
  t.equal(readFileSync(keyFile, 'utf8').trim(), key)
  const clients = (await (await fetch(`${again.baseUrl}/v1/clients`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: unknown[] }
  t.equal(clients.items.length, 1, 'still one client')
})
