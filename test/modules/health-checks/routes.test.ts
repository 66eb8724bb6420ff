import t from 'tap'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'
import { ep } from '../../domain/care-history/fixtures.ts'

const h = await buildTestApp(t)
let writer = ''
let reader = ''
let nurse = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['records:read'], ['372'])
  nurse = await h.key(['health:write'], ['372'])
})

const NHS = '9434765919'
const NHS_2 = '4010232137'

const { child, episodes } = integration(h, () => writer, { child: { dateOfBirth: '2015-05-01' } })
const post = (payload: unknown, key = nurse) =>
  h.call(key, { method: 'POST', url: '/v1/authorities/372/health-checks', payload: payload as Record<string, unknown> })
const health = (id: string, asAt?: string) => h.call(reader, { method: 'GET', url: `/v1/authorities/372/children/${id}/health${asAt ? `?asAt=${asAt}` : ''}` })

/** A child in care from startDate, with an NHS number. */
async function inCare(id: string, startDate: string, body: Record<string, unknown> = {}) {
  t.equal((await child(id, { nhsNumber: NHS, ...body })).statusCode, 201)
  t.equal((await episodes(id, [ep(startDate, null, { reasonEnded: null })])).statusCode, 200)
}

const iha = (fields: Record<string, unknown> = {}) => ({
  recordId: 'IHA-1',
  nhsNumber: '943 476 5919',
  kind: 'initial_health_assessment',
  date: '2025-05-14',
  outcome: 'completed',
  ...fields,
})

t.test('a health trust key posts an IHA by NHS number and can read nothing else', async (t) => {
  await inCare('C1', '2025-04-17')
  const res = await post(iha({ clinicianRole: 'Community paediatrician' }))
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json(), {
    results: [{ index: 0, recordId: 'IHA-1', status: 'created' }],
    summary: { created: 1, updated: 0, unchanged: 0, deleted: 0, rejected: 0 },
  })
  const stored = await h.db.selectFrom('health_checks').selectAll().executeTakeFirstOrThrow()
  t.match(stored, {
    la: '372',
    recordId: 'IHA-1',
    childId: 'C1',
    kind: 'initial_health_assessment',
    date: '2025-05-14',
    outcome: 'completed',
    clinicianRole: 'Community paediatrician',
    immunisationsUpToDate: null,
  })
  for (const url of ['/v1/authorities/372/children/C1/episodes', '/v1/authorities/372/children/C1', '/v1/authorities/372/children/C1/health']) {
    expectProblem(t, await h.call(nurse, { method: 'GET', url }), 403)
  }
})

t.test('the same record twice is unchanged, then updated after a change; purge and DELETE remove', async (t) => {
  await inCare('C1', '2025-04-17')
  t.equal((await post(iha())).json().results[0].status, 'created')
  t.equal((await post(iha())).json().results[0].status, 'unchanged')
  t.equal((await post({ records: [iha({ nhsNumber: null, childId: 'C1' })] })).json().results[0].status, 'unchanged', 'same child by child id')
  t.equal((await post(iha({ date: '2025-05-15' }))).json().results[0].status, 'updated')
  t.equal((await h.db.selectFrom('health_checks').select('date').executeTakeFirstOrThrow()).date, '2025-05-15')

  const purge = await post({ recordId: 'IHA-1', purge: true })
  t.same(purge.json().results, [{ index: 0, recordId: 'IHA-1', status: 'deleted' }])
  t.equal((await h.db.selectFrom('health_checks').selectAll().execute()).length, 0)
  t.same((await post({ recordId: 'IHA-1', purge: true })).json().results[0].status, 'unchanged', 'purging what is not held changes nothing')

  await post(iha())
  t.equal((await h.call(nurse, { method: 'DELETE', url: '/v1/authorities/372/health-checks/IHA-1' })).statusCode, 204)
  expectProblem(t, await h.call(nurse, { method: 'DELETE', url: '/v1/authorities/372/health-checks/IHA-1' }), 404)
})

t.test('every write moves the data version on; an unchanged post does not', async (t) => {
  await inCare('C1', '2025-04-17')
  const version = async () => (await h.db.selectFrom('authorities').select('dataVersion').where('la', '=', '372').executeTakeFirstOrThrow()).dataVersion
  const v0 = await version()
  await post(iha())
  const v1 = await version()
  t.not(v1, v0)
  await post(iha())
  t.equal(await version(), v1)
})

t.test('an unknown NHS number is a 422 naming nhsNumber; one two children share is a 409', async (t) => {
  await inCare('C1', '2025-04-17')
  const unknown = expectProblem(t, await post(iha({ nhsNumber: NHS_2 })), 422)
  t.same(
    unknown.errors?.map((e) => e.pointer),
    ['/nhsNumber'],
  )
  t.match(unknown.results, [{ index: 0, status: 'rejected', statusCode: 422 }])

  await child('C2', { nhsNumber: NHS })
  const twice = expectProblem(t, await post(iha()), 409)
  t.same(
    twice.errors?.map((e) => e.pointer),
    ['/nhsNumber'],
  )
  t.notMatch(JSON.stringify(twice), /C1|C2/, 'does not say which children')
  t.equal((await post(iha({ nhsNumber: null, childId: 'C1' }))).statusCode, 200, 'the child id settles it')

  await child('C3', { nhsNumber: NHS_2 })
  const mixed = expectProblem(t, await post(iha({ childId: 'C1', nhsNumber: NHS_2 })), 422)
  t.same(
    mixed.errors?.map((e) => [e.pointer, e.message]),
    [['/nhsNumber', 'names a different child from childId']],
  )
  t.same((await post(iha({ childId: 'C3', nhsNumber: NHS_2, upn: 'A123456789012' }))).json().results?.[0]?.statusCode, 422, 'a UPN no child has')
})

t.test('bad records are refused with the field named, and never a 500', async (t) => {
  await inCare('C1', '2025-04-17')
  const cases: Array<[string, unknown, string[]]> = [
    ['future date', iha({ date: '2999-01-01' }), ['/date']],
    ['before birth', iha({ kind: 'dental_check', date: '2014-01-01' }), ['/date']],
    ['IHA before first looked after', iha({ date: '2025-04-16' }), ['/date']],
    ['bad check digit', iha({ nhsNumber: '9434765918' }), ['/nhsNumber']],
    ['no child', iha({ nhsNumber: undefined }), ['/childId']],
    ['unknown kind', iha({ kind: 'dentist' }), ['/kind']],
    ['missing outcome', iha({ outcome: undefined }), ['/outcome']],
    ['not a date', iha({ date: '2025-02-30' }), ['/date']],
    ['unknown field', iha({ colour: 'blue' }), ['/colour']],
    ['immunisations flag on a dental check', iha({ kind: 'dental_check', immunisationsUpToDate: true }), ['/immunisationsUpToDate']],
    ['completed immunisations review without the flag', iha({ kind: 'immunisations_review' }), ['/immunisationsUpToDate']],
    ['development assessment at 5 or over', iha({ kind: 'development_assessment', date: '2025-05-14' }), ['/kind']],
    ['a record id with a space', iha({ recordId: 'A B' }), ['/recordId']],
    ['a UPN that is an unknown-UPN code', iha({ nhsNumber: null, upn: 'UN1' }), ['/upn']],
    ['an empty record', {}, ['/date', '/kind', '/outcome', '/recordId']],
  ]
  for (const [what, body, pointers] of cases) {
    const res = await post(body)
    const problem = expectProblem(t, res, 422)
    t.same([...new Set(problem.errors?.map((e) => e.pointer))].sort(), pointers, what)
  }
  for (const body of [[], 'text', { records: [] }, { records: 'x' }, { records: [iha()], extra: 1 }]) {
    expectProblem(
      t,
      await h.call(nurse, {
        method: 'POST',
        url: '/v1/authorities/372/health-checks',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
      400,
    )
  }
  t.equal((await h.db.selectFrom('health_checks').selectAll().execute()).length, 0, 'nothing stored')
})

t.test('an IHA dated during short breaks is refused: the time in care begins when the child moves into care', async (t) => {
  t.equal((await child('SB', { nhsNumber: NHS })).statusCode, 201)
  const breaks = { legalStatus: 'V4', categoryOfNeed: 'N2', placementType: 'K2', placementProvider: 'PR1', urn: 'SC123456' }
  const res = await episodes('SB', [
    ep('2025-01-06', '2025-03-03', { ...breaks, reasonEnded: 'X1' }),
    ep('2025-03-03', null, { reasonNewEpisode: 'L', reasonEnded: null }),
  ])
  t.equal(res.statusCode, 200, res.body)
  const during = await post(iha({ recordId: 'IHA-SB-1', date: '2025-02-10' }))
  t.same(expectProblem(t, during, 422).errors, [
    { in: 'body', pointer: '/date', message: 'is before the child was first looked after (short breaks do not count)' },
  ])
  t.equal((await post(iha({ recordId: 'IHA-SB-2', date: '2025-03-10' }))).json().results[0].status, 'created', 'after the move into care')
})

t.test('a batch with one bad record applies the good ones and answers per record', async (t) => {
  await inCare('C1', '2025-04-17')
  const res = await post({
    records: [
      iha(),
      { recordId: 'DEN-1', childId: 'C1', kind: 'dental_check', date: '2025-06-02', outcome: 'completed' },
      { recordId: 'DEN-2', childId: 'C1', kind: 'dental_check', date: '2999-06-02', outcome: 'completed' },
      { recordId: 'DEN-3', childId: 'NOPE', kind: 'dental_check', date: '2025-06-02', outcome: 'completed' },
      { recordId: 'IMM-1', childId: 'C1', kind: 'immunisations_review', date: '2025-06-02', outcome: 'completed', immunisationsUpToDate: 'yes' },
    ],
  })
  t.equal(res.statusCode, 200, res.body)
  const { results, summary } = res.json()
  t.same(
    results.map((r: { status: string }) => r.status),
    ['created', 'created', 'rejected', 'rejected', 'rejected'],
  )
  t.same(
    results[2].errors.map((e: { pointer: string }) => e.pointer),
    ['/records/2/date'],
  )
  t.same(
    results[3].errors.map((e: { pointer: string }) => e.pointer),
    ['/records/3/childId'],
  )
  t.same(
    results[4].errors.map((e: { pointer: string }) => e.pointer),
    ['/records/4/immunisationsUpToDate'],
  )
  t.same(summary, { created: 2, updated: 0, unchanged: 0, deleted: 0, rejected: 3 })
  const ids = (await h.db.selectFrom('health_checks').select('recordId').orderBy('recordId').execute()).map((r) => r.recordId)
  t.same(ids, ['DEN-1', 'IHA-1'])

  const dup = await post({
    records: [iha(), iha({ date: '2025-05-16' }), { recordId: 'DEN-1', childId: 'C1', kind: 'dental_check', date: '2025-06-02', outcome: 'completed' }],
  })
  t.same(
    dup.json().results.map((r: { status: string }) => r.status),
    ['rejected', 'rejected', 'unchanged'],
    'a record id twice in a batch is refused',
  )
})

t.test('IHA due 20 working days after a Thursday before Easter 2025; overdue the day after', async (t) => {
  await inCare('C1', '2025-04-17')
  const due = (await health('C1', '2025-05-20')).json().due
  t.same(due.initialHealthAssessment, { deadline: '2025-05-20', completedOn: null, onTime: null, overdue: false })
  t.equal(due.carePeriodStart, '2025-04-17')
  t.equal(due.reviewHealthAssessment, null)
  t.same(due.nextHealthAssessment, { dueDate: '2025-05-20', overdue: false })
  t.same(due.dentalCheck, { lastCompleted: null, dueDate: '2026-04-17', overdue: false })
  t.equal((await health('C1', '2025-05-21')).json().due.initialHealthAssessment.overdue, true)

  await post(iha({ date: '2025-05-20' }))
  const after = (await health('C1', '2025-06-01')).json()
  t.same(after.due.initialHealthAssessment, { deadline: '2025-05-20', completedOn: '2025-05-20', onTime: true, overdue: false })
  // Born 2015-05-01: 10 on the due date, so the review is 12 months on.
  t.same(after.due.reviewHealthAssessment, { lastAssessment: '2025-05-20', dueDate: '2026-05-20', overdue: false })
  t.same(
    after.checks.map((c: { recordId: string }) => c.recordId),
    ['IHA-1'],
  )
})

t.test('RHA every 6 months under 5; dental 12 months after the last; outcomes other than completed do not count', async (t) => {
  await inCare('C1', '2023-01-10', { dateOfBirth: '2021-03-01' })
  await post({
    records: [
      { recordId: 'A', childId: 'C1', kind: 'initial_health_assessment', date: '2023-01-20', outcome: 'completed' },
      { recordId: 'B', childId: 'C1', kind: 'review_health_assessment', date: '2023-07-20', outcome: 'completed' },
      { recordId: 'C', childId: 'C1', kind: 'review_health_assessment', date: '2024-01-10', outcome: 'did_not_attend' },
      { recordId: 'D', childId: 'C1', kind: 'dental_check', date: '2023-03-01', outcome: 'completed' },
      { recordId: 'E', childId: 'C1', kind: 'dental_check', date: '2024-02-01', outcome: 'cancelled' },
      { recordId: 'F', childId: 'C1', kind: 'immunisations_review', date: '2023-03-01', outcome: 'completed', immunisationsUpToDate: false },
      {
        recordId: 'G',
        childId: 'C1',
        kind: 'development_assessment',
        date: '2023-03-01',
        outcome: 'completed',
        clinicianRole: '  ',
        immunisationsUpToDate: null,
      },
    ],
  })
  const { due, checks } = (await health('C1', '2024-02-15')).json()
  t.equal(checks.length, 7)
  t.same(due.reviewHealthAssessment, { lastAssessment: '2023-07-20', dueDate: '2024-01-20', overdue: true })
  t.same(due.nextHealthAssessment, { dueDate: '2024-01-20', overdue: true })
  t.same(due.dentalCheck, { lastCompleted: '2023-03-01', dueDate: '2024-03-01', overdue: false })
  t.same(due.immunisations, { lastReview: '2023-03-01', upToDate: false })
  t.equal(checks.find((c: { recordId: string }) => c.recordId === 'G').clinicianRole, null, 'a blank role is no role')
})

t.test('not in care: nothing due; an unknown child is a 404; a date out of range is a 400', async (t) => {
  await child('C1', { nhsNumber: NHS })
  await episodes('C1', [ep('2020-01-01', '2021-01-01', { reasonEnded: 'E4A' })])
  const body = (await health('C1', '2024-01-01')).json()
  t.same(body.due, {
    inCare: false,
    carePeriodStart: null,
    careStart: null,
    initialHealthAssessment: null,
    reviewHealthAssessment: null,
    nextHealthAssessment: null,
    dentalCheck: null,
    immunisations: { lastReview: null, upToDate: null },
  })
  expectProblem(t, await health('NOPE'), 404)
  expectProblem(t, await health('C1', '0000-01-01'), 400)
})

t.test('a child deleted by the council takes its health checks with it', async (t) => {
  await inCare('C1', '2025-04-17')
  await post(iha())
  await h.call(writer, { method: 'DELETE', url: '/v1/authorities/372/children/C1' })
  t.equal((await h.db.selectFrom('health_checks').selectAll().execute()).length, 0)
})
