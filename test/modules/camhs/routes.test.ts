import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { auditEventsOf } from '../partner-records/audit-fixtures.ts'

// The mental health service's CAMHS referrals through the partner engine (issue #19): one record, a
// JSON batch or a CSV file; the child's CAMHS answer and the waiting list of children in care.
const h = await buildTestApp(t)
let writer = ''
let reader = ''
let camhs = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('831')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['child:read'], ['372'])
  camhs = await h.key(['mental-health:write'], ['372'])
})

const { child, episodes } = integration(h, () => writer)

/** The children the example file names by NHS number, and one whose care ended. */
async function children() {
  const setUp: Array<[string, Record<string, unknown>, unknown[]]> = [
    ['C100234', { dateOfBirth: '2012-03-14', nhsNumber: '3982597919' }, [ep('2024-01-10', null, { reasonEnded: null })]],
    ['C100235', { dateOfBirth: '2021-07-02', nhsNumber: '9074833780' }, [ep('2024-10-21', null, { reasonEnded: null })]],
    ['C100236', { dateOfBirth: '2010-01-05', nhsNumber: '9434765919' }, [ep('2023-01-09', '2025-09-30', { reasonEnded: 'E11' })]],
  ]
  for (const [id, body, list] of setUp) {
    t.equal((await child(id, body)).statusCode, 201)
    t.equal((await episodes(id, list)).statusCode, 200)
  }
}

const URL_ = '/v1/authorities/372/camhs/referrals'
const post = (payload: unknown, key = camhs) => h.call(key, { method: 'POST', url: URL_, payload: payload as Record<string, unknown> })
const csv = (body: string | Buffer, key = camhs) => h.call(key, { method: 'POST', url: URL_, payload: body, headers: { 'content-type': 'text/csv' } })
const read = (id: string, asAt?: string, key = reader) =>
  h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${id}/camhs${asAt ? `?asAt=${asAt}` : ''}` })
const waiting = (query: string, key = reader) => h.call(key, { method: 'GET', url: `/v1/authorities/372/camhs/waiting-list?${query}` })
const stored = () =>
  h.db
    .selectFrom('camhs_referrals')
    .select(['recordId', 'childId', 'referredOn', 'decision', 'decidedOn', 'firstAppointmentOn', 'dischargedOn'])
    .orderBy('recordId')
    .execute()
const example = () => readFile(new URL('../../../docs/partner-files/camhs-referrals.csv', import.meta.url))

type Summary = Record<'created' | 'updated' | 'unchanged' | 'deleted' | 'rejected', number>

t.test('the example file loads with every row created, then unchanged; its words and dates as stored', async (t) => {
  await children()
  const res = await csv(await example())
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json<{ summary: Summary }>().summary, { created: 4, updated: 0, unchanged: 0, deleted: 0, rejected: 0 })
  t.same(await stored(), [
    {
      recordId: 'CAMHS-R-0001',
      childId: 'C100234',
      referredOn: '2025-01-06',
      decision: 'accepted',
      decidedOn: '2025-01-20',
      firstAppointmentOn: '2025-02-03',
      dischargedOn: '2025-06-30',
    },
    {
      recordId: 'CAMHS-R-0002',
      childId: 'C100234',
      referredOn: '2025-09-01',
      decision: 'accepted',
      decidedOn: '2025-09-08',
      firstAppointmentOn: null,
      dischargedOn: null,
    },
    {
      recordId: 'CAMHS-R-0003',
      childId: 'C100235',
      referredOn: '2025-10-14',
      decision: 'declined',
      decidedOn: '2025-10-21',
      firstAppointmentOn: null,
      dischargedOn: null,
    },
    { recordId: 'CAMHS-R-0004', childId: 'C100235', referredOn: '2025-11-17', decision: null, decidedOn: null, firstAppointmentOn: null, dischargedOn: null },
  ])
  t.same((await csv(await example())).json<{ summary: Summary }>().summary.unchanged, 4, 'again: unchanged')
})

t.test('JSON: one record or a batch, updated by its record id (idempotent), purged, deleted', async (t) => {
  await children()
  const one = { recordId: 'R-1', nhsNumber: '398 259 7919', referredOn: '2025-03-03' }
  const first = await post(one)
  t.equal(first.statusCode, 200, first.body)
  t.match(first.json(), { results: [{ index: 0, recordId: 'R-1', status: 'created' }] })
  t.match((await post(one)).json(), { results: [{ status: 'unchanged' }] }, 'posted again: unchanged')
  const accepted = { ...one, decision: 'accepted', decidedOn: '2025-03-10', firstAppointmentOn: '2025-04-02' }
  t.match((await post(accepted)).json(), { results: [{ status: 'updated' }] })
  const batch = await post({
    records: [accepted, { recordId: 'R-2', childId: 'C100235', referredOn: '2025-05-12' }, { recordId: 'R-3', childId: 'NOBODY', referredOn: '2025-05-12' }],
  })
  t.equal(batch.statusCode, 200)
  t.match(batch.json(), {
    results: [
      { recordId: 'R-1', status: 'unchanged' },
      { recordId: 'R-2', status: 'created' },
      { recordId: 'R-3', status: 'rejected', statusCode: 422, errors: [{ pointer: '/records/2/childId' }] },
    ],
    summary: { created: 1, unchanged: 1, rejected: 1 },
  })
  t.same(
    (await stored()).map((r) => [r.recordId, r.childId, r.decision, r.firstAppointmentOn]),
    [
      ['R-1', 'C100234', 'accepted', '2025-04-02'],
      ['R-2', 'C100235', null, null],
    ],
  )
  t.match((await post({ recordId: 'R-2', purge: true })).json(), { results: [{ status: 'deleted' }] })
  t.equal((await h.call(camhs, { method: 'DELETE', url: `${URL_}/R-1` })).statusCode, 204)
  expectProblem(t, await h.call(camhs, { method: 'DELETE', url: `${URL_}/R-1` }), 404)
  t.same(await stored(), [])
})

t.test('a record with bad dates or codes is refused naming its field (422), nothing stored; an unknown child too', async (t) => {
  await children()
  const base = { recordId: 'R-9', childId: 'C100234', referredOn: '2025-03-03' }
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...base, referredOn: '2099-01-01' }, '/referredOn'],
    [{ ...base, referredOn: '2012-03-13' }, '/referredOn'],
    [{ ...base, referredOn: '2025-02-30' }, '/referredOn'],
    [{ ...base, decision: 'maybe' }, '/decision'],
    [{ ...base, decidedOn: '2025-03-04' }, '/decidedOn'],
    [{ ...base, decision: 'accepted', decidedOn: '2025-03-02' }, '/decidedOn'],
    [{ ...base, decision: 'accepted', firstAppointmentOn: '2025-03-02' }, '/firstAppointmentOn'],
    [{ ...base, decision: 'declined', firstAppointmentOn: '2025-04-02' }, '/firstAppointmentOn'],
    [{ ...base, firstAppointmentOn: '2025-04-02' }, '/firstAppointmentOn'],
    [{ ...base, decision: 'accepted', firstAppointmentOn: '2025-04-02', dischargedOn: '2025-04-01' }, '/dischargedOn'],
    [{ ...base, dischargedOn: '2099-04-01' }, '/dischargedOn'],
    [{ ...base, referredOn: undefined }, '/referredOn'],
    [{ ...base, childId: 'NOBODY' }, '/childId'],
    [{ ...base, childId: undefined, nhsNumber: '943 476 5910' }, '/nhsNumber'],
    [{ ...base, childId: undefined, nhsNumber: '401 023 2137' }, '/nhsNumber'],
  ]
  for (const [record, pointer] of cases) {
    const problem = expectProblem(t, await post(record), 422)
    t.match(problem.errors, [{ pointer }], `${JSON.stringify(record)}: ${JSON.stringify(problem.errors)}`)
  }
  // The same in a CSV file: each row refused with its line.
  const file = await csv('recordId,childId,referredOn,decision,firstAppointmentOn\nR-8,C100234,2025-03-03,accepted,2025-03-01\nR-9,C100234,2099-01-01,,\n')
  const problem = expectProblem(t, file, 422)
  t.match(problem.results, [
    { line: 2, errors: [{ pointer: '/records/0/firstAppointmentOn' }] },
    { line: 3, errors: [{ pointer: '/records/1/referredOn' }] },
  ])
  t.same(await stored(), [], 'nothing stored')
})

t.test('scopes: only mental-health:write posts and removes, for its own authority; the reads take child:read', async (t) => {
  await children()
  const body = { recordId: 'R-1', childId: 'C100234', referredOn: '2025-03-03' }
  for (const scopes of [['records:write'], ['health:write'], ['advocacy:write'], ['child:read']] as const) {
    const other = await h.key([...scopes], ['372'])
    expectProblem(t, await post(body, other), 403)
    expectProblem(t, await csv('recordId,childId,referredOn\nR-1,C100234,2025-03-03\n', other), 403)
    expectProblem(t, await h.call(other, { method: 'DELETE', url: `${URL_}/R-1` }), 403)
  }
  expectProblem(t, await post(body, await h.key(['mental-health:write'], ['831'])), 403)
  t.same(await stored(), [], 'nothing stored')
  t.equal((await post(body)).statusCode, 200)
  expectProblem(t, await read('C100234', undefined, camhs), 403)
  expectProblem(t, await waiting('', camhs), 403)
  const elsewhere = await h.key(['child:read'], ['831'])
  expectProblem(t, await read('C100234', undefined, elsewhere), 403)
  expectProblem(t, await waiting('', elsewhere), 403)
  expectProblem(t, await read('NOBODY'), 404)
  expectProblem(t, await waiting('cursor=bm90LWEtY3Vyc29y'), 400)
})

t.test('writes and reads are audited; a write moves the mental health version only', async (t) => {
  await children()
  const versions = () =>
    h.db
      .selectFrom('authorities')
      .select(['dataVersion', 'mentalHealthVersion', 'careHistoryVersion', 'educationVersion'])
      .where('la', '=', '372')
      .executeTakeFirstOrThrow()
  const before = await versions()
  await post({ recordId: 'R-1', childId: 'C100234', referredOn: '2025-03-03' })
  const after = await versions()
  t.equal(after.mentalHealthVersion, after.dataVersion)
  t.not(after.mentalHealthVersion, before.mentalHealthVersion)
  t.equal(after.careHistoryVersion, before.careHistoryVersion)
  t.equal(after.educationVersion, before.educationVersion)
  await post({ recordId: 'R-1', childId: 'C100234', referredOn: '2025-03-03' })
  t.equal((await versions()).dataVersion, after.dataVersion, 'an unchanged post changes nothing')
  await h.call(camhs, { method: 'DELETE', url: `${URL_}/R-1` })
  await read('C100234')
  await waiting('')
  const events = await auditEventsOf(h, 'camhs', { refused: true })
  t.match(events, [
    { action: 'post', resource: '/v1/authorities/:la/camhs/referrals', status: 200 },
    { action: 'post', resource: '/v1/authorities/:la/camhs/referrals', status: 200 },
    { action: 'delete', resource: '/v1/authorities/:la/camhs/referrals/:recordId', resourceId: 'R-1', status: 204 },
    { action: 'read', resource: '/v1/authorities/:la/children/:childId/camhs', resourceId: 'C100234', status: 200 },
    { action: 'read', resource: '/v1/authorities/:la/camhs/waiting-list', status: 200 },
  ])
  t.equal(events.length, 5)
})

t.test("a child's CAMHS answer: waiting or seen, and the days waited", async (t) => {
  await children()
  t.equal((await csv(await example())).statusCode, 200)
  const mid = await read('C100234', '2025-01-31')
  t.equal(mid.statusCode, 200, mid.body)
  t.same(mid.json(), {
    childId: 'C100234',
    asAt: '2025-01-31',
    waiting: true,
    longestWait: 25,
    referrals: [
      {
        recordId: 'CAMHS-R-0001',
        referredOn: '2025-01-06',
        decision: 'accepted',
        decidedOn: '2025-01-20',
        firstAppointmentOn: '2025-02-03',
        dischargedOn: '2025-06-30',
        status: 'waiting',
        daysWaited: 25,
      },
    ],
  })
  // Seen on 3 February after 28 days; the second referral has waited since 1 September.
  t.match((await read('C100234', '2025-10-01')).json(), {
    waiting: true,
    longestWait: 30,
    referrals: [
      { recordId: 'CAMHS-R-0001', status: 'seen', daysWaited: 28 },
      { recordId: 'CAMHS-R-0002', status: 'waiting', daysWaited: 30 },
    ],
  })
  t.match((await read('C100235', '2025-11-20')).json(), {
    waiting: false,
    longestWait: null,
    referrals: [
      { recordId: 'CAMHS-R-0003', status: 'declined', daysWaited: null },
      { recordId: 'CAMHS-R-0004', status: 'awaiting-decision', daysWaited: 3 },
    ],
  })
  t.same((await read('C100235', '2025-10-13')).json().referrals, [], 'nothing referred by then')
})

t.test('the waiting list: accepted, not seen or discharged, of children in care on the day; longest first, paged', async (t) => {
  await children()
  t.equal((await csv(await example())).statusCode, 200)
  const more = await post({
    records: [
      // Waiting, but C100236 left care on 30 September 2025: listed before, not after.
      { recordId: 'W-1', childId: 'C100236', referredOn: '2025-08-01', decision: 'accepted' },
      { recordId: 'W-2', childId: 'C100235', referredOn: '2025-09-01', decision: 'accepted' },
      // Closed unseen on 1 October: not waiting from then.
      { recordId: 'W-3', childId: 'C100235', referredOn: '2025-06-02', decision: 'accepted', dischargedOn: '2025-10-01' },
    ],
  })
  t.equal(more.statusCode, 200, more.body)
  const items = (res: { json: () => { items: Array<{ recordId: string }> } }) => res.json().items.map((i) => i.recordId)

  const sept = await waiting('asAt=2025-09-29')
  t.equal(sept.statusCode, 200, sept.body)
  t.same(sept.json().items, [
    { childId: 'C100235', recordId: 'W-3', referredOn: '2025-06-02', decidedOn: null, daysWaited: 119 },
    { childId: 'C100236', recordId: 'W-1', referredOn: '2025-08-01', decidedOn: null, daysWaited: 59 },
    { childId: 'C100234', recordId: 'CAMHS-R-0002', referredOn: '2025-09-01', decidedOn: '2025-09-08', daysWaited: 28 },
    { childId: 'C100235', recordId: 'W-2', referredOn: '2025-09-01', decidedOn: null, daysWaited: 28 },
  ])
  t.same(items(await waiting('asAt=2025-09-30')), ['W-3', 'CAMHS-R-0002', 'W-2'], 'the day care ends is not in care')
  t.same(items(await waiting('asAt=2025-10-01')), ['CAMHS-R-0002', 'W-2'], 'discharged unseen: off the list')
  const page1 = await waiting('asAt=2025-09-29&limit=3')
  t.same(items(page1), ['W-3', 'W-1', 'CAMHS-R-0002'])
  const cursor = page1.json<{ nextCursor: string }>().nextCursor
  const page2 = await waiting(`asAt=2025-09-29&limit=3&cursor=${cursor}`)
  t.same(items(page2), ['W-2'])
  t.equal(page2.json<{ nextCursor: string | null }>().nextCursor, null)
})
