import { gzipSync } from 'node:zlib'
import t from 'tap'
import { sql } from 'kysely'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { importLockKey } from '../../../src/modules/imports/queries.ts'

const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['records:write', 'records:read'], ['372'])
})

const episode = snapshotEpisode
const childRow = snapshotChild
const snapshot = () => ({
  children: [
    childRow('C1', [episode('2024-05-02')]),
    childRow('C2', [episode('2023-01-10', { endDate: '2024-02-01', reasonEnded: 'E4A' })]),
    childRow('C3', [episode('2024-07-01', { endDate: '2024-09-01', reasonEnded: 'X1' }), episode('2024-09-01', { reasonNewEpisode: 'L', legalStatus: 'C1' })]),
  ],
})
const post = (body: unknown, query = '', headers: Record<string, string> = {}) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/372/imports${query}`, payload: body as object, headers })

t.test('a first snapshot inserts everything; the same snapshot again changes nothing and says so', async (t) => {
  const first = await post(snapshot())
  t.equal(first.statusCode, 201, first.body)
  t.match(first.json(), {
    status: 'succeeded',
    changed: true,
    counts: { children: { inserted: 3, updated: 0, deleted: 0, unchanged: 0, rejected: 0 }, episodes: { inserted: 4, deleted: 0, unchanged: 0 } },
  })
  const version = (await h.db.selectFrom('authorities').select('dataVersion').executeTakeFirstOrThrow()).dataVersion
  const second = await post(snapshot())
  t.match(second.json(), { status: 'succeeded', changed: false, counts: { children: { inserted: 0, updated: 0, unchanged: 3 }, episodes: { unchanged: 4 } } })
  t.match(second.json().message, /nothing changed/)
  t.equal((await h.db.selectFrom('authorities').select('dataVersion').executeTakeFirstOrThrow()).dataVersion, version, 'no write, no new data version')
  const c3 = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/C3/care-periods' })).json()
  t.equal(c3.items.length, 1, 'derived tables refreshed')
})

t.test('snapshot semantics: changed, removed and new children; delta leaves the rest alone', async (t) => {
  await post(snapshot())
  const next = snapshot()
  next.children[0] = childRow('C1', [episode('2024-05-02', { endDate: '2025-01-05', reasonEnded: 'E4A' })])
  next.children.splice(1, 1) // C2 no longer sent
  next.children.push(childRow('C4', [episode('2025-01-20')]))
  // A third of the children and their episodes go: more than the shrink guard lets through unconfirmed.
  t.equal((await post(next)).statusCode, 409)
  const res = (await post(next, '?confirmDeletes=children:1,episodes:1')).json()
  t.equal(res.shrinkConfirmed, 'children:1,episodes:1')
  t.match(res.counts, {
    children: { inserted: 1, updated: 1, deleted: 1, unchanged: 1 },
    episodes: { inserted: 1, updated: 1, deleted: 1, unchanged: 2 },
  })
  t.equal((await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/C2' })).statusCode, 404)

  const delta = (await post({ children: [childRow('C5', [episode('2025-02-01')])] }, '?mode=delta')).json()
  t.match(delta.counts.children, { inserted: 1, deleted: 0 })
  const ids = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/children' })).json().items.map((c: { childId: string }) => c.childId)
  t.same(ids, ['C1', 'C3', 'C4', 'C5'])
})

t.test('a child with an error is rejected and keeps what was stored; the rest import; findings name the row', async (t) => {
  await post(snapshot())
  const next = snapshot()
  // C1 now has an impossible date and an unknown code; C2 and C3 are fine.
  next.children[0] = childRow('C1', [episode('2024-13-02', { placementType: 'Q9' })])
  const res = await post(next)
  t.equal(res.statusCode, 201)
  const run = res.json()
  t.match(run, { status: 'succeeded', counts: { children: { rejected: 1, unchanged: 2 } } })
  t.ok(run.errorCount >= 1)
  const stored = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/children/C1/episodes' })).json()
  t.equal(stored.items[0].startDate, '2024-05-02', 'the rejected child keeps its stored history')
  const findings = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${run.id}/findings?severity=error` })).json().items
  t.ok(
    findings.some(
      (f: { childId: string; table: string; rowNumber: number; fields: string[] }) =>
        f.childId === 'C1' && f.table === 'Episodes' && f.rowNumber === 1 && f.fields.includes('startDate'),
    ),
  )
  const csv = await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${run.id}/findings?format=csv` })
  t.match(csv.headers['content-type'], /text\/csv/)
  t.match(csv.body, /^seq,table,rowNumber,childId,rule,severity,fields,message\r\n1,/)
})

t.test('runs and findings page with cursor and nextCursor; the older before and after still work', async (t) => {
  const runs: string[] = []
  for (let i = 0; i < 3; i++) runs.push((await post(snapshot(), '?mode=delta')).json().id)
  const list = (query: string) => h.call(key, { method: 'GET', url: `/v1/authorities/372/imports${query}` }).then((r) => r.json())
  const first = await list('?limit=2')
  t.same(
    first.items.map((r: { id: string }) => r.id),
    [runs[2], runs[1]],
    'newest first',
  )
  const second = await list(`?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
  t.same(
    second.items.map((r: { id: string }) => r.id),
    [runs[0]],
  )
  t.equal(second.nextCursor, null)
  t.same(
    (await list(`?limit=2&before=${encodeURIComponent(first.nextCursor)}`)).items.map((r: { id: string }) => r.id),
    [runs[0]],
    'before: the alias',
  )

  const bad = snapshot()
  bad.children = bad.children.map((c) => childRow(c.childId, [episode('2024-13-02', { placementType: 'Q9' })]))
  const run = (await post(bad, '?mode=delta')).json()
  const findings = (query: string) => h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${run.id}/findings${query}` }).then((r) => r.json())
  const all = (await findings('')).items.map((f: { seq: number }) => f.seq)
  t.ok(all.length >= 3)
  const page = await findings('?limit=2')
  t.same(
    page.items.map((f: { seq: number }) => f.seq),
    all.slice(0, 2),
  )
  t.equal(page.nextCursor, String(all[1]))
  t.equal(page.nextAfter, all[1], 'nextAfter: the alias, as a number')
  const rest = all.slice(2, 4)
  t.same(
    (await findings(`?limit=2&cursor=${page.nextCursor}`)).items.map((f: { seq: number }) => f.seq),
    rest,
  )
  t.same(
    (await findings(`?limit=2&after=${page.nextAfter}`)).items.map((f: { seq: number }) => f.seq),
    rest,
    'after: the alias',
  )
  const csv = await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${run.id}/findings?format=csv&limit=2` })
  t.equal(csv.headers.link, `<?format=csv&limit=2&cursor=${page.nextCursor}>; rel="next"`)
})

t.test('strict: any error fails the run and applies nothing', async (t) => {
  const bad = snapshot()
  // A code valid in no year: an error (a first episode not S, rule 357, is a warning since issue #17).
  bad.children[2] = childRow('C3', [episode('2024-07-01', { reasonNewEpisode: 'Q' })])
  const res = await post(bad, '?strict=true')
  const body = expectProblem(t, res, 422)
  t.type(body.runId, 'string')
  const n = await h.db
    .selectFrom('children')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(Number(n.n), 0)
  const run = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${String(body.runId)}` })).json()
  t.match(run, { status: 'failed', strict: true })
})

t.test('gzip bodies are accepted', async (t) => {
  const res = await post(gzipSync(Buffer.from(JSON.stringify(snapshot()))), '', { 'content-encoding': 'gzip', 'content-type': 'application/json' })
  t.equal(res.statusCode, 201, res.body)
  t.equal(res.json().counts.children.inserted, 3)
  expectProblem(t, await post(Buffer.from('not gzip'), '', { 'content-encoding': 'gzip', 'content-type': 'application/json' }), 400)
  expectProblem(t, await post(Buffer.from('{}'), '', { 'content-encoding': 'br', 'content-type': 'application/json' }), 415)
})

t.test(
  'a second import while one runs gets 409; the busy run is on record',
  { skip: !process.env.TEST_DATABASE_URL && 'PGlite has one connection: no second holder of the lock' },
  async (t) => {
    // Another connection holds the authority's import lock while the import is posted.
    const res = await h.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${importLockKey('372')})`.execute(trx)
      return post(snapshot())
    })
    const body = expectProblem(t, res, 409)
    const run = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${String(body.runId)}` })).json()
    t.match(run, { status: 'failed', message: /Another import/ })
  },
)

t.test('a failure in the middle of applying leaves the data exactly as it was', async (t) => {
  await post(snapshot())
  const before = await h.db.selectFrom('episodes').selectAll().orderBy('childId').orderBy('startDate').execute()
  // Make the last step (the derived placements) fail for one child the next snapshot changes.
  await sql`alter table placement_spells add constraint no_u6 check (placement_type <> 'U6')`.execute(h.db)
  t.teardown(() => sql`alter table placement_spells drop constraint if exists no_u6`.execute(h.db))
  const next = snapshot()
  next.children[0] = childRow('C1', [episode('2024-05-02', { placementType: 'U6' })])
  next.children.push(childRow('C9', [episode('2025-01-01')]))
  const res = await post(next)
  t.equal(res.statusCode, 500)
  const after = await h.db.selectFrom('episodes').selectAll().orderBy('childId').orderBy('startDate').execute()
  t.same(after, before)
  const runs = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/imports' })).json().items
  t.match(runs[0], { status: 'failed', message: /Nothing was applied/ })
})

t.test('a snapshot with the wrong shape is a 400 naming the field', async (t) => {
  const body = expectProblem(t, await post({ children: [{ childId: 'C1' }] }), 400)
  t.ok((body.errors ?? []).some((e) => e.pointer === '/children/0/episodes'))
})
