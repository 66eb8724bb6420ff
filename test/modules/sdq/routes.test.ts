import t from 'tap'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { ep } from '../../domain/care-history/fixtures.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'

const h = await buildTestApp(t)
let writer = ''
let reader = ''
let nurse = ''
let school = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['child:read'], ['372'])
  nurse = await h.key(['health:write'], ['372'])
  school = await h.key(['education:write'], ['372'])
})

const UPN = 'A123456789012'
const { child, episodes } = integration(h, () => writer)
async function inCare(id: string, startDate: string, body: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  t.equal((await child(id, body)).statusCode, 201)
  const res = await episodes(id, [ep(startDate, null, { reasonEnded: null, ...fields })])
  t.equal(res.statusCode, 200, res.body)
}
const post = (payload: unknown, key = nurse) => h.call(key, { method: 'POST', url: '/v1/authorities/372/sdq', payload: payload as Record<string, unknown> })
const get = (url: string) => h.call(reader, { method: 'GET', url: `/v1/authorities/372${url}` })

const sdq = (fields: Record<string, unknown> = {}) => ({
  recordId: 'SDQ-1',
  childId: 'C1',
  date: '2025-02-20',
  informant: 'carer',
  total: 15,
  emotional: 4,
  conduct: 3,
  hyperactivity: 6,
  peer: 2,
  prosocial: 7,
  ...fields,
})

t.test('a virtual school key posts a teacher SDQ by UPN, and nothing but teacher returns', async (t) => {
  await inCare('C1', '2023-01-10', { upn: UPN })
  const res = await post(sdq({ childId: undefined, upn: UPN.toLowerCase(), informant: 'teacher' }), school)
  t.equal(res.statusCode, 200, res.body)
  // Stored, with a warning: the child is looked after, and only the carer's questionnaire counts (5b).
  t.match(res.json().results, [{ index: 0, recordId: 'SDQ-1', status: 'created', warnings: [{ pointer: '/informant', rule: 'SDQ_INFORMANT' }] }])

  const carer = expectProblem(t, await post(sdq({ recordId: 'SDQ-2', childId: undefined, upn: UPN }), school), 403)
  t.same(
    carer.errors?.map((e) => e.pointer),
    ['/informant'],
  )

  // The nurse's carer return cannot be overwritten, or removed, by the school's key.
  t.equal((await post(sdq({ recordId: 'SDQ-3' }))).statusCode, 200)
  expectProblem(t, await post(sdq({ recordId: 'SDQ-3', informant: 'teacher' }), school), 403)
  expectProblem(t, await post({ recordId: 'SDQ-3', purge: true }, school), 403)
  expectProblem(t, await h.call(school, { method: 'DELETE', url: '/v1/authorities/372/sdq/SDQ-3' }), 403)
  t.equal((await h.call(school, { method: 'DELETE', url: '/v1/authorities/372/sdq/SDQ-1' })).statusCode, 204)
  expectProblem(t, await h.call(school, { method: 'DELETE', url: '/v1/authorities/372/sdq/SDQ-1' }), 404)
  t.equal((await h.call(nurse, { method: 'DELETE', url: '/v1/authorities/372/sdq/SDQ-3' })).statusCode, 204, 'the health key may')
  expectProblem(t, await h.call(school, { method: 'GET', url: '/v1/authorities/372/children/C1/sdq' }), 403)
})

t.test('scores: subscales must add up to the total, a score or a reason, ranges', async (t) => {
  await inCare('C1', '2023-01-10')
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['subscales do not add up', sdq({ total: 16 }), ['/total']],
    ['score and reason', sdq({ reasonCode: 'SDQ2' }), ['/conduct', '/emotional', '/hyperactivity', '/peer', '/prosocial', '/total']],
    ['neither', sdq({ total: null, emotional: null, conduct: null, hyperactivity: null, peer: null, prosocial: null }), ['/total']],
    ['only some subscales', sdq({ total: undefined, peer: undefined }), ['/total']],
    ['subscale over 10', sdq({ emotional: 11 }), ['/emotional']],
    ['total over 40', sdq({ total: 41, emotional: null }), ['/total']],
    ['negative', sdq({ peer: -1 }), ['/peer']],
    [
      'unknown reason',
      sdq({ total: null, emotional: null, conduct: null, hyperactivity: null, peer: null, prosocial: null, reasonCode: 'SDQ9' }),
      ['/reasonCode'],
    ],
    ['unknown informant', sdq({ informant: 'parent' }), ['/informant']],
    ['future', sdq({ date: '2999-01-01' }), ['/date']],
    ['before birth', sdq({ date: '2014-04-30' }), ['/date']],
  ]
  for (const [what, body, pointers] of cases) {
    const problem = expectProblem(t, await post(body), 422)
    t.same([...new Set(problem.errors?.map((e) => e.pointer))].sort(), pointers, what)
  }
  t.equal((await h.db.selectFrom('sdq_returns').selectAll().execute()).length, 0)

  const fromParts = await post({
    records: [
      sdq({ total: undefined }),
      sdq({ recordId: 'SDQ-2', total: 18, emotional: null, conduct: null, hyperactivity: null, peer: null, prosocial: null }),
    ],
  })
  t.equal(fromParts.statusCode, 200, fromParts.body)
  t.equal((await post({ recordId: 'SDQ-3', childId: 'C1', date: '2025-03-01', informant: 'self', reasonCode: 'sdq5' })).statusCode, 200)
  const list = (await get('/children/C1/sdq')).json()
  t.same(
    list.items.map((s: { recordId: string; total: number | null; band: string | null; reasonCode: string | null }) => [
      s.recordId,
      s.total,
      s.band,
      s.reasonCode,
    ]),
    [
      ['SDQ-1', 15, 'borderline', null],
      ['SDQ-2', 18, 'concern', null],
      ['SDQ-3', null, null, 'SDQ5'],
    ],
  )
  t.equal((await post(sdq({ total: undefined }))).json().results[0].status, 'unchanged', 'the derived total compares equal')
  // A zero is a score and a null is no score: neither turns into the other on the way in.
  await post(sdq({ recordId: 'SDQ-4', total: 9, emotional: 0, conduct: 3, hyperactivity: 6, peer: 0, prosocial: null }))
  t.match(await h.db.selectFrom('sdq_returns').selectAll().where('recordId', '=', 'SDQ-4').executeTakeFirstOrThrow(), {
    total: 9,
    emotional: 0,
    peer: 0,
    prosocial: null,
    reasonCode: null,
  })
  await h.call(nurse, { method: 'DELETE', url: '/v1/authorities/372/sdq/SDQ-4' })
  t.equal((await post(sdq({ prosocial: 8 }))).json().results[0].status, 'updated')
  expectProblem(t, await get('/children/NOPE/sdq'), 404)
})

t.test('high scores in a period, paged', async (t) => {
  await inCare('C1', '2023-01-10')
  await inCare('C2', '2023-01-10')
  const score = (recordId: string, childId: string, date: string, total: number) => ({ recordId, childId, date, informant: 'carer', total })
  await post({
    records: [
      score('A', 'C1', '2025-01-31', 17),
      score('B', 'C2', '2025-02-01', 16),
      score('C', 'C2', '2025-02-10', 30),
      score('D', 'C1', '2025-02-28', 17),
      score('E', 'C1', '2025-03-01', 25),
    ],
  })
  const all = (await get('/sdq/high-scores?from=2025-02-01&to=2025-02-28')).json()
  t.same(all.items, [
    { childId: 'C2', recordId: 'C', date: '2025-02-10', informant: 'carer', total: 30, band: 'concern' },
    { childId: 'C1', recordId: 'D', date: '2025-02-28', informant: 'carer', total: 17, band: 'concern' },
  ])
  t.equal(all.nextCursor, null)
  const first = (await get('/sdq/high-scores?from=2025-01-01&to=2025-03-31&limit=2')).json()
  t.same(
    first.items.map((i: { recordId: string }) => i.recordId),
    ['A', 'C'],
  )
  const second = (await get(`/sdq/high-scores?from=2025-01-01&to=2025-03-31&limit=2&cursor=${first.nextCursor}`)).json()
  t.same(
    second.items.map((i: { recordId: string }) => i.recordId),
    ['D', 'E'],
  )
  expectProblem(t, await get('/sdq/high-scores?from=2025-03-01&to=2025-02-01'), 400)
  expectProblem(t, await get('/sdq/high-scores?from=2025-01-01&to=2025-03-31&cursor=nonsense'), 400)
  expectProblem(t, await get('/sdq/high-scores?from=2025-01-01'), 400)
})

t.test('an SDQ for a looked-after child without the carer as informant is stored with a warning; the import run finds it too', async (t) => {
  // Looked after from 2023-01-10 to 2024-06-01 (returned home).
  t.equal((await child('C1')).statusCode, 201)
  t.equal((await episodes('C1', [ep('2023-01-10', '2024-06-01', { reasonEnded: 'E4A' })])).statusCode, 200)
  const res = await post({
    records: [
      sdq({ recordId: 'T-1', date: '2024-02-01', informant: 'teacher' }),
      sdq({
        recordId: 'S-1',
        date: '2024-02-01',
        informant: 'self',
        total: null,
        emotional: null,
        conduct: null,
        hyperactivity: null,
        peer: null,
        prosocial: null,
        reasonCode: 'SDQ4',
      }),
      sdq({ recordId: 'C-1', date: '2024-02-01' }),
      // After the child left care: nothing a KPI would count is lost, so no warning.
      sdq({ recordId: 'T-2', date: '2024-09-01', informant: 'teacher' }),
    ],
  })
  t.equal(res.statusCode, 200, res.body)
  const results = res.json<{ results: Array<{ recordId: string; status: string; warnings?: Array<{ pointer: string; rule: string; message: string }> }> }>()
    .results
  t.same(
    results.map((r) => [r.recordId, r.status, r.warnings?.map((w) => `${w.pointer} ${w.rule}`) ?? []]),
    [
      ['T-1', 'created', ['/records/0/informant SDQ_INFORMANT']],
      ['S-1', 'created', ['/records/1/informant SDQ_INFORMANT']],
      ['C-1', 'created', []],
      ['T-2', 'created', []],
    ],
  )
  t.match(results[0]?.warnings?.[0]?.message, /only the carer's questionnaire counts/)

  // The nightly import says the same in its findings.
  const snapshot = {
    children: [snapshotChild('C2', [snapshotEpisode('2023-01-10')], { dateOfBirth: '2012-06-14' })],
    sdqReturns: [
      { recordId: 'SDQ-T', childId: 'C2', date: '2024-07-01', informant: 'teacher', total: 12 },
      { recordId: 'SDQ-C', childId: 'C2', date: '2024-07-01', informant: 'carer', total: 12 },
    ],
  }
  const run = await h.call(writer, { method: 'POST', url: '/v1/authorities/372/imports?allowShrink=true', payload: snapshot })
  t.equal(run.statusCode, 201, run.body)
  const findings = await h.call(writer, { method: 'GET', url: `/v1/authorities/372/imports/${run.json<{ id: string }>().id}/findings` })
  t.match(
    findings.json<{ items: Array<Record<string, unknown>> }>().items.filter((f) => f.rule === 'SDQ_INFORMANT'),
    [{ childId: 'C2', severity: 'warning', fields: ['informant'] }],
  )
})

t.test('SDQs due: aged 4-16, in care 12 months, no score in the 12 months', async (t) => {
  const asAt = '2025-03-31'
  // Due: last score more than 12 months ago.
  await inCare('A', '2022-01-01', { dateOfBirth: '2015-01-01' })
  // Not due: scored in the 12 months.
  await inCare('B', '2022-01-01')
  // Due: never scored (only a reason code); in care since 2023-01-15, so due from 2024-01-15.
  await inCare('C', '2023-01-15', { dateOfBirth: '2017-06-01' })
  // Out: 3 years old; in care under 12 months; 17; short breaks; left care.
  await inCare('D', '2023-01-15', { dateOfBirth: '2021-06-01' })
  await inCare('E', '2024-09-01')
  await inCare('F', '2020-01-01', { dateOfBirth: '2008-03-31' })
  await inCare('G', '2020-01-01', {}, { legalStatus: 'V3', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', urn: 'SC123456' })
  t.equal((await child('H')).statusCode, 201)
  await episodes('H', [ep('2020-01-01', '2025-01-01', { reasonEnded: 'E4A' })])
  // Due on its last day: turned 4 on 2025-03-31 (in care since 2023).
  await inCare('I', '2023-01-15', { dateOfBirth: '2021-03-31' })
  await post({
    records: [
      { recordId: '1', childId: 'A', date: '2024-03-31', informant: 'carer', total: 12 },
      { recordId: '2', childId: 'B', date: '2024-04-01', informant: 'carer', total: 9 },
      { recordId: '3', childId: 'C', date: '2025-01-05', informant: 'carer', reasonCode: 'SDQ5' },
      { recordId: '4', childId: 'A', date: '2025-04-02', informant: 'carer', total: 10 },
    ],
  })
  const res = await get(`/sdq/due?asAt=${asAt}`)
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json().items, [
    {
      childId: 'A',
      age: 10,
      carePeriodStart: '2022-01-01',
      careStart: '2022-01-01',
      lastScoreDate: '2024-03-31',
      lastScore: 12,
      dueDate: '2025-03-31',
      overdue: false,
      reasonCodeInPeriod: null,
    },
    {
      childId: 'C',
      age: 7,
      carePeriodStart: '2023-01-15',
      careStart: '2023-01-15',
      lastScoreDate: null,
      lastScore: null,
      dueDate: '2024-01-15',
      overdue: true,
      reasonCodeInPeriod: 'SDQ5',
    },
    {
      childId: 'I',
      age: 4,
      carePeriodStart: '2023-01-15',
      careStart: '2023-01-15',
      lastScoreDate: null,
      lastScore: null,
      dueDate: '2025-03-31',
      overdue: false,
      reasonCodeInPeriod: null,
    },
  ])
  const page = (await get(`/sdq/due?asAt=${asAt}&limit=2`)).json()
  t.equal(page.nextCursor, 'C')
  t.same(
    (await get(`/sdq/due?asAt=${asAt}&limit=2&cursor=C`)).json().items.map((i: { childId: string }) => i.childId),
    ['I'],
  )
  t.same(
    (await get('/sdq/due?asAt=2024-04-01')).json().items.map((i: { childId: string }) => i.childId),
    ['C', 'F', 'H'],
    'a year earlier: A and B had scores in the 12 months, F was 16, H was still in care',
  )
})
