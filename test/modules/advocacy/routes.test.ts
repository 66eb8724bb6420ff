import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { auditEventsOf } from '../partner-records/audit-fixtures.ts'

// The advocacy service's referrals and the issues raised in them (issue #19), each a record of its own
// (JSON or CSV), an issue naming its referral; and the child's advocacy read.
const h = await buildTestApp(t)
let writer = ''
let reader = ''
let advocacy = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('831')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['child:read'], ['372'])
  advocacy = await h.key(['advocacy:write'], ['372'])
})

const { child, episodes } = integration(h, () => writer)

async function children() {
  for (const [id, dateOfBirth, start] of [
    ['C100234', '2012-03-14', '2024-01-10'],
    ['C100235', '2021-07-02', '2024-10-21'],
  ] as const) {
    t.equal((await child(id, { dateOfBirth })).statusCode, 201)
    t.equal((await episodes(id, [ep(start, null, { reasonEnded: null })])).statusCode, 200)
  }
}

const url = (path: string) => `/v1/authorities/372/advocacy/${path}`
const post = (path: string, payload: unknown, key = advocacy) => h.call(key, { method: 'POST', url: url(path), payload: payload as Record<string, unknown> })
const csv = (path: string, body: string | Buffer, key = advocacy) =>
  h.call(key, { method: 'POST', url: url(path), payload: body, headers: { 'content-type': 'text/csv' } })
const read = (id: string, asAt?: string, key = reader) =>
  h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${id}/advocacy${asAt ? `?asAt=${asAt}` : ''}` })
const file = (name: string) => readFile(new URL(`../../../docs/partner-files/${name}`, import.meta.url))
const issues = () =>
  h.db.selectFrom('advocacy_issues').select(['recordId', 'childId', 'referralRecordId', 'raisedOn', 'resolvedOn', 'category']).orderBy('recordId').execute()
const referrals = () => h.db.selectFrom('advocacy_referrals').select(['recordId', 'childId', 'referredOn', 'closedOn']).orderBy('recordId').execute()
type Summary = Record<'created' | 'updated' | 'unchanged' | 'deleted' | 'rejected', number>

t.test('the example files load, referrals first, every row created and then unchanged', async (t) => {
  await children()
  for (const [name, path, rows] of [
    ['advocacy-referrals.csv', 'referrals', 3],
    ['advocacy-issues.csv', 'issues', 4],
  ] as const) {
    const res = await csv(path, await file(name))
    t.equal(res.statusCode, 200, res.body)
    t.same(res.json<{ summary: Summary }>().summary, { created: rows, updated: 0, unchanged: 0, deleted: 0, rejected: 0 }, name)
    t.equal((await csv(path, await file(name))).json<{ summary: Summary }>().summary.unchanged, rows, `${name} again`)
  }
  t.same(await referrals(), [
    { recordId: 'ADV-R-0001', childId: 'C100234', referredOn: '2025-02-03', closedOn: '2025-05-30' },
    { recordId: 'ADV-R-0002', childId: 'C100234', referredOn: '2025-10-06', closedOn: null },
    { recordId: 'ADV-R-0003', childId: 'C100235', referredOn: '2025-11-03', closedOn: null },
  ])
  t.same(
    (await issues()).map((i) => [i.recordId, i.referralRecordId, i.raisedOn, i.resolvedOn, i.category]),
    [
      ['ADV-I-0001', 'ADV-R-0001', '2025-02-03', '2025-03-14', 'contact'],
      ['ADV-I-0002', 'ADV-R-0001', '2025-02-17', '2025-05-30', 'placement'],
      ['ADV-I-0003', 'ADV-R-0002', '2025-10-06', null, 'complaint'],
      ['ADV-I-0004', 'ADV-R-0003', '2025-11-03', null, 'care_plan'],
    ],
  )
})

t.test('JSON: an issue resolved by posting it again; a referral purged takes its issues', async (t) => {
  await children()
  t.equal((await post('referrals', { recordId: 'R-1', childId: 'C100234', referredOn: '2025-02-03' })).statusCode, 200)
  const issue = { recordId: 'I-1', childId: 'C100234', referralRecordId: 'R-1', raisedOn: '2025-02-03' }
  t.match((await post('issues', issue)).json(), { results: [{ status: 'created' }] })
  t.match((await post('issues', issue)).json(), { results: [{ status: 'unchanged' }] }, 'idempotent')
  t.match((await post('issues', { records: [{ ...issue, resolvedOn: '2025-03-01' }] })).json(), { results: [{ status: 'updated' }] })
  t.equal((await issues())[0]?.resolvedOn, '2025-03-01')
  t.match((await post('referrals', { recordId: 'R-1', purge: true })).json(), { results: [{ status: 'deleted' }] })
  t.same(await issues(), [], "the referral's issues went with it")
  expectProblem(t, await h.call(advocacy, { method: 'DELETE', url: url('issues/I-1') }), 404)
})

t.test('refused naming the field (422), nothing stored: dates, the referral, an unknown child', async (t) => {
  await children()
  await post('referrals', {
    records: [
      { recordId: 'R-1', childId: 'C100234', referredOn: '2025-02-03' },
      { recordId: 'R-2', childId: 'C100235', referredOn: '2025-02-03' },
    ],
  })
  const issue = { recordId: 'I-9', childId: 'C100234', referralRecordId: 'R-1', raisedOn: '2025-02-10' }
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['referrals', { recordId: 'R-9', childId: 'C100234', referredOn: '2099-01-01' }, '/referredOn'],
    ['referrals', { recordId: 'R-9', childId: 'C100234', referredOn: '2025-02-03', closedOn: '2025-02-02' }, '/closedOn'],
    ['referrals', { recordId: 'R-9', childId: 'NOBODY', referredOn: '2025-02-03' }, '/childId'],
    ['issues', { ...issue, referralRecordId: 'R-404' }, '/referralRecordId'],
    ['issues', { ...issue, referralRecordId: 'R-2' }, '/referralRecordId'],
    ['issues', { ...issue, raisedOn: '2025-02-02' }, '/raisedOn'],
    ['issues', { ...issue, resolvedOn: '2025-02-09' }, '/resolvedOn'],
    ['issues', { ...issue, resolvedOn: '2099-02-09' }, '/resolvedOn'],
    ['issues', { ...issue, category: 'weather' }, '/category'],
    ['issues', { ...issue, referralRecordId: undefined }, '/referralRecordId'],
  ]
  for (const [path, record, pointer] of cases) {
    const problem = expectProblem(t, await post(path, record), 422)
    t.match(problem.errors, [{ pointer }], `${JSON.stringify(record)}: ${JSON.stringify(problem.errors)}`)
  }
  t.same(
    (await referrals()).map((r) => r.recordId),
    ['R-1', 'R-2'],
  )
  t.same(await issues(), [])
})

t.test('scopes: only advocacy:write posts, for its own authority; the read takes child:read and is audited', async (t) => {
  await children()
  const body = { recordId: 'R-1', childId: 'C100234', referredOn: '2025-02-03' }
  for (const scopes of [['records:write'], ['mental-health:write'], ['education:write'], ['child:read']] as const) {
    const other = await h.key([...scopes], ['372'])
    expectProblem(t, await post('referrals', body, other), 403)
    expectProblem(t, await csv('issues', 'recordId,childId,referralRecordId,raisedOn\nI-1,C100234,R-1,2025-02-03\n', other), 403)
  }
  expectProblem(t, await post('referrals', body, await h.key(['advocacy:write'], ['831'])), 403)
  t.same(await referrals(), [])
  t.equal((await post('referrals', body)).statusCode, 200)
  expectProblem(t, await read('C100234', undefined, advocacy), 403)
  expectProblem(t, await read('C100234', undefined, await h.key(['child:read'], ['831'])), 403)
  expectProblem(t, await read('NOBODY'), 404)
  t.equal((await read('C100234')).statusCode, 200)
  const events = await auditEventsOf(h, 'advocacy')
  t.match(events, [
    { action: 'post', resource: '/v1/authorities/:la/advocacy/referrals', status: 200 },
    { action: 'read', resource: '/v1/authorities/:la/children/:childId/advocacy', resourceId: 'C100234', status: 200 },
  ])
  t.equal(events.length, 2)
  const versions = await h.db
    .selectFrom('authorities')
    .select(['dataVersion', 'advocacyVersion', 'mentalHealthVersion'])
    .where('la', '=', '372')
    .executeTakeFirstOrThrow()
  t.equal(versions.advocacyVersion, versions.dataVersion, 'the write moved the advocacy version')
  t.not(versions.mentalHealthVersion, versions.dataVersion)
})

t.test("a child's advocacy: referrals with their issues, open and resolved as on a day", async (t) => {
  await children()
  t.equal((await csv('referrals', await file('advocacy-referrals.csv'))).statusCode, 200)
  t.equal((await csv('issues', await file('advocacy-issues.csv'))).statusCode, 200)
  const march = await read('C100234', '2025-03-14')
  t.equal(march.statusCode, 200, march.body)
  t.same(march.json(), {
    childId: 'C100234',
    asAt: '2025-03-14',
    issuesOpen: 1,
    issuesResolved: 1,
    referrals: [
      {
        recordId: 'ADV-R-0001',
        referredOn: '2025-02-03',
        closedOn: '2025-05-30',
        issues: [
          { recordId: 'ADV-I-0001', raisedOn: '2025-02-03', resolvedOn: '2025-03-14', category: 'contact', resolved: true },
          { recordId: 'ADV-I-0002', raisedOn: '2025-02-17', resolvedOn: '2025-05-30', category: 'placement', resolved: false },
        ],
      },
    ],
  })
  t.match((await read('C100234', '2025-12-01')).json(), {
    issuesOpen: 1,
    issuesResolved: 2,
    referrals: [{ issues: [{}, {}] }, { recordId: 'ADV-R-0002', issues: [{ resolved: false }] }],
  })
  t.match((await read('C100234', '2025-02-02')).json(), { issuesOpen: 0, issuesResolved: 0, referrals: [] })
})
