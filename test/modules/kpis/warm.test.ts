import { sql } from 'kysely'
import pino from 'pino'
import t from 'tap'
import { todayInEngland } from '../../../src/domain/dates/today.ts'
import { kpiById } from '../../../src/domain/kpis/index.ts'
import { kpiService, type KpiService } from '../../../src/modules/kpis/service.ts'
import { kpiWarmer, standardDates } from '../../../src/modules/kpis/warm.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { buildTestApp, eventually } from '../../helper.ts'

t.test("the board's standard dates: latest month end, quarter end and 31 March, today included", async (t) => {
  t.same(standardDates('2026-04-15'), ['2026-03-31'])
  t.same(standardDates('2026-05-20'), ['2026-04-30', '2026-03-31'])
  t.same(standardDates('2026-08-10'), ['2026-07-31', '2026-06-30', '2026-03-31'])
  t.same(standardDates('2026-03-31'), ['2026-03-31'])
  t.same(standardDates('2027-02-28'), ['2027-02-28', '2026-12-31', '2026-03-31'])
  t.same(standardDates('2024-03-01'), ['2024-02-29', '2023-12-31', '2023-03-31'])
})

t.test('the warmer: one authority at a time, errors logged, nothing new after close', async (t) => {
  const lines: string[] = []
  const log = pino({ level: 'debug' }, { write: (l: string) => lines.push(l) })
  const started: string[] = []
  let inFlight = 0
  let most = 0
  let release = () => {}
  const gate = new Promise<void>((r) => (release = r))
  // Only the first call a scorecard makes, held at a gate; failing it ends that authority's warm.
  const svc = {
    async authority(la: string) {
      started.push(la)
      most = Math.max(most, ++inFlight)
      await gate
      inFlight--
      throw new Error(`no authority ${la}`)
    },
  } as Pick<KpiService, 'authority'> as KpiService
  const warmer = kpiWarmer(svc, log, () => '2026-05-20')
  const a = warmer.warm('372')
  const b = warmer.warm('373')
  t.equal(warmer.warm('373'), b, 'asking again for a waiting authority joins its turn')
  const again = warmer.warm('372') // asked while 372 is being warmed: it goes round once more
  release()
  await Promise.all([a, b, again])
  t.same(started, ['372', '373', '372'])
  t.equal(most, 1, 'never two at once')
  t.equal(lines.filter((l) => /warming the KPI cache failed/.test(l)).length, 3, 'each failure logged, none thrown')

  const closing = kpiWarmer(svc, log, () => '2026-05-20')
  started.length = 0
  const first = closing.warm('374')
  const queued = closing.warm('375')
  await closing.close()
  await Promise.all([first, queued])
  t.same(started, ['374'], 'what was waiting never starts')
  await closing.warm('376')
  t.same(started, ['374'], 'nor does anything asked after close')
})

const h = await buildTestApp(t)

t.test('after a data change and a warm, the scorecard at each standard date is a cache hit', async (t) => {
  await h.authority('372')
  const writer = await h.key(['records:write'], ['372'])
  const reader = await h.key(['kpi:read'], ['372'])
  const careful = await h.key(['kpi:read'], ['372'], { suppressSmallNumbers: true })
  for (const id of ['A', 'B', 'C', 'D', 'E', 'F']) {
    const child = await h.call(writer, {
      method: 'PUT',
      url: `/v1/authorities/372/children/${id}`,
      payload: { sex: 'F', dateOfBirth: '2012-06-14', ethnicity: 'WBRI' },
    })
    t.equal(child.statusCode, 201, child.body)
    const episodes = await h.call(writer, {
      method: 'PUT',
      url: `/v1/authorities/372/children/${id}/episodes`,
      payload: { episodes: [snapshotEpisode('2024-05-02')] },
    })
    t.equal(episodes.statusCode, 200, episodes.body)
  }
  await h.app.dataChanged('372')

  // Behind the service's back (no new data version) every child leaves care: only a cached answer
  // can still count them.
  await sql`update episodes set start_date = '2099-01-01' where la = '372'`.execute(h.db)
  const inCare = async (key: string, asAt: string) => {
    const res = await h.call(key, { method: 'GET', url: `/v1/authorities/372/scorecard?asAt=${asAt}` })
    t.equal(res.statusCode, 200)
    return res.json<{ items: Array<{ id: string; value: number | null }> }>().items.find((i) => i.id === 'children-in-care')?.value
  }
  const dates = standardDates(todayInEngland())
  for (const asAt of dates) {
    t.equal(await inCare(reader, asAt), 6, `${asAt}: a cache hit`)
    t.equal(await inCare(careful, asAt), 6, `${asAt}, with suppression: a cache hit`)
  }
  // A date nobody warmed is computed now, from the data as it is.
  const other = `${Number(dates.at(-1)?.slice(0, 4)) - 1}-03-31`
  t.equal(await inCare(reader, other), 0, 'an unwarmed date is computed afresh')

  // A failure while warming is logged, never thrown at the caller.
  await h.app.dataChanged('999')
  t.ok(h.logs.some((l) => /warming the KPI cache failed/.test(l)))
})

t.test('a committed import starts the warming once it has answered', async (t) => {
  await h.authority('373')
  const writer = await h.key(['records:write'], ['373'])
  const asked: string[] = []
  const warming: Array<Promise<void>> = []
  const dataChanged = h.app.dataChanged.bind(h.app)
  h.app.dataChanged = (la: string) => {
    asked.push(la)
    const done = dataChanged(la)
    warming.push(done)
    return done
  }
  t.teardown(() => {
    h.app.dataChanged = dataChanged
  })
  const children = ['A', 'B'].map((id) => snapshotChild(id, [snapshotEpisode('2024-05-02')]))
  const imported = await h.call(writer, { method: 'POST', url: '/v1/authorities/373/imports', payload: { children } })
  t.equal(imported.statusCode, 201, imported.body)
  t.ok(await eventually(async () => warming.length > 0), 'the import started warming')
  await Promise.all(warming)
  t.same(asked, ['373'])
  // A refused import changes nothing and warms nothing.
  const refused = await h.call(writer, { method: 'POST', url: '/v1/authorities/373/imports', payload: { children: 'none' } })
  t.equal(refused.statusCode, 400)
  t.same(asked, ['373'])
})

t.test('readers who miss together share one computation; the next miss computes again', async (t) => {
  const svc = kpiService(h.db)
  let runs = 0
  const compute = async () => {
    runs++
    await new Promise((r) => setTimeout(r, 20))
    return runs
  }
  const [a, b] = await Promise.all([svc.once('372', '1', 'k', compute), svc.once('372', '1', 'k', compute)])
  t.same([a, b, runs], [1, 1, 1], 'one computation, both answered')
  t.equal(await svc.once('372', '2', 'k', compute), 2, 'another data version is another computation')
  t.equal(await svc.once('372', '1', 'k', compute), 3, "nothing is kept once it settles: keeping is the cache's job")
  await t.rejects(Promise.all([svc.once('372', '1', 'x', async () => Promise.reject(new Error('boom'))), svc.once('372', '1', 'x', compute)]), /boom/)
  t.equal(await svc.once('372', '1', 'x', compute), 4, 'a failure is not kept either')
})

t.test("the imported authority's KPI statements wait while the statistics are refreshed after its import, then run", async (t) => {
  await h.authority('374')
  const svc = kpiService(h.db)
  const state = await svc.authority('374')
  const order: string[] = []
  const refreshed = svc.refreshStatistics?.('374').then(() => order.push('statistics refreshed'))
  const evaluated = svc.evaluate('374', state, kpiById('children-in-care')!, [{ asAt: '2025-03-31', from: null }], null).then((e) => {
    order.push('KPI computed')
    return e
  })
  t.equal((await evaluated).points[0]?.total.numerator, 0)
  await refreshed
  t.same(order, ['statistics refreshed', 'KPI computed'])
})
