import { readFile } from 'node:fs/promises'
import t from 'tap'
import { ep } from '../../domain/care-history/fixtures.ts'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'
import { auditEventsOf } from '../partner-records/audit-fixtures.ts'

// Return home interviews for missing episodes (issue #19): posted by the integration (records:write)
// one at a time, in a batch or a CSV file, and carried in the nightly JSON snapshot; one interview per
// episode, matched by the child and MIS_START; the child's missing read; an import's undo.
const h = await buildTestApp(t)
let writer = ''
let reader = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  await h.authority('831')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['child:read'], ['372'])
})

const URL_ = '/v1/authorities/372/missing/return-interviews'
const post = (payload: unknown, key = writer) => h.call(key, { method: 'POST', url: URL_, payload: payload as Record<string, unknown> })
const csv = (body: string | Buffer, key = writer) => h.call(key, { method: 'POST', url: URL_, payload: body, headers: { 'content-type': 'text/csv' } })
const read = (id: string, key = reader) => h.call(key, { method: 'GET', url: `/v1/authorities/372/children/${id}/missing` })
const importRun = (payload: Record<string, unknown>, query = '') => h.call(writer, { method: 'POST', url: `/v1/authorities/372/imports${query}`, payload })
const revert = (id: string) => h.call(writer, { method: 'POST', url: `/v1/authorities/372/imports/${id}/revert` })
const stored = () =>
  h.db.selectFrom('return_home_interviews').select(['recordId', 'childId', 'missingStart', 'offeredOn', 'response', 'heldOn']).orderBy('recordId').execute()

/** A snapshot child: in care since 2024, with the missing episodes given. */
const snapshotChild = (childId: string, dateOfBirth: string, missingEpisodes: unknown[]) => ({
  childId,
  sex: 'F',
  dateOfBirth,
  ethnicity: 'WBRI',
  episodes: [ep('2024-01-10', null, { reasonEnded: null })],
  missingEpisodes,
})
const EPISODES = [
  { missingType: 'M', startDate: '2025-04-10', endDate: '2025-04-11' },
  { missingType: 'M', startDate: '2025-06-01', endDate: '2025-06-02' },
  { missingType: 'A', startDate: '2025-11-20', endDate: null },
]
const CHILDREN = [snapshotChild('C100234', '2012-03-14', EPISODES), snapshotChild('C100235', '2011-07-02', [])]
const example = () => readFile(new URL('../../../docs/partner-files/return-home-interviews.csv', import.meta.url))

t.test('the example file loads (every row created, then unchanged); the child read matches each episode to its interview', async (t) => {
  t.equal((await importRun({ children: CHILDREN })).statusCode, 201)
  const res = await csv(await example())
  t.equal(res.statusCode, 200, res.body)
  t.match(res.json(), { summary: { created: 3, rejected: 0 } })
  t.match((await csv(await example())).json(), { summary: { unchanged: 3 } })
  const answer = await read('C100234')
  t.equal(answer.statusCode, 200, answer.body)
  t.same(answer.json(), {
    childId: 'C100234',
    episodes: [
      {
        missingType: 'M',
        startDate: '2025-04-10',
        endDate: '2025-04-11',
        interview: { recordId: 'RHI-0001', missingStart: '2025-04-10', offeredOn: '2025-04-12', response: 'accepted', heldOn: '2025-04-14' },
        offeredWithin72Hours: true,
      },
      {
        missingType: 'M',
        startDate: '2025-06-01',
        endDate: '2025-06-02',
        // Offered on the fourth day after the return.
        interview: { recordId: 'RHI-0002', missingStart: '2025-06-01', offeredOn: '2025-06-06', response: 'declined', heldOn: null },
        offeredWithin72Hours: false,
      },
      {
        missingType: 'A',
        startDate: '2025-11-20',
        endDate: null,
        interview: { recordId: 'RHI-0003', missingStart: '2025-11-20', offeredOn: null, response: null, heldOn: null },
        offeredWithin72Hours: null,
      },
    ],
    interviewsWithoutEpisode: [],
  })
})

t.test('JSON: one or a batch, idempotent by record id; one interview per episode; bad dates refused naming the field', async (t) => {
  t.equal((await importRun({ children: CHILDREN })).statusCode, 201)
  const one = { recordId: 'I-1', childId: 'C100234', missingStart: '2025-04-10', offeredOn: '2025-04-14' }
  t.match((await post(one)).json(), { results: [{ status: 'created' }] })
  t.match((await post(one)).json(), { results: [{ status: 'unchanged' }] })
  t.match((await post({ ...one, response: 'accepted', heldOn: '2025-04-15' })).json(), { results: [{ status: 'updated' }] })
  // Another record id for the same episode, or two in one batch, is refused: the stored one stays.
  const clash = expectProblem(t, await post({ ...one, recordId: 'I-2' }), 422)
  t.match(clash.errors, [{ pointer: '/missingStart', message: /I-1/ }])
  const batch = await post({
    records: [
      { recordId: 'I-3', childId: 'C100234', missingStart: '2025-06-01' },
      { recordId: 'I-4', childId: 'C100234', missingStart: '2025-06-01' },
      // An interview may come before the import brings its episode.
      { recordId: 'I-5', childId: 'C100235', missingStart: '2025-07-01', offeredOn: '2025-07-03', response: 'declined' },
    ],
  })
  t.equal(batch.statusCode, 200, batch.body)
  t.match(batch.json(), {
    results: [
      { recordId: 'I-3', status: 'rejected', errors: [{ pointer: '/records/0/missingStart' }] },
      { recordId: 'I-4', status: 'rejected', errors: [{ pointer: '/records/1/missingStart' }] },
      { recordId: 'I-5', status: 'created' },
    ],
  })
  t.match((await read('C100235')).json(), { episodes: [], interviewsWithoutEpisode: [{ recordId: 'I-5' }] })

  const cases: Array<[Record<string, unknown>, string]> = [
    [{ ...one, recordId: 'X', missingStart: '2099-01-01', offeredOn: null }, '/missingStart'],
    [{ ...one, recordId: 'X', missingStart: '2025-05-01', offeredOn: '2025-04-30' }, '/offeredOn'],
    [{ ...one, recordId: 'X', missingStart: '2025-05-01', offeredOn: '2099-04-30' }, '/offeredOn'],
    [{ recordId: 'X', childId: 'C100234', missingStart: '2025-05-01', response: 'accepted' }, '/response'],
    [{ recordId: 'X', childId: 'C100234', missingStart: '2025-05-01', offeredOn: '2025-05-02', response: 'declined', heldOn: '2025-05-03' }, '/heldOn'],
    [{ recordId: 'X', childId: 'C100234', missingStart: '2025-05-01', offeredOn: '2025-05-02', response: 'accepted', heldOn: '2025-05-01' }, '/heldOn'],
    [{ recordId: 'X', childId: 'C100234', missingStart: '2025-05-01', offeredOn: '2025-05-02', response: 'perhaps' }, '/response'],
    [{ recordId: 'X', childId: 'NOBODY', missingStart: '2025-05-01' }, '/childId'],
  ]
  for (const [record, pointer] of cases) {
    const problem = expectProblem(t, await post(record), 422)
    t.match(problem.errors, [{ pointer }], `${JSON.stringify(record)}: ${JSON.stringify(problem.errors)}`)
  }
  t.same(
    (await stored()).map((r) => r.recordId),
    ['I-1', 'I-5'],
    'nothing else stored',
  )
  t.equal((await h.call(writer, { method: 'DELETE', url: `${URL_}/I-5` })).statusCode, 204)
  t.match((await post({ recordId: 'I-1', purge: true })).json(), { results: [{ status: 'deleted' }] })
  t.same(await stored(), [])
})

t.test('scopes: records:write posts for its own authority; the read takes child:read and is audited', async (t) => {
  t.equal((await importRun({ children: CHILDREN })).statusCode, 201)
  const body = { recordId: 'I-1', childId: 'C100234', missingStart: '2025-04-10' }
  for (const scopes of [['mental-health:write'], ['advocacy:write'], ['health:write'], ['child:read']] as const) {
    const other = await h.key([...scopes], ['372'])
    expectProblem(t, await post(body, other), 403)
    expectProblem(t, await h.call(other, { method: 'DELETE', url: `${URL_}/I-1` }), 403)
  }
  expectProblem(t, await post(body, await h.key(['records:write'], ['831'])), 403)
  t.same(await stored(), [])
  t.equal((await post(body)).statusCode, 200)
  expectProblem(t, await read('C100234', writer), 403)
  expectProblem(t, await read('C100234', await h.key(['child:read'], ['831'])), 403)
  expectProblem(t, await read('NOBODY'), 404)
  t.equal((await read('C100234')).statusCode, 200)
  const events = await auditEventsOf(h, 'missing')
  t.match(events, [
    { action: 'post', resource: '/v1/authorities/:la/missing/return-interviews', status: 200 },
    { action: 'read', resource: '/v1/authorities/:la/children/:childId/missing', resourceId: 'C100234', status: 200 },
  ])
  t.equal(events.length, 2)
  const v = await h.db
    .selectFrom('authorities')
    .select(['dataVersion', 'missingVersion', 'careHistoryVersion'])
    .where('la', '=', '372')
    .executeTakeFirstOrThrow()
  t.equal(v.missingVersion, v.dataVersion, 'the post moved the missing version')
  t.not(v.careHistoryVersion, v.dataVersion)
})

t.test('the nightly snapshot carries interviews: created, unchanged, a bad one a finding, left out deleted; a revert puts them back', async (t) => {
  const interviews = [
    { recordId: 'RHI-1', childId: 'C100234', missingStart: '2025-04-10', offeredOn: '2025-04-12', response: 'accepted', heldOn: '2025-04-14' },
    { recordId: 'RHI-2', childId: 'C100234', missingStart: '2025-06-01', offeredOn: '2025-06-06', response: 'declined' },
  ]
  const first = await importRun({ children: CHILDREN, returnHomeInterviews: interviews, manifest: { counts: { returnHomeInterviews: 2 } } })
  t.equal(first.statusCode, 201, first.body.slice(0, 400))
  t.match(first.json(), { counts: { returnHomeInterviews: { inserted: 2, rejected: 0 } } })
  const again = await importRun({ children: CHILDREN, returnHomeInterviews: interviews })
  t.match(again.json(), { changed: false, counts: { returnHomeInterviews: { unchanged: 2 } } })

  // RHI-2 held before it was offered: a finding; its stored version stays. RHI-1 left out: deleted.
  const bad = await importRun(
    { children: CHILDREN, returnHomeInterviews: [{ ...interviews[1], response: 'accepted', heldOn: '2025-06-05' }] },
    '?allowShrink=true',
  )
  t.equal(bad.statusCode, 201, bad.body.slice(0, 400))
  t.match(bad.json(), { counts: { returnHomeInterviews: { rejected: 1, deleted: 1 } } })
  const runId = bad.json<{ id: string }>().id
  const findings = await h.call(writer, { method: 'GET', url: `/v1/authorities/372/imports/${runId}/findings` })
  t.match(findings.json(), { items: [{ table: 'returnHomeInterviews', rowNumber: 1, fields: ['heldOn'] }] })
  t.same(
    (await stored()).map((r) => [r.recordId, r.response]),
    [['RHI-2', 'declined']],
  )
  t.equal((await revert(runId)).statusCode, 201)
  t.same(
    (await stored()).map((r) => r.recordId),
    ['RHI-1', 'RHI-2'],
    'the revert put RHI-1 back',
  )
  // A schema error in one record is a finding too; the others are applied.
  const shape = await importRun({ children: CHILDREN, returnHomeInterviews: [interviews[0], { ...interviews[1], offeredOn: 'soon' }] }, '?mode=delta')
  t.equal(shape.statusCode, 201, shape.body.slice(0, 400))
  t.match(shape.json(), { counts: { returnHomeInterviews: { rejected: 1, unchanged: 1 } } })
})

t.test('a snapshot that deletes a child takes its CAMHS, advocacy and interview records; the revert puts them back', async (t) => {
  t.equal((await importRun({ children: CHILDREN })).statusCode, 201)
  const services = await h.key(['mental-health:write', 'advocacy:write'], ['372'])
  const call = (url: string, payload: Record<string, unknown>) => h.call(services, { method: 'POST', url: `/v1/authorities/372/${url}`, payload })
  t.equal((await call('camhs/referrals', { recordId: 'CR-1', childId: 'C100235', referredOn: '2025-03-03', decision: 'accepted' })).statusCode, 200)
  t.equal((await call('advocacy/referrals', { recordId: 'AR-1', childId: 'C100235', referredOn: '2025-03-03' })).statusCode, 200)
  t.equal((await call('advocacy/issues', { recordId: 'AI-1', childId: 'C100235', referralRecordId: 'AR-1', raisedOn: '2025-03-04' })).statusCode, 200)
  t.equal((await post({ recordId: 'RHI-9', childId: 'C100235', missingStart: '2025-05-01' })).statusCode, 200)
  const rows = async () => ({
    camhs: await h.db.selectFrom('camhs_referrals').selectAll().execute(),
    referrals: await h.db.selectFrom('advocacy_referrals').selectAll().execute(),
    issues: await h.db.selectFrom('advocacy_issues').selectAll().execute(),
    interviews: await stored(),
  })
  const before = await rows()

  const guarded = expectProblem(t, await importRun({ children: [CHILDREN[0]] }), 409)
  t.match(JSON.stringify(guarded), /camhsReferrals/)
  const run = await importRun({ children: [CHILDREN[0]] }, '?allowShrink=true')
  t.equal(run.statusCode, 201, run.body.slice(0, 400))
  t.match(run.json(), {
    counts: {
      children: { deleted: 1 },
      camhsReferrals: { deleted: 1 },
      advocacyReferrals: { deleted: 1 },
      advocacyIssues: { deleted: 1 },
      returnHomeInterviews: { deleted: 1 },
    },
  })
  t.same(await rows(), { camhs: [], referrals: [], issues: [], interviews: [] })
  const undone = await revert(run.json<{ id: string }>().id)
  t.equal(undone.statusCode, 201, undone.body.slice(0, 400))
  t.same(await rows(), before, 'every record as it was')
})
