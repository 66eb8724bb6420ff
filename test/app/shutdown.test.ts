import t from 'tap'
import { buildTestApp } from '../helper.ts'
import { serverSchema, startServer } from '../server-process.ts'

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
  const databaseUrl = process.env.TEST_DATABASE_URL ? (await serverSchema(t)).url : ''
  const server = await startServer(databaseUrl)
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, 'exits 0')
  t.match(server.output(), /shutting down/)
})
