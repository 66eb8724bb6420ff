import { connect, createServer, type Socket } from 'node:net'
import { sql } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { openDatabase } from '../../../src/db/connect.ts'
import { ALL_AUTHORITIES, announceDataChange } from '../../../src/db/data-version.ts'
import { postgresDataVersionFeed, type DataVersionFeed } from '../../../src/db/data-version-feed.ts'
import { authorityStates } from '../../../src/modules/kpis/authority-states.ts'
import { buildTestApp, eventually, integration, testDatabase, type TestApp } from '../../helper.ts'
import { ep } from './fixtures.ts'

/**
 * Each authority's data versions kept in memory (issue #14): the guarantee that a cached figure is
 * never older than the data, tried from every side. A write answered by this process is seen by the
 * next read at once, with or without its notification; a write by another connection is seen once
 * its notification has arrived; a lost listen connection falls back to reading the versions, never
 * to keeping old ones.
 */
const url = process.env.TEST_DATABASE_URL

/** A feed the test drives by hand: live or not, changes told when the test says. */
function handFeed(live = true): DataVersionFeed & { tell(la: string): void; setLive(v: boolean): void } {
  const subs = new Set<(la: string) => void>()
  let on = live
  return {
    get live() {
      return on
    },
    backendPid: null,
    subscribe(fn) {
      subs.add(fn)
      return () => void subs.delete(fn)
    },
    caughtUp: async () => {},
    close: async () => {},
    tell(la) {
      for (const fn of subs) fn(la)
    },
    setLive(v) {
      on = v
      for (const fn of subs) fn(ALL_AUTHORITIES)
    },
  }
}

/** A promise the test settles. */
function deferred<T>() {
  let resolve: (v: T) => void = () => {}
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

t.test('the kept states: a change heard while a read is in flight forbids storing what it read', async (t) => {
  const feed = handFeed()
  const states = authorityStates<string>(feed)
  t.teardown(() => states.close())

  t.equal(await states.load('372', async () => 'v1'), 'v1')
  t.equal(states.get('372'), 'v1', 'kept')
  feed.tell('372')
  t.equal(states.get('372'), undefined, 'a change heard drops it')

  // Read before a write commits, answered after its change was heard: not kept.
  const slow = deferred<string>()
  const reading = states.load('372', () => slow.promise)
  feed.tell('372')
  slow.resolve('v1')
  t.equal(await reading, 'v1', 'the reader gets what it read')
  t.equal(states.get('372'), undefined, 'but it is not kept')

  // The same with every authority dropped (the feed lost and back), and with a change announced here.
  for (const change of [() => feed.tell(ALL_AUTHORITIES), () => announceDataChange('372'), () => feed.setLive(true)]) {
    const late = deferred<string>()
    const read = states.load('372', () => late.promise)
    change()
    late.resolve('v1')
    await read
    t.equal(states.get('372'), undefined)
  }

  // Another authority's change does not forbid it.
  const other = deferred<string>()
  const read = states.load('372', () => other.promise)
  feed.tell('373')
  other.resolve('v2')
  await read
  t.equal(states.get('372'), 'v2')

  // Readers asking together share one read; after a change the next one reads again.
  feed.tell('372')
  let reads = 0
  const shared = deferred<string>()
  const together = [states.load('372', () => (reads++, shared.promise)), states.load('372', () => (reads++, shared.promise))]
  feed.tell('372')
  const after = states.load('372', async () => (reads++, 'v3'))
  shared.resolve('v2')
  t.same(await Promise.all([...together, after]), ['v2', 'v2', 'v3'])
  t.equal(reads, 2, 'one read for the two together, one after the change')
  t.equal(states.get('372'), 'v3')

  // Not live: nothing is served from memory and nothing kept.
  feed.setLive(false)
  t.equal(states.get('372'), undefined)
  t.equal(await states.load('372', async () => 'v4'), 'v4')
  feed.setLive(true)
  t.equal(states.get('372'), undefined, 'nothing kept while not live')
  t.equal(await states.load('372', async () => 'v5'), 'v5')
  t.equal(states.get('372'), 'v5', 'kept again once live')
})

/** An app's view of one authority: how many children in care, and the rate per 10,000. */
async function inCare(h: TestApp, key: string, la: string): Promise<{ count: number; rate: number }> {
  const get = async (id: string) => {
    const res = await h.call(key, { method: 'GET', url: `/v1/authorities/${la}/kpis/${id}?asAt=2025-03-31` })
    if (res.statusCode !== 200) throw new Error(`${id}: ${res.statusCode} ${res.body}`)
    return res.json<{ value: number }>().value
  }
  return { count: await get('children-in-care'), rate: await get('children-in-care-rate') }
}

/** Changes the authority's population behind every listener's back: triggers off, so no notification. */
async function silentPopulation(db: TestApp['db'], la: string, population: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx)
    await sql`update authorities set population_under18 = ${population} where la = ${la}`.execute(trx)
  })
}

t.test('a write answered by this process is seen by the next read at once, though no notification ever comes', async (t) => {
  // Live but deaf: only what this process announces reaches the kept states.
  const deaf = handFeed()
  const h = await buildTestApp(t, { dataVersions: deaf })
  const la = '372'
  await h.authority(la)
  const admin = await h.key(['admin'])
  const reader = await h.key(['kpi:read'])
  const writer = await h.key(['records:write'])
  const records = integration(h, () => writer, { la })
  const put = (method: 'PUT', url: string, payload: Record<string, unknown>) => h.call(admin, { method, url, payload })
  t.equal((await put('PUT', `/v1/authorities/${la}/populations`, { items: [{ year: 2024, population: 10_000 }] })).statusCode, 200)

  t.same(await inCare(h, reader, la), { count: 0, rate: 0 })
  for (let i = 1; i <= 8; i++) {
    t.equal((await records.child(`C${i}`)).statusCode, 201)
    const res = await h.call(writer, { method: 'PUT', url: `/v1/authorities/${la}/children/C${i}/episodes`, payload: { episodes: [ep('2024-01-01', null)] } })
    t.equal(res.statusCode, 200)
    t.equal((await inCare(h, reader, la)).count, i, `the read just after write ${i}`)
  }
  t.equal((await inCare(h, reader, la)).rate, 8)
  t.equal((await put('PUT', `/v1/authorities/${la}/populations`, { items: [{ year: 2024, population: 20_000 }] })).statusCode, 200)
  t.equal((await inCare(h, reader, la)).rate, 4, 'a population written is seen at once')

  // The versions really are kept: a change that announces nothing (triggers off) is not seen...
  await sql`update child_populations set population = 40000 where la = ${la}`.execute(h.db)
  t.equal((await inCare(h, reader, la)).rate, 4, 'kept: the database was not asked')
  // ...until the feed tells of it.
  deaf.tell(la)
  t.equal((await inCare(h, reader, la)).rate, 2)
})

t.test('a plain SQL write with its bump: heard through the database as it commits', async (t) => {
  // The handle's own feed, as the server runs (PostgreSQL: a listen connection; PGlite: the session's).
  const handle = await testDatabase(t)
  const h = await buildTestApp(t, { handle })
  const feed = await handle.dataVersions()
  const la = '373'
  await h.authority(la)
  const reader = await h.key(['kpi:read'])
  const writer = await h.key(['records:write'])
  await integration(h, () => writer, { la }).child('A')
  await h.call(writer, { method: 'PUT', url: `/v1/authorities/${la}/children/A/episodes`, payload: { episodes: [ep('2024-01-01', null)] } })
  await h.db.updateTable('authorities').set({ populationUnder18: 10_000 }).where('la', '=', la).execute()
  await feed.caughtUp()
  t.same(await inCare(h, reader, la), { count: 1, rate: 1 })
  // A row and its bump straight in SQL, announced nowhere in this process: the trigger's notification.
  await h.db.transaction().execute(async (trx) => {
    await sql`update episodes set start_date = '2025-06-01' where la = ${la} and child_id = 'A'`.execute(trx)
    await sql`update authorities set data_version = data_version + 1, care_history_version = data_version + 1 where la = ${la}`.execute(trx)
  })
  await feed.caughtUp()
  t.same(await inCare(h, reader, la), { count: 0, rate: 0 })
  // The population estimates are heard too.
  await sql`insert into child_populations (la, year, population) values (${la}, 2020, 5000)`.execute(h.db)
  await sql`update episodes set start_date = '2024-01-01' where la = ${la} and child_id = 'A'`.execute(h.db)
  await bumpBySql(h.db, la)
  await feed.caughtUp()
  t.same(await inCare(h, reader, la), { count: 1, rate: 2 })
})

/** A bump as an operator would type it. */
const bumpBySql = (db: TestApp['db'], la: string) =>
  sql`update authorities set data_version = data_version + 1, care_history_version = data_version + 1 where la = ${la}`.execute(db)

if (!url) {
  t.test('another process, a lost listen connection: PostgreSQL only (PGlite has one process and no connection to lose)', async (t) => {
    t.pass('skipped on PGlite')
  })
} else {
  t.test('a write by another service on the same database is seen once its notification arrives', async (t) => {
    const handle = await testDatabase(t)
    const a = await buildTestApp(t, { handle })
    const other = await openDatabase({ url, schema: handle.schema, poolSize: 2 })
    t.teardown(() => other.close())
    const b = await buildTestApp(t, { handle: other })
    const feed = await handle.dataVersions()
    t.ok(await eventually(async () => feed.live, 10_000), 'listening')
    const la = '374'
    await a.authority(la)
    await a.db.updateTable('authorities').set({ populationUnder18: 10_000 }).where('la', '=', la).execute()
    const reader = await a.key(['kpi:read'])
    const writer = await a.key(['records:write'])
    await feed.caughtUp()
    t.same(await inCare(a, reader, la), { count: 0, rate: 0 })

    for (let i = 1; i <= 5; i++) {
      // Written and answered by the other service, which forgets its own kept versions only.
      await integration(b, () => writer, { la }).child(`B${i}`)
      const res = await b.call(writer, { method: 'PUT', url: `/v1/authorities/${la}/children/B${i}/episodes`, payload: { episodes: [ep('2024-01-01', null)] } })
      t.equal(res.statusCode, 200)
      await feed.caughtUp()
      t.equal((await inCare(a, reader, la)).count, i, `service A after service B's write ${i}`)
    }

    // From a connection of its own, as another process: a row, a bump, a population.
    const c = new pg.Client({ connectionString: url, options: `-c search_path=${handle.schema as string},public` })
    await c.connect()
    t.teardown(() => c.end())
    await c.query('begin')
    await c.query(`update episodes set start_date = '2025-06-01' where la = $1 and child_id = 'B1'`, [la])
    await c.query('update authorities set data_version = data_version + 1, care_history_version = data_version + 1 where la = $1', [la])
    await c.query('commit')
    await c.query('update authorities set population_under18 = 20000 where la = $1', [la])
    await feed.caughtUp()
    t.same(await inCare(a, reader, la), { count: 4, rate: 2 })
  })

  t.test('a lost listen connection falls back to reading the versions, never to keeping old ones', async (t) => {
    const handle = await testDatabase(t)
    // The handle's feed as the server has it, but slow to come back, so the test reads while it is down.
    const feed = postgresDataVersionFeed({ url, schema: handle.schema, reconnectMs: 5_000 })
    t.teardown(() => feed.close())
    const h = await buildTestApp(t, { handle, dataVersions: feed })
    t.ok(await eventually(async () => feed.live, 10_000), 'listening')
    const la = '375'
    await h.authority(la)
    await h.db.updateTable('authorities').set({ populationUnder18: 10_000 }).where('la', '=', la).execute()
    const reader = await h.key(['kpi:read'])
    const writer = await h.key(['records:write'])
    await integration(h, () => writer, { la }).child('A')
    await h.call(writer, { method: 'PUT', url: `/v1/authorities/${la}/children/A/episodes`, payload: { episodes: [ep('2024-01-01', null)] } })
    await feed.caughtUp()
    t.same(await inCare(h, reader, la), { count: 1, rate: 1 })
    // Kept: a change with no notification at all is not seen while the feed is live.
    await silentPopulation(h.db, la, 20_000)
    t.equal((await inCare(h, reader, la)).rate, 1, 'kept while live')

    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    t.teardown(() => admin.end())
    const pid = feed.backendPid
    t.type(pid, 'number')
    await admin.query('select pg_terminate_backend($1)', [pid])
    t.ok(await eventually(async () => !feed.live, 5_000), 'the loss is noticed')
    t.equal((await inCare(h, reader, la)).rate, 0.5, 'not live: the versions (and population) are read from the database')
    // Changes with no notification, while the connection is down, are seen by every read.
    await silentPopulation(h.db, la, 50_000)
    t.equal((await inCare(h, reader, la)).rate, 0.2)
    await h.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx)
      await sql`update episodes set start_date = '2025-06-01' where la = ${la} and child_id = 'A'`.execute(trx)
      await bumpBySql(trx, la)
    })
    t.same(await inCare(h, reader, la), { count: 0, rate: 0 })
    t.notOk(feed.live, 'all of that while the connection was down')

    // Back by itself; from then on versions are kept again, and changes heard again.
    t.ok(await eventually(async () => feed.live, 15_000), 'the listen connection is back')
    t.not(feed.backendPid, pid)
    await sql`update episodes set start_date = '2024-01-01' where la = ${la} and child_id = 'A'`.execute(h.db)
    await bumpBySql(h.db, la)
    await feed.caughtUp()
    t.same(await inCare(h, reader, la), { count: 1, rate: 0.2 })
    await silentPopulation(h.db, la, 10_000)
    t.equal((await inCare(h, reader, la)).rate, 0.2, 'kept again')
    await bumpBySql(h.db, la)
    await feed.caughtUp()
    t.equal((await inCare(h, reader, la)).rate, 1, 'and changes are heard again')
  })

  t.test('a listen connection that stops answering without a word stops being live within its heartbeat', async (t) => {
    const handle = await testDatabase(t)
    // A TCP proxy that can hold every byte in both directions without closing anything.
    const target = new URL(url)
    let holding = false
    const sockets = new Set<Socket>()
    const proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname)
      for (const s of [client, upstream]) {
        sockets.add(s)
        s.on('error', () => undefined)
      }
      client.on('data', (d: Buffer) => void (holding || upstream.write(d)))
      upstream.on('data', (d: Buffer) => void (holding || client.write(d)))
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    t.teardown(() => {
      for (const s of sockets) s.destroy()
      proxy.close()
    })
    const address = proxy.address()
    const viaProxy = new URL(url)
    viaProxy.port = String(typeof address === 'object' && address ? address.port : 0)
    const feed = postgresDataVersionFeed({ url: viaProxy.toString(), schema: handle.schema, heartbeatMs: 200, timeoutMs: 1_500 })
    t.teardown(() => feed.close())
    const h = await buildTestApp(t, { handle, dataVersions: feed })
    t.ok(await eventually(async () => feed.live, 10_000), 'listening through the proxy')
    const la = '376'
    await h.authority(la)
    await h.db.updateTable('authorities').set({ populationUnder18: 10_000 }).where('la', '=', la).execute()
    const reader = await h.key(['kpi:read'])
    const writer = await h.key(['records:write'])
    await integration(h, () => writer, { la }).child('A')
    await h.call(writer, { method: 'PUT', url: `/v1/authorities/${la}/children/A/episodes`, payload: { episodes: [ep('2024-01-01', null)] } })
    await feed.caughtUp()
    t.same(await inCare(h, reader, la), { count: 1, rate: 1 })
    await silentPopulation(h.db, la, 20_000)
    t.equal((await inCare(h, reader, la)).rate, 1, 'kept while live')
    holding = true
    t.ok(await eventually(async () => !feed.live, 5_000), 'the heartbeat finds it deaf')
    t.equal((await inCare(h, reader, la)).rate, 0.5, 'read from the database')
    holding = false
    t.ok(await eventually(async () => feed.live, 8000), 'and it comes back')
  })
}
