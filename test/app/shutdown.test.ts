import { spawn } from 'node:child_process'
import t from 'tap'
import { buildTestApp } from '../helper.ts'

t.test('closing the app lets a request in flight finish', async (t) => {
  // A route added only here, to hold a request open while the app closes.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  const h = await buildTestApp(t, {
    beforeReady: (app) =>
      app.get('/slow-for-test', async () => {
        await held
        return { done: true }
      }),
  })
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  const address = h.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const inFlight = fetch(`http://127.0.0.1:${port}/slow-for-test`)
  await new Promise((r) => setTimeout(r, 100))
  const closing = h.app.close()
  setTimeout(release, 200)
  const res = await inFlight
  t.equal(res.status, 200)
  t.same(await res.json(), { done: true })
  await closing
})

t.test('SIGTERM stops the server cleanly', { timeout: 120_000 }, async (t) => {
  // On Postgres the server gets a schema of its own (through the connection string), never public.
  let databaseUrl = ''
  if (process.env.TEST_DATABASE_URL) {
    const { randomBytes } = await import('node:crypto')
    const pg = (await import('pg')).default
    const schema = `t_srv_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    t.teardown(async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    })
    const url = new URL(process.env.TEST_DATABASE_URL)
    url.searchParams.set('options', `-c search_path=${schema},public`)
    databaseUrl = url.toString()
  }
  // The child must not write V8 coverage into this run's: it loads most modules and calls few of
  // them, and tap would merge that in as if the test suite had left them uncovered.
  const { NODE_V8_COVERAGE: _coverage, ...env } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...env, PORT: '0', DATA_DIR: 'memory://', DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000)
    const check = () => {
      if (/Server listening/.test(out)) {
        clearTimeout(timer)
        resolve()
      } else setTimeout(check, 100)
    }
    check()
  })
  child.kill('SIGTERM')
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  t.equal(code, 0, 'exits 0')
  t.match(out, /shutting down/)
})
