import fc from 'fast-check'
import t from 'tap'
import { addMonths } from '../../../src/domain/dates/calendar.ts'
import { todayInEngland } from '../../../src/domain/dates/today.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'

const h = await buildTestApp(t)
let writer = ''
let reader = ''
let leaving = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['records:read'], ['372'])
  leaving = await h.key(['leaving-care:write'], ['372'])
})

const NHS = '9434765919'
const { child } = integration(h, () => writer, { child: { dateOfBirth: '2006-01-10', sex: 'M' } })
const post = (path: string, payload: unknown, key = leaving) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/372/${path}`, payload: payload as Record<string, unknown> })
const get = (url: string) => h.call(reader, { method: 'GET', url: `/v1/authorities/372${url}` })
const statuses = (res: { json(): { results: Array<{ status: string }> } }) => res.json().results.map((r) => r.status)

async function leavers() {
  for (const id of ['CL1', 'CL2', 'CL3']) t.equal((await child(id, id === 'CL1' ? { nhsNumber: NHS } : {})).statusCode, 201)
  const res = await post('care-leavers', {
    records: [
      { nhsNumber: NHS, eligibility: 'relevant' },
      { childId: 'CL2', eligibility: 'former_relevant' },
      { childId: 'CL3', eligibility: 'eligible' },
    ],
  })
  t.same(statuses(res), ['created', 'created', 'created'])
}

t.test('a care leaver with a pathway plan reviewed 7 months ago shows overdue', async (t) => {
  await leavers()
  const plans = await post('pathway-plans', {
    records: [
      { recordId: 'P1', childId: 'CL1', planDate: '2024-01-15', reviews: ['2024-08-31'] },
      { recordId: 'P2', childId: 'CL2', planDate: '2024-06-01', reviews: ['2024-12-01'] },
    ],
  })
  t.same(statuses(plans), ['created', 'created'])
  const list = (await get('/care-leavers?asAt=2025-03-31')).json()
  t.equal(list.asAt, '2025-03-31')
  t.same(
    list.items.map((i: { childId: string; eligibility: string; age: number; pathwayPlan: unknown }) => [i.childId, i.eligibility, i.age, i.pathwayPlan]),
    [
      ['CL1', 'relevant', 19, { status: 'overdue', lastReviewed: '2024-08-31', nextReviewDue: '2025-02-28' }],
      ['CL2', 'former_relevant', 19, { status: 'in_date', lastReviewed: '2024-12-01', nextReviewDue: '2025-06-01' }],
      ['CL3', 'eligible', 19, { status: 'none', lastReviewed: null, nextReviewDue: null }],
    ],
  )
  const ids = async (q: string) => (await get(`/care-leavers?${q}`)).json().items.map((i: { childId: string }) => i.childId)
  t.same(await ids('asAt=2025-03-31&planStatus=overdue'), ['CL1'])
  t.same(await ids('asAt=2025-03-31&planStatus=in_date'), ['CL2'])
  t.same(await ids('asAt=2025-03-31&planStatus=none'), ['CL3'])
  t.same(await ids('asAt=2025-03-31&eligibility=eligible'), ['CL3'])
  // Six months to the day is no longer in date (after D minus 6 months, 5b).
  t.same(await ids('asAt=2025-05-31&planStatus=in_date'), ['CL2'])
  t.same(await ids('asAt=2025-06-01&planStatus=in_date'), [])
  // Before the plan existed there was none.
  t.same(await ids('asAt=2024-01-14&planStatus=none'), ['CL1', 'CL2', 'CL3'])
  const page = (await get('/care-leavers?asAt=2025-03-31&limit=2')).json()
  t.equal(page.nextCursor, 'CL2')
  t.same(
    (await get('/care-leavers?asAt=2025-03-31&limit=2&cursor=CL2')).json().items.map((i: { childId: string }) => i.childId),
    ['CL3'],
  )

  // The same, counted from today when no date is given.
  const today = todayInEngland()
  await post('pathway-plans', { recordId: 'P1', childId: 'CL1', planDate: addMonths(today, -8), reviews: [addMonths(today, -7)] })
  const now = (await get('/care-leavers')).json()
  t.equal(now.asAt, today)
  t.equal(now.items[0].pathwayPlan.status, 'overdue')
})

t.test('pathway plans: posting again compares the reviews too; bad dates are refused', async (t) => {
  await leavers()
  const plan = { recordId: 'P1', childId: 'CL1', planDate: '2024-01-15', reviews: ['2024-07-01'] }
  t.same(statuses(await post('pathway-plans', plan)), ['created'])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: ['2024-07-01', '2024-07-01'] })), ['unchanged'])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: ['2025-01-02', '2024-07-01'] })), ['updated'])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: ['2024-07-01', '2025-01-02'] })), ['unchanged'])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: [] })), ['updated'])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: undefined })), ['unchanged'], 'no reviews is an empty list')
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: ['2025-01-02'] })), ['updated'])

  const before = expectProblem(t, await post('pathway-plans', { ...plan, reviews: ['2023-12-01', '2025-01-02'] }), 422)
  t.same(
    before.errors?.map((e) => e.pointer),
    ['/reviews/0'],
  )
  const future = expectProblem(t, await post('pathway-plans', { ...plan, planDate: '2999-01-01', reviews: ['2999-02-01'] }), 422)
  t.same(
    future.errors?.map((e) => e.pointer),
    ['/planDate', '/reviews/0'],
  )

  const detail = (await get('/children/CL1/care-leaver?asAt=2025-03-31')).json()
  t.same(detail.pathwayPlans, [{ recordId: 'P1', planDate: '2024-01-15', reviews: [{ date: '2025-01-02', recordId: null }] }])
  t.same(detail.pathwayPlan, { status: 'in_date', lastReviewed: '2025-01-02', nextReviewDue: '2025-07-02' })

  t.equal((await h.call(leaving, { method: 'DELETE', url: '/v1/authorities/372/pathway-plans/P1' })).statusCode, 204)
  t.equal((await h.db.selectFrom('pathway_plan_reviews').selectAll().execute()).length, 0, 'reviews go with their plan')
  expectProblem(t, await h.call(leaving, { method: 'DELETE', url: '/v1/authorities/372/pathway-plans/P1' }), 404)
})

t.test('personal advisers: the one allocated on the day', async (t) => {
  await leavers()
  const res = await post('personal-advisers', {
    records: [
      { recordId: 'PA1', childId: 'CL1', name: 'Sam Okafor', allocatedOn: '2023-01-01', endedOn: '2024-12-31' },
      { recordId: 'PA2', childId: 'CL1', name: ' ', allocatedOn: '2025-01-01', endedOn: null },
      { recordId: 'PA3', childId: 'CL2', allocatedOn: '2025-01-01', endedOn: '2024-12-01' },
      { recordId: 'PA4', childId: 'CL2', allocatedOn: '2025-01-01', endedOn: '2999-12-01' },
    ],
  })
  t.same(statuses(res), ['created', 'created', 'rejected', 'rejected'])
  t.same(
    res.json().results[2].errors.map((e: { pointer: string }) => e.pointer),
    ['/records/2/endedOn'],
  )
  const at = async (asAt: string) => (await get(`/care-leavers?asAt=${asAt}`)).json().items[0].personalAdviser
  t.same(await at('2025-03-31'), { recordId: 'PA2', name: null, allocatedOn: '2025-01-01' })
  t.same(await at('2024-12-31'), { recordId: 'PA1', name: 'Sam Okafor', allocatedOn: '2023-01-01' })
  t.equal(await at('2022-12-31'), null)
  t.equal((await h.call(leaving, { method: 'DELETE', url: '/v1/authorities/372/personal-advisers/PA2' })).statusCode, 204)
  t.equal(await at('2025-03-31'), null)
})

t.test('contacts in OC3 codes: stored as parts, given back as the 903 code', async (t) => {
  await leavers()
  const res = await post('care-leaver-contacts', {
    records: [
      { recordId: 'K1', childId: 'CL1', date: '2025-01-10', inTouch: 'YES', activity: 'F5', accommodation: 'U1' },
      { recordId: 'K2', childId: 'CL1', date: '2025-03-01', inTouch: 'no' },
      { recordId: 'K3', childId: 'CL2', date: '2025-02-01', inTouch: 'RHOM' },
      { recordId: 'K4', childId: 'CL3', date: '2025-02-01', inTouch: 'YES', activity: 'g5', accommodation: 'u2' },
      { recordId: 'K5', childId: 'CL3', date: '2025-02-02', inTouch: 'YES', activity: '', accommodation: null },
    ],
  })
  t.equal(res.statusCode, 200, res.body)
  t.same(statuses(res), ['created', 'created', 'created', 'created', 'created'])
  t.same(
    res.json().results[4].warnings.map((w: { pointer: string; rule: string }) => [w.pointer, w.rule]),
    [
      ['/records/4/activity', '345'],
      ['/records/4/accommodation', '345'],
    ],
  )
  const stored = await h.db.selectFrom('care_leaver_contacts').selectAll().where('recordId', '=', 'K4').executeTakeFirstOrThrow()
  t.match(stored, { inTouch: 'YES', activity: 'G5', accommodationType: 'U', accommodationSuitable: false })

  const latest = async (asAt: string) =>
    Object.fromEntries(
      (await get(`/care-leavers?asAt=${asAt}`)).json().items.map((i: { childId: string; latestContact: unknown }) => [i.childId, i.latestContact]),
    )
  const at = await latest('2025-03-31')
  t.same(at.CL1, { recordId: 'K2', date: '2025-03-01', inTouch: 'NO', activity: '0', accommodation: '0', accommodationType: null, accommodationSuitable: null })
  t.same(at.CL2, {
    recordId: 'K3',
    date: '2025-02-01',
    inTouch: 'RHOM',
    activity: null,
    accommodation: null,
    accommodationType: null,
    accommodationSuitable: null,
  })
  t.same(at.CL3.recordId, 'K5')
  t.same((await latest('2025-02-28')).CL1, {
    recordId: 'K1',
    date: '2025-01-10',
    inTouch: 'YES',
    activity: 'F5',
    accommodation: 'U1',
    accommodationType: 'U',
    accommodationSuitable: true,
  })
  t.equal((await latest('2025-01-09')).CL1, null)

  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    ['died with an activity', { inTouch: 'DIED', activity: 'F5' }, '/activity', '344'],
    ['returned home with accommodation', { inTouch: 'RHOM', accommodation: 'B1' }, '/accommodation', '344'],
    ['not an ACCOM code', { inTouch: 'YES', activity: 'F1', accommodation: 'Q1' }, '/accommodation', '133'],
    ['homeless is never suitable', { inTouch: 'YES', activity: 'F1', accommodation: 'S1' }, '/accommodation', '133'],
    ['not an ACTIV code', { inTouch: 'YES', activity: 'F3', accommodation: 'U1' }, '/activity', '132'],
    ['not an IN_TOUCH code', { inTouch: 'MAYB' }, '/inTouch', '131'],
  ]
  for (const [what, fields, pointer, rule] of refused) {
    const problem = expectProblem(t, await post('care-leaver-contacts', { recordId: 'K9', childId: 'CL1', date: '2025-03-02', ...fields }), 422)
    t.ok(
      problem.errors?.some((e) => e.pointer === pointer && e.rule === rule),
      `${what}: ${JSON.stringify(problem.errors)}`,
    )
  }
  // Z at 17 and a foyer under 18 are stored, with the DfE's queries as warnings.
  await child('Y17', { dateOfBirth: '2008-01-01' })
  const young = await post('care-leaver-contacts', {
    records: [
      { recordId: 'Y1', childId: 'Y17', date: '2025-03-02', inTouch: 'YES', activity: 'F2', accommodation: 'Z1' },
      { recordId: 'Y2', childId: 'Y17', date: '2025-03-03', inTouch: 'YES', activity: 'F2', accommodation: 'T1' },
    ],
  })
  t.same(
    young.json().results.map((r: { warnings: Array<{ rule: string }> }) => r.warnings.map((w) => w.rule)),
    [['3001'], ['347']],
  )

  const detail = (await get('/children/CL1/care-leaver')).json()
  t.same(
    detail.contacts.map((c: { recordId: string; accommodation: string }) => [c.recordId, c.accommodation]),
    [
      ['K1', 'U1'],
      ['K2', '0'],
    ],
  )
  t.equal(detail.eligibility, 'relevant')
})

t.test('care leavers are keyed by the child: one record per child, updated, purged', async (t) => {
  await leavers()
  t.same(statuses(await post('care-leavers', { childId: 'CL1', eligibility: 'relevant' })), ['unchanged'])
  t.same(statuses(await post('care-leavers', { nhsNumber: NHS, eligibility: 'former_relevant' })), ['updated'])
  const twice = await post('care-leavers', {
    records: [
      { childId: 'CL1', eligibility: 'relevant' },
      { nhsNumber: '943 476 5919', eligibility: 'relevant' },
      { childId: 'CL2', eligibility: 'qualifying' },
    ],
  })
  t.same(statuses(twice), ['rejected', 'rejected', 'updated'])
  t.same(statuses(await post('care-leavers', { childId: 'CL3', purge: true })), ['deleted'])
  t.same(statuses(await post('care-leavers', { childId: 'CL3', purge: true })), ['unchanged'])
  expectProblem(t, await post('care-leavers', { childId: 'NOPE', eligibility: 'relevant' }), 422)
  expectProblem(t, await post('care-leavers', { childId: 'CL1', eligibility: 'care_leaver' }), 422)
  t.equal((await h.call(leaving, { method: 'DELETE', url: '/v1/authorities/372/care-leavers/CL2' })).statusCode, 204)
  expectProblem(t, await h.call(leaving, { method: 'DELETE', url: '/v1/authorities/372/care-leavers/CL2' }), 404)
  t.same(
    (await get('/care-leavers')).json().items.map((i: { childId: string }) => i.childId),
    ['CL1'],
  )
  expectProblem(t, await get('/children/NOPE/care-leaver'), 404)
  t.equal((await get('/children/CL3/care-leaver')).json().eligibility, null, 'a child without a care-leaver record')
  expectProblem(t, await h.call(leaving, { method: 'GET', url: '/v1/authorities/372/care-leavers' }), 403)
})

t.test('no bad input to any partner endpoint is a 500', async (t) => {
  await leavers()
  const everything = await h.key(['health:write', 'education:write', 'leaving-care:write'], ['372'])
  const bases: Record<string, Record<string, unknown>> = {
    'health-checks': {
      recordId: 'R1',
      nhsNumber: NHS,
      kind: 'dental_check',
      date: '2025-01-01',
      outcome: 'completed',
      clinicianRole: 'nurse',
      immunisationsUpToDate: null,
      purge: false,
    },
    sdq: {
      recordId: 'R1',
      childId: 'CL1',
      date: '2020-01-01',
      informant: 'carer',
      total: 10,
      emotional: 1,
      conduct: 2,
      hyperactivity: 3,
      peer: 4,
      prosocial: 5,
      reasonCode: null,
    },
    'care-leavers': { childId: 'CL1', eligibility: 'relevant', purge: false },
    'personal-advisers': { recordId: 'R1', childId: 'CL1', name: 'A', allocatedOn: '2024-01-01', endedOn: null },
    'pathway-plans': { recordId: 'R1', childId: 'CL1', planDate: '2024-01-01', reviews: ['2024-06-01'] },
    'care-leaver-contacts': { recordId: 'R1', upn: null, childId: 'CL1', date: '2025-01-01', inTouch: 'YES', activity: 'F1', accommodation: 'U1' },
  }
  const junk = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('', ' ', '0', '2025-02-30', '0000-01-01', '9999-12-31', 'UN1', 'sdq1', -1, 1e9, 41, true),
  )
  const mangled = (base: Record<string, unknown>) =>
    fc
      .record(Object.fromEntries(Object.keys(base).map((k) => [k, fc.oneof(fc.constant(base[k]), fc.constant(undefined), junk)])))
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)))
  for (const [path, base] of Object.entries(bases)) {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(mangled(base), junk), { minLength: 1, maxLength: 4 }), fc.boolean(), async (records, single) => {
        const res = await post(path, single ? records[0] : { records }, everything)
        return res.statusCode < 500
      }),
      { numRuns: 40 },
    )
  }
  t.pass('every answer was below 500')
})

t.test('the category is checked against the age: none before 16, a warning when it no longer fits', async (t) => {
  const years = (n: number) => addMonths(todayInEngland(), -12 * n)
  t.equal((await child('YOUNG', { dateOfBirth: years(15) })).statusCode, 201)
  t.equal((await child('OLDER', { dateOfBirth: years(20) })).statusCode, 201)
  const res = await post('care-leavers', {
    records: [
      { childId: 'YOUNG', eligibility: 'eligible' },
      { childId: 'OLDER', eligibility: 'eligible' },
    ],
  })
  const [young, older] = res.json().results as Array<{
    status: string
    errors?: Array<{ pointer: string }>
    warnings?: Array<{ pointer: string; message: string }>
  }>
  t.match(young, { status: 'rejected', errors: [{ pointer: '/records/0/eligibility' }] })
  t.match(older, { status: 'created', warnings: [{ pointer: '/records/1/eligibility', message: /former relevant/ }] })
})
