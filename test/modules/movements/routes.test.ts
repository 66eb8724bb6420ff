import t from 'tap'
import { replaceCareHistories } from '../../../src/db/care-history-store.ts'
import { careHistoryRows } from '../../../src/domain/care-history/stored.ts'
import { upsertChildren } from '../../../src/db/children-store.ts'
import type { Episode } from '../../../src/domain/care-history/index.ts'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'
import { ep } from '../../domain/care-history/fixtures.ts'

const h = await buildTestApp(t)

/** Stores children straight through the same store the API and the import use. */
async function seed(histories: Array<[string, Episode[]]>) {
  await h.db.transaction().execute(async (trx) => {
    await upsertChildren(
      trx,
      '372',
      histories.map(([childId]) => ({
        childId,
        sex: 'M',
        dateOfBirth: '2012-01-01',
        ethnicity: 'WBRI',
        upn: null,
        nhsNumber: null,
        uasc: false,
        uascCeasedOn: null,
      })),
    )
    await replaceCareHistories(
      trx,
      '372',
      histories.map(([childId, episodes]) => careHistoryRows('372', { childId, episodes, warnings: [] }, '2025-06-01')),
    )
  })
}

t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
})

t.test('488 in care, 10 admissions and 19 cessations in February: 479 at month end', async (t) => {
  const histories: Array<[string, Episode[]]> = []
  for (let i = 0; i < 488; i++) {
    // 19 of them leave during February, on different days and for different reasons.
    const leaves = i < 19
    histories.push([
      `S${i}`,
      [ep('2023-05-01', leaves ? `2025-02-${String(1 + i).padStart(2, '0')}` : null, { reasonEnded: leaves ? (i % 2 ? 'E4A' : 'E17') : null })],
    ])
  }
  // 10 new children come in during February; one more comes in on 1 March (not February).
  for (let i = 0; i < 10; i++) histories.push([`N${i}`, [ep(`2025-02-${String(10 + i).padStart(2, '0')}`, null, { reasonEnded: null })]])
  histories.push(['M1', [ep('2025-03-01', null, { reasonEnded: null })]])
  // A legal status change and a move in February are neither admissions nor cessations.
  histories.push([
    'L1',
    [
      ep('2024-01-01', '2025-02-05', { legalStatus: 'C1' }),
      ep('2025-02-05', '2025-02-20', { reasonNewEpisode: 'L', legalStatus: 'C2' }),
      ep('2025-02-20', null, { reasonNewEpisode: 'P', placementType: 'U6', placementProvider: 'PR4', placementPostcode: 'S65 2AB', reasonEnded: null }),
    ],
  ])
  // A V3 short break in February is not care at all.
  histories.push(['V1', [ep('2025-02-03', '2025-02-06', { legalStatus: 'V3', categoryOfNeed: 'N2', reasonEnded: 'E8' })]])
  await seed(histories)
  const key = await h.key(['kpi:read'], ['372'])
  const res = await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2025-01-01&to=2025-03-31' })
  t.equal(res.statusCode, 200)
  const rows = res.json().items
  t.same(
    rows.map((r: Record<string, unknown>) => [r.periodStart, r.periodEnd, r.start, r.admissions, r.cessations, r.end, r.netChange]),
    [
      ['2025-01-01', '2025-01-31', 489, 0, 0, 489, 0],
      ['2025-02-01', '2025-02-28', 489, 10, 19, 480, -9],
      ['2025-03-01', '2025-03-31', 480, 1, 0, 481, 1],
    ],
  )
})

t.test('the plain 488 -> 479 month', async (t) => {
  const histories: Array<[string, Episode[]]> = []
  for (let i = 0; i < 488; i++) histories.push([`S${i}`, [ep('2023-05-01', i < 19 ? '2025-02-14' : null, { reasonEnded: i < 19 ? 'E4A' : null })]])
  for (let i = 0; i < 10; i++) histories.push([`N${i}`, [ep('2025-02-10', null, { reasonEnded: null })]])
  await seed(histories)
  const key = await h.key(['kpi:read'], ['372'])
  const [row] = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2025-02-01&to=2025-02-28' })).json().items
  t.match(row, { start: 488, admissions: 10, cessations: 19, end: 479, netChange: -9, suppressed: false })
})

t.test('quarters and years', async (t) => {
  await seed([['A', [ep('2024-05-01', '2025-01-10', { reasonEnded: 'E4A' })]]])
  const key = await h.key(['kpi:read'], ['372'])
  const q = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2024-04-01&to=2025-03-31&interval=quarter' })).json().items
  t.same(
    q.map((r: Record<string, unknown>) => [r.periodStart, r.periodEnd, r.admissions, r.cessations, r.end]),
    [
      ['2024-04-01', '2024-06-30', 1, 0, 1],
      ['2024-07-01', '2024-09-30', 0, 0, 1],
      ['2024-10-01', '2024-12-31', 0, 0, 1],
      ['2025-01-01', '2025-03-31', 0, 1, 0],
    ],
  )
  const y = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2024-04-01&to=2025-03-31&interval=year' })).json().items
  t.same(
    y.map((r: Record<string, unknown>) => [r.periodStart, r.periodEnd, r.start, r.admissions, r.cessations, r.end]),
    [['2024-04-01', '2025-03-31', 0, 1, 1, 0]],
  )
})

t.test('small numbers are withheld for a client marked so', async (t) => {
  await seed([
    ['A', [ep('2024-05-01', null, { reasonEnded: null })]],
    ['B', [ep('2025-02-02', '2025-02-20', { reasonEnded: 'E4A' })]],
  ])
  const key = await h.key(['kpi:read'], ['372'], { suppressSmallNumbers: true })
  const [row] = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2025-02-01&to=2025-02-28' })).json().items
  t.match(row, { start: null, admissions: null, cessations: null, end: null, netChange: null, suppressed: true })
})

t.test('admissions and cessations list who and why', async (t) => {
  await seed([
    ['A', [ep('2025-02-02', '2025-02-20', { reasonEnded: 'E4A' })]],
    ['B', [ep('2024-02-02', '2025-02-21', { reasonEnded: 'E11', placementType: 'A5', placementProvider: 'PR1' })]],
  ])
  const key = await h.key(['child:read'], ['372'])
  const adm = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/admissions?from=2025-02-01&to=2025-02-28' })).json().items
  t.same(
    adm.map((a: { childId: string; date: string }) => [a.childId, a.date]),
    [['A', '2025-02-02']],
  )
  const ces = (await h.call(key, { method: 'GET', url: '/v1/authorities/372/cessations?from=2025-02-01&to=2025-02-28' })).json().items
  t.same(
    ces.map((c: { childId: string; reasonEnded: string }) => [c.childId, c.reasonEnded]),
    [
      ['A', 'E4A'],
      ['B', 'E11'],
    ],
  )
  t.match(ces[1].reasonDescription, /adopt/i)
})

t.test('a reversed range is a 400 naming from', async (t) => {
  const key = await h.key(['kpi:read'], ['372'])
  const body = expectProblem(t, await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2025-03-01&to=2025-02-01' }), 400)
  t.equal(body.errors?.[0]?.pointer, '/from')
  expectProblem(t, await h.call(key, { method: 'GET', url: '/v1/authorities/372/movements?from=2025-13-01&to=2025-02-01' }), 400)
})
