import t from 'tap'
import { buildTestApp, expectProblem, truncateAll } from '../../helper.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'

const h = await buildTestApp(t)
let key = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  key = await h.key(['records:write', 'records:read'], ['372'])
})

const episode = snapshotEpisode
const child = (childId: string, dateOfBirth: string, episodes: unknown[]) => snapshotChild(childId, episodes, { dateOfBirth })

type Snapshot = Record<string, unknown[]> & { children: unknown[] }

const snapshot = (): Snapshot => ({
  children: [child('C1', '2012-06-14', [episode('2023-01-10')]), child('C2', '2021-09-01', [episode('2023-06-01')])],
  healthChecks: [
    { recordId: 'HC-1', childId: 'C1', kind: 'review_health_assessment', date: '2024-05-10', outcome: 'completed' },
    { recordId: 'HC-2', childId: 'C2', kind: 'development_assessment', date: '2024-09-01', outcome: 'completed', clinicianRole: 'Health visitor' },
  ],
  sdqReturns: [{ recordId: 'SDQ-1', childId: 'C1', date: '2024-07-01', informant: 'carer', total: 12 }],
})

const post = (body: unknown, query = '') => h.call(key, { method: 'POST', url: `/v1/authorities/372/imports${query}`, payload: body as object })
const run = async (body: unknown, query = '') => {
  const res = await post(body, query)
  if (res.statusCode !== 201) throw new Error(`import: ${res.statusCode} ${res.body}`)
  return res.json()
}
const findings = async (runId: string) =>
  (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${runId}/findings` })).json().items as Array<{
    table: string
    rowNumber: number | null
    childId: string | null
    rule: string
    severity: string
    fields: string[]
    message: string
  }>
const recordIds = async (table: 'health_checks' | 'sdq_returns') =>
  (await h.db.selectFrom(table).select('recordId').orderBy('recordId').execute()).map((r) => r.recordId)
const dataVersion = async () => (await h.db.selectFrom('authorities').select('dataVersion').executeTakeFirstOrThrow()).dataVersion

t.test('partner records in a snapshot are stored; the same snapshot again changes nothing', async (t) => {
  const first = await run(snapshot())
  t.match(first, { status: 'succeeded', changed: true, errorCount: 0 })
  t.same(first.counts.healthChecks, { inserted: 2, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })
  t.same(first.counts.sdqReturns, { inserted: 1, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })
  t.notOk('careLeavers' in first.counts, 'a list not sent is not counted')
  const stored = await h.db
    .selectFrom('health_checks')
    .select(['recordId', 'childId', 'kind', 'date', 'outcome', 'clinicianRole'])
    .orderBy('recordId')
    .execute()
  t.same(stored, [
    { recordId: 'HC-1', childId: 'C1', kind: 'review_health_assessment', date: '2024-05-10', outcome: 'completed', clinicianRole: null },
    { recordId: 'HC-2', childId: 'C2', kind: 'development_assessment', date: '2024-09-01', outcome: 'completed', clinicianRole: 'Health visitor' },
  ])

  const version = await dataVersion()
  const again = await run(snapshot())
  t.match(again, { changed: false, message: /nothing changed/ })
  t.same(again.counts.healthChecks, { inserted: 0, updated: 0, deleted: 0, unchanged: 2, rejected: 0 })
  t.same(again.counts.sdqReturns, { inserted: 0, updated: 0, deleted: 0, unchanged: 1, rejected: 0 })
  t.equal(await dataVersion(), version, 'no write, no new data version')
})

t.test('snapshot mode: a changed record is updated, an absent one deleted; delta keeps it; a list left out is untouched', async (t) => {
  await run(snapshot())
  const next = snapshot()
  next.healthChecks = [{ recordId: 'HC-1', childId: 'C1', kind: 'review_health_assessment', date: '2024-05-11', outcome: 'completed' }]
  // Half the health checks go: the shrink guard wants it confirmed (small test data).
  const res = await run(next, '?allowShrink=true')
  t.equal(res.changed, true)
  t.same(res.counts.healthChecks, { inserted: 0, updated: 1, deleted: 1, unchanged: 0, rejected: 0 })
  t.same(await recordIds('health_checks'), ['HC-1'])
  const hc1 = await h.db.selectFrom('health_checks').select('date').where('recordId', '=', 'HC-1').executeTakeFirstOrThrow()
  t.equal(hc1.date, '2024-05-11')

  // Delta: HC-3 added, HC-1 (not sent) kept; then HC-3 changed.
  const hc3 = { recordId: 'HC-3', childId: 'C2', kind: 'dental_check', date: '2024-10-01', outcome: 'did_not_attend' }
  const delta = await run({ children: [], healthChecks: [hc3] }, '?mode=delta')
  t.same(delta.counts.healthChecks, { inserted: 1, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })
  t.same(await recordIds('health_checks'), ['HC-1', 'HC-3'])
  const delta2 = await run({ children: [], healthChecks: [{ ...hc3, outcome: 'completed' }] }, '?mode=delta')
  t.same(delta2.counts.healthChecks, { inserted: 0, updated: 1, deleted: 0, unchanged: 0, rejected: 0 })
  const again = await run({ children: [], healthChecks: [{ ...hc3, outcome: 'completed' }] }, '?mode=delta')
  t.match(again, { changed: false, counts: { healthChecks: { unchanged: 1 } } })

  // No healthChecks list: health checks stay as they are, SDQs follow their list (now empty).
  const { healthChecks: _, ...withoutChecks } = snapshot()
  const left = await run({ ...withoutChecks, sdqReturns: [] }, '?allowShrink=true')
  t.notOk('healthChecks' in left.counts)
  t.same(left.counts.sdqReturns, { inserted: 0, updated: 0, deleted: 1, unchanged: 0, rejected: 0 })
  t.same(await recordIds('health_checks'), ['HC-1', 'HC-3'])
  t.same(await recordIds('sdq_returns'), [])
})

t.test('a bad record is a finding and keeps its stored version; the rest apply', async (t) => {
  await run(snapshot())
  const next = snapshot()
  next.healthChecks = [
    // HC-1 now dated in the future: refused by the same check as POST .../health-checks.
    { recordId: 'HC-1', childId: 'C1', kind: 'review_health_assessment', date: '2099-01-01', outcome: 'completed' },
    // HC-2 fails its schema (no such kind): a finding, not a 400.
    { recordId: 'HC-2', childId: 'C2', kind: 'x_ray', date: '2024-09-01', outcome: 'completed' },
    { recordId: 'HC-4', childId: 'C1', kind: 'dental_check', date: '2024-08-01', outcome: 'completed' },
    // Development assessments are for under-5s: C1 is 12.
    { recordId: 'HC-5', childId: 'C1', kind: 'development_assessment', date: '2024-08-01', outcome: 'completed' },
  ]
  next.sdqReturns = [{ recordId: 'SDQ-1', childId: 'C1', date: '2024-07-01', informant: 'carer', total: 12, reasonCode: 'SDQ2' }]
  const res = await run(next)
  t.match(res, { status: 'succeeded', changed: true, errorCount: 4 })
  t.same(res.counts.healthChecks, { inserted: 1, updated: 0, deleted: 0, unchanged: 0, rejected: 3 })
  t.same(res.counts.sdqReturns, { inserted: 0, updated: 0, deleted: 0, unchanged: 0, rejected: 1 })
  t.same(await recordIds('health_checks'), ['HC-1', 'HC-2', 'HC-4'], 'bad records keep what was stored; none is deleted')
  const hc1 = await h.db.selectFrom('health_checks').select('date').where('recordId', '=', 'HC-1').executeTakeFirstOrThrow()
  t.equal(hc1.date, '2024-05-10')
  // Schema findings are made before the rest: in list order here.
  const f = (await findings(res.id)).sort((a, b) => a.table.localeCompare(b.table) || (a.rowNumber ?? 0) - (b.rowNumber ?? 0))
  t.match(f, [
    { table: 'healthChecks', rowNumber: 1, childId: 'C1', rule: 'RECORD', severity: 'error', fields: ['date'], message: 'date is in the future' },
    { table: 'healthChecks', rowNumber: 2, childId: 'C2', rule: 'SCHEMA', severity: 'error', fields: ['kind'] },
    { table: 'healthChecks', rowNumber: 4, childId: 'C1', rule: 'RECORD', severity: 'error', fields: ['kind'], message: /under 5/ },
    { table: 'sdqReturns', rowNumber: 1, childId: 'C1', rule: '197a', severity: 'error', fields: ['total'] },
  ])
  t.equal(f.length, 4)
})

t.test('records may name a child the snapshot adds; an unknown child, a duplicate or a rejected child is refused', async (t) => {
  await run(snapshot())
  const next = snapshot()
  next.children.push(child('C3', '2010-02-02', [episode('2024-02-01')]))
  // C2 is rejected (an episode with an unknown placement type): its records keep what is stored.
  next.children[1] = child('C2', '2021-09-01', [episode('2023-06-01', { placementType: 'Q9' })])
  next.healthChecks = [
    { recordId: 'HC-1', childId: 'C1', kind: 'review_health_assessment', date: '2024-05-10', outcome: 'completed' },
    { recordId: 'HC-2', childId: 'C2', kind: 'development_assessment', date: '2024-09-02', outcome: 'completed' },
    { recordId: 'HC-6', childId: 'C3', kind: 'initial_health_assessment', date: '2024-02-20', outcome: 'completed' },
    { recordId: 'HC-7', childId: 'C99', kind: 'dental_check', date: '2024-02-20', outcome: 'completed' },
    { recordId: 'HC-8', childId: 'C1', kind: 'dental_check', date: '2024-02-20', outcome: 'completed' },
    { recordId: 'HC-8', childId: 'C1', kind: 'dental_check', date: '2024-02-21', outcome: 'completed' },
  ]
  next.careLeavers = [{ childId: 'C3', eligibility: 'eligible' }]
  const res = await run(next)
  t.match(res.counts.children, { inserted: 1, rejected: 1, unchanged: 1 })
  t.same(res.counts.healthChecks, { inserted: 1, updated: 0, deleted: 0, unchanged: 1, rejected: 4 })
  t.same(res.counts.careLeavers, { inserted: 1, updated: 0, deleted: 0, unchanged: 0, rejected: 0 })
  t.same(await recordIds('health_checks'), ['HC-1', 'HC-2', 'HC-6'])
  const hc2 = await h.db.selectFrom('health_checks').select('date').where('recordId', '=', 'HC-2').executeTakeFirstOrThrow()
  t.equal(hc2.date, '2024-09-01', "the rejected child's record keeps its stored version")
  const f = (await findings(res.id)).filter((x) => x.table === 'healthChecks')
  t.match(f, [
    { rowNumber: 4, childId: 'C99', rule: 'CHILD', fields: ['childId'], message: 'No child C99 in this authority, stored or in this snapshot.' },
    { rowNumber: 5, rule: 'DUPLICATE', fields: ['recordId'] },
    { rowNumber: 6, rule: 'DUPLICATE', fields: ['recordId'] },
  ])
  t.equal(f.length, 3)

  // Snapshot mode: C1 no longer sent, so it goes with its records (counted as deleted in their lists).
  const gone = await run(
    { children: [child('C2', '2021-09-01', [episode('2023-06-01')]), child('C3', '2010-02-02', [episode('2024-02-01')])] },
    '?allowShrink=true',
  )
  t.match(gone.counts.children, { deleted: 1 })
  t.same(gone.counts.healthChecks, { inserted: 0, updated: 0, deleted: 1, unchanged: 0, rejected: 0 })
  t.same(gone.counts.sdqReturns, { inserted: 0, updated: 0, deleted: 1, unchanged: 0, rejected: 0 })
  t.same(await recordIds('health_checks'), ['HC-2', 'HC-6'])
})

t.test('every kind: care leavers, advisers, pathway plans with reviews, contacts; a changed review list is an update', async (t) => {
  const body: Snapshot = {
    children: [child('L1', '2006-10-15', [episode('2020-01-10', { endDate: '2024-06-30', reasonEnded: 'E8' })])],
    careLeavers: [{ childId: 'L1', eligibility: 'relevant' }],
    personalAdvisers: [{ recordId: 'PA-1', childId: 'L1', name: 'Sam Okafor', allocatedOn: '2024-06-01' }],
    pathwayPlans: [{ recordId: 'PP-1', childId: 'L1', planDate: '2024-05-01', reviews: ['2024-11-01', '2024-08-01'] }],
    careLeaverContacts: [{ recordId: 'CT-1', childId: 'L1', date: '2024-10-20', inTouch: 'yes', activity: 'F2', accommodation: 'd1' }],
  }
  const first = await run(body)
  for (const list of ['careLeavers', 'personalAdvisers', 'pathwayPlans', 'careLeaverContacts']) {
    t.same(first.counts[list], { inserted: 1, updated: 0, deleted: 0, unchanged: 0, rejected: 0 }, list)
  }
  const contact = await h.db.selectFrom('care_leaver_contacts').selectAll().executeTakeFirstOrThrow()
  t.match(contact, { inTouch: 'YES', activity: 'F2', accommodationType: 'D', accommodationSuitable: true })
  const again = await run(body)
  t.equal(again.changed, false)
  t.same(again.counts.pathwayPlans, { inserted: 0, updated: 0, deleted: 0, unchanged: 1, rejected: 0 })

  body.pathwayPlans = [{ recordId: 'PP-1', childId: 'L1', planDate: '2024-05-01', reviews: ['2024-08-01'] }]
  const changed = await run(body)
  t.same(changed.counts.pathwayPlans, { inserted: 0, updated: 1, deleted: 0, unchanged: 0, rejected: 0 })
  const reviews = await h.db.selectFrom('pathway_plan_reviews').select('reviewDate').execute()
  t.same(
    reviews.map((r) => r.reviewDate),
    ['2024-08-01'],
  )
})

t.test('strict: an error in a partner record fails the run and applies nothing', async (t) => {
  const body = snapshot()
  body.healthChecks = [{ recordId: 'HC-1', childId: 'C1', kind: 'review_health_assessment', date: '2099-01-01', outcome: 'completed' }]
  const problem = expectProblem(t, await post(body, '?strict=true'), 422)
  const stored = await h.db.selectFrom('children').select('childId').execute()
  t.same(stored, [], 'not even the children')
  const failed = (await h.call(key, { method: 'GET', url: `/v1/authorities/372/imports/${String(problem.runId)}` })).json()
  t.match(failed, { status: 'failed', errorCount: 1, message: /strict: 1 error finding/ })

  // A schema error in a record is known before anything is applied: strict fails at once too.
  body.healthChecks = [{ recordId: 'HC-1', childId: 'C1', date: '2024-05-10', outcome: 'completed' }]
  const early = expectProblem(t, await post(body, '?strict=true'), 422)
  const f = await findings(String(early.runId))
  t.match(f, [{ table: 'healthChecks', rowNumber: 1, rule: 'SCHEMA', fields: ['kind'], message: 'kind is required' }])
})

t.test('the wrong shape outside a record is still a 400; so is a bad query string beside a bad record', async (t) => {
  // (A string would be coerced to a list of one, as any list field is: an object cannot be.)
  const bad = expectProblem(t, await post({ children: [], healthChecks: { recordId: 'HC-1' } }), 400)
  t.ok((bad.errors ?? []).some((e) => e.pointer === '/healthChecks'))
  const both = snapshot()
  both.healthChecks = [{ recordId: 'HC-1', childId: 'C1', kind: 'nope', date: '2024-05-10', outcome: 'completed' }]
  const query = expectProblem(t, await post(both, '?mode=sometimes'), 400)
  t.ok((query.errors ?? []).some((e) => e.in === 'querystring'))
  // A bad record with a good query string: the query's values still count (delta keeps what is not sent).
  await run(snapshot())
  const delta = await run({ children: [], healthChecks: [{ recordId: 'HC-9', childId: 'C1', kind: 'nope' }] }, '?mode=delta')
  t.match(delta, { mode: 'delta', counts: { children: { deleted: 0 }, healthChecks: { rejected: 1 } } })
  t.same(await recordIds('health_checks'), ['HC-1', 'HC-2'])
})

t.test("the year's 903 export fills OC2 and OC3 from the partner records", async (t) => {
  const body: Snapshot = {
    children: [
      // In care since January 2023 at 31 March 2025: OC2. Aged 12.
      child('C1', '2012-06-14', [episode('2023-01-10')]),
      // Aged 3 at 31 March 2025: development assessment counted, no SDQ.
      child('C2', '2021-09-01', [episode('2023-06-01')]),
      // Aged 11, no score but a reason.
      child('C5', '2014-02-02', [episode('2022-05-05')]),
      // In care since June 2024: not 12 months at 31 March, so no OC2 row.
      child('C6', '2015-01-01', [episode('2024-06-01')]),
      // Left care at 17 (E8) after 4 years: a care leaver on the 18th birthday, 15 October 2024.
      child('L1', '2006-10-15', [episode('2020-01-10', { endDate: '2024-06-30', reasonEnded: 'E8' })]),
      // Care transferred to another authority (E3): not a care leaver here.
      child('L2', '2006-05-05', [episode('2020-01-10', { endDate: '2022-06-30', reasonEnded: 'E3' })]),
      // A care leaver with no contact near the 19th birthday (1 March 2025): a row with blank codes.
      child('L3', '2006-03-01', [episode('2021-01-10', { endDate: '2024-02-20', reasonEnded: 'E8' })]),
    ],
    healthChecks: [
      { recordId: 'H1', childId: 'C1', kind: 'review_health_assessment', date: '2024-05-10', outcome: 'completed' },
      { recordId: 'H2', childId: 'C1', kind: 'dental_check', date: '2024-03-15', outcome: 'completed' }, // before the year
      { recordId: 'H3', childId: 'C1', kind: 'immunisations_review', date: '2024-06-01', outcome: 'completed', immunisationsUpToDate: true },
      { recordId: 'H4', childId: 'C1', kind: 'immunisations_review', date: '2025-01-10', outcome: 'completed', immunisationsUpToDate: false },
      { recordId: 'H5', childId: 'C2', kind: 'development_assessment', date: '2024-09-01', outcome: 'completed' },
      { recordId: 'H6', childId: 'C2', kind: 'dental_check', date: '2024-10-01', outcome: 'did_not_attend' },
      { recordId: 'H7', childId: 'C2', kind: 'initial_health_assessment', date: '2023-06-20', outcome: 'completed' }, // before the year
      { recordId: 'H8', childId: 'C5', kind: 'immunisations_review', date: '2025-03-31', outcome: 'completed', immunisationsUpToDate: true },
      { recordId: 'H9', childId: 'C5', kind: 'dental_check', date: '2025-04-01', outcome: 'completed' }, // after 31 March
    ],
    sdqReturns: [
      { recordId: 'S1', childId: 'C1', date: '2024-07-01', informant: 'carer', total: 12 },
      { recordId: 'S2', childId: 'C1', date: '2025-02-01', informant: 'carer', total: 18 },
      { recordId: 'S3', childId: 'C1', date: '2025-03-01', informant: 'teacher', total: 5 }, // not the carer's
      { recordId: 'S4', childId: 'C2', date: '2024-11-01', informant: 'carer', reasonCode: 'SDQ1' }, // under 4: blank
      { recordId: 'S5', childId: 'C5', date: '2024-12-01', informant: 'carer', reasonCode: 'SDQ2' },
    ],
    careLeaverContacts: [
      { recordId: 'K1', childId: 'L1', date: '2024-08-01', inTouch: 'NO' }, // 75 days before
      { recordId: 'K2', childId: 'L1', date: '2024-10-20', inTouch: 'YES', activity: 'F2', accommodation: 'D1' }, // 5 days after: nearest
      { recordId: 'K3', childId: 'L1', date: '2024-12-01', inTouch: 'YES', activity: 'G5', accommodation: 'U1' }, // outside the window
      { recordId: 'K4', childId: 'L2', date: '2024-05-05', inTouch: 'YES', activity: 'F2', accommodation: 'B1' },
      { recordId: 'K5', childId: 'L3', date: '2025-05-01', inTouch: 'YES', activity: 'F5', accommodation: 'U1' }, // after 31 March
    ],
  }
  const imported = await run(body)
  t.equal(imported.errorCount, 0, JSON.stringify(await findings(imported.id)))
  const res = await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025' })
  t.equal(res.statusCode, 200, res.body)
  const files = res.json().files as Record<string, string>
  t.equal(
    files['oc2.csv'],
    'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\r\n' +
      'C1,14/06/2012,18,,,,0,0,1,,,\r\n' +
      'C2,01/09/2021,,,,1,0,0,0,,,\r\n' +
      'C5,02/02/2014,,SDQ2,,,1,0,0,,,\r\n',
  )
  t.equal(files['oc3.csv'], 'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\r\n' + 'L1,15/10/2006,YES,F2,D1\r\n' + 'L3,01/03/2006,,,\r\n')
  // The care leavers are in the header though they have no episode in the year; L2 is not.
  const headerIds = (files['header.csv'] ?? '')
    .split('\r\n')
    .slice(1, -1)
    .map((l) => l.split(',')[0])
  t.same(headerIds, ['C1', 'C2', 'C5', 'C6', 'L1', 'L3'])
  const oneFile = await h.call(key, { method: 'GET', url: '/v1/authorities/372/exports/ssda903?year=2025&file=oc3.csv' })
  t.match(oneFile.body, /^CHILD,DOB,IN_TOUCH/)
})
