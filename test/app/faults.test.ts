import { connect, createServer, type Server, type Socket } from 'node:net'
import { sql } from 'kysely'
import t from 'tap'
import { openDatabase } from '../../src/db/connect.ts'
import { buildTestApp, eventually, expectProblem, testDatabase } from '../helper.ts'

/**
 * The database fails under the service: it goes away in the middle of a request, it comes back, every
 * connection is busy. PostgreSQL only: the service reaches it through a TCP proxy the test controls.
 */
const url = process.env.TEST_DATABASE_URL
if (!url) {
  t.plan(0, 'needs PostgreSQL (TEST_DATABASE_URL): PGlite runs inside the process, there is no connection to cut')
} else {
  /** A TCP proxy in front of PostgreSQL that can hold traffic, cut every connection, refuse new ones. */
  class Proxy {
    private server: Server | null = null
    private readonly sockets = new Set<Socket>()
    private holding = false
    /** Bytes the service sent while traffic was held (a query in flight, never delivered). */
    held = 0
    port = 0

    constructor(private readonly target: { host: string; port: number }) {}

    async start(): Promise<void> {
      const server = createServer((client) => {
        const upstream = connect(this.target.port, this.target.host)
        for (const s of [client, upstream]) {
          this.sockets.add(s)
          s.on('close', () => this.sockets.delete(s))
          s.on('error', () => undefined)
        }
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
        client.on('data', (d: Buffer) => (this.holding ? (this.held += d.length) : upstream.write(d)))
        upstream.pipe(client)
      })
      await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve))
      const address = server.address()
      this.port = typeof address === 'object' && address ? address.port : 0
      this.server = server
    }

    /** Stop passing the service's bytes on: its next query hangs in mid-air. */
    hold(): void {
      this.holding = true
      this.held = 0
    }

    /** The database is gone: every connection dropped, new ones refused. */
    async cut(): Promise<void> {
      const server = this.server
      this.server = null
      for (const s of this.sockets) s.destroy()
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
      this.holding = false
    }

    async restore(): Promise<void> {
      await this.start()
    }
  }

  const direct = await testDatabase(t)
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(direct.db)).rows[0]?.s as string
  const target = new URL(url)
  const proxy = new Proxy({ host: target.hostname, port: Number(target.port || 5432) })
  await proxy.start()
  t.teardown(() => proxy.cut())
  const viaProxy = new URL(url)
  viaProxy.port = String(proxy.port)
  const CONNECTION_TIMEOUT_MS = 500
  const handle = await openDatabase({ url: viaProxy.toString(), schema, poolSize: 2, connectionTimeoutMs: CONNECTION_TIMEOUT_MS })
  t.teardown(() => handle.close())
  const h = await buildTestApp(t, { handle })

  await h.authority('372')
  const key = await h.key(['records:write', 'records:read'], ['372'])

  let written = 0
  /** A write: a new child's header. Resolves with its id, status and how long it took. */
  async function write(): Promise<{ id: string; status: number; ms: number; res: Awaited<ReturnType<typeof h.call>> }> {
    const id = `W${++written}`
    const started = Date.now()
    const res = await h.call(key, {
      method: 'PUT',
      url: `/v1/authorities/372/children/${id}`,
      payload: { sex: 'F', ethnicity: 'WBRI', dateOfBirth: '2015-05-01' },
    })
    return { id, status: res.statusCode, ms: Date.now() - started, res }
  }
  const ready = () => h.app.inject({ method: 'GET', url: '/health/ready' })

  t.test('the database goes away mid-request: 503, then the service recovers by itself and loses no acknowledged write', async (t) => {
    const results: Array<Awaited<ReturnType<typeof write>>> = []
    for (let i = 0; i < 5; i++) results.push(await write())
    t.same(
      results.map((r) => r.status),
      [201, 201, 201, 201, 201],
      'writes before the outage',
    )

    // Writers keep going through the outage, one after another, as a partner's batch would.
    let writing = true
    const stream = (async () => {
      while (writing) {
        results.push(await write())
        await new Promise((r) => setTimeout(r, 10))
      }
    })()

    // A request whose query is on its way when the database disappears.
    proxy.hold()
    const inFlight = write()
    t.ok(await eventually(async () => proxy.held > 0, 5000), 'a query is in flight')
    await proxy.cut()
    const cutOff = await inFlight
    const body = expectProblem(t, cutOff.res, 503)
    t.match(body.type, /unavailable$/)
    t.equal(cutOff.res.headers['retry-after'], '5')
    t.ok(cutOff.ms < 5000, `answered in ${cutOff.ms} ms, not left hanging`)

    // While it is down: readiness says so, reads and writes get 503 at once.
    expectProblem(t, await ready(), 503)
    const read = await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/W1' })
    expectProblem(t, read, 503)
    t.equal(read.headers['retry-after'], '5')
    await new Promise((r) => setTimeout(r, 300))

    await proxy.restore()
    t.ok(await eventually(async () => (await ready()).statusCode === 200, 5000), 'ready again without a restart')
    await new Promise((r) => setTimeout(r, 200))
    writing = false
    await stream
    for (let i = 0; i < 5; i++) results.push(await write())

    const statuses = results.map((r) => r.status)
    t.same([...new Set(statuses)].sort(), [201, 503], 'every answer was 201 or 503: no 500, no other failure')
    t.same(statuses.slice(-5), [201, 201, 201, 201, 201], 'writes after the outage succeed')
    t.ok(statuses.includes(503), 'some writes met the outage')
    t.ok(Math.max(...results.map((r) => r.ms)) < 5000, 'none hung')
    // Every write answered 201 is in the database (read directly, not through the proxy).
    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.id)
    const stored = new Set((await direct.db.selectFrom('children').select('childId').where('la', '=', '372').execute()).map((r) => r.childId))
    t.same(
      acknowledged.filter((id) => !stored.has(id)),
      [],
      `all ${acknowledged.length} acknowledged writes are stored`,
    )
    t.ok(
      h.logs.some((l) => /database unavailable/.test(l)),
      'the outage is logged (as a warning, not a failure)',
    )
  })

  t.test('every connection busy: a request waits DATABASE_CONNECTION_TIMEOUT_MS, then 503 with Retry-After', async (t) => {
    t.equal((await write()).status, 201)
    // Both of the pool's connections are taken by slow statements.
    const hogs = [1, 2].map(() => sql`select pg_sleep(2)`.execute(handle.db))
    await new Promise((r) => setTimeout(r, 100))
    const started = Date.now()
    const res = await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/W1' })
    const ms = Date.now() - started
    const body = expectProblem(t, res, 503)
    t.match(body.detail, /no database connection came free/)
    t.equal(res.headers['retry-after'], '5')
    t.ok(ms >= CONNECTION_TIMEOUT_MS - 50 && ms < CONNECTION_TIMEOUT_MS + 1000, `waited ${ms} ms (limit ${CONNECTION_TIMEOUT_MS} ms)`)
    await Promise.all(hogs)
    t.equal((await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/W1' })).statusCode, 200, 'served once a connection is free')
  })
}
