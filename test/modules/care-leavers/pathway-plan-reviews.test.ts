import { readFile } from 'node:fs/promises'
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { keyOldUndo } from '../../../migrations/0015_pathway_plan_review_records.ts'
import { ep } from '../../domain/care-history/fixtures.ts'
import { fingerprint } from '../../fixtures/fingerprint.ts'
import { snapshotChild, snapshotEpisode } from '../../fixtures/snapshot.ts'
import { buildTestApp, expectProblem, integration, truncateAll } from '../../helper.ts'

/**
 * Pathway plan reviews as records of their own (issue #18): a leaving care system's feed of a row per
 * review, each with its id, beside the list of dates a plan carries. Written through the partner
 * records engine, checked against the stored plan, counted by the KPI, and kept apart from the list
 * by the plan's post and by an import's undo.
 */

const h = await buildTestApp(t)
let writer = ''
let reader = ''
let leaving = ''
t.beforeEach(async () => {
  await truncateAll(h.db)
  await h.authority('372')
  writer = await h.key(['records:write'], ['372'])
  reader = await h.key(['records:read', 'kpi:read'], ['372'])
  leaving = await h.key(['leaving-care:write'], ['372'])
})

const NHS = '9434765919'
const { child, episodes } = integration(h, () => writer, { child: { dateOfBirth: '2006-01-10', sex: 'M' } })
const post = (path: string, payload: unknown, key = leaving) =>
  h.call(key, { method: 'POST', url: `/v1/authorities/372/${path}`, payload: payload as Record<string, unknown> })
const review = (payload: unknown, key = leaving) => post('pathway-plan-reviews', payload, key)
const remove = (recordId: string, key = leaving) => h.call(key, { method: 'DELETE', url: `/v1/authorities/372/pathway-plan-reviews/${recordId}` })
const get = (url: string) => h.call(reader, { method: 'GET', url: `/v1/authorities/372${url}` })

type Result = { status: string; line?: number; errors?: Array<{ pointer: string; message: string }> }
const results = (res: { json(): { results: Result[] } }) => res.json().results
const statuses = (res: { json(): { results: Result[] } }) => results(res).map((r) => r.status)

/** Every stored review as [plan, date, record id], in order. */
const stored = async () =>
  (
    await h.db
      .selectFrom('pathway_plan_reviews')
      .select(['planRecordId', 'reviewDate', 'recordId'])
      .orderBy('planRecordId')
      .orderBy('reviewDate')
      .orderBy(sql`record_id nulls first`)
      .execute()
  ).map((r) => [r.planRecordId, r.reviewDate, r.recordId])

/** CL1 (with an NHS number) and CL2, each with a plan: P1 with a list of one review, P2 with none. */
async function plans() {
  t.equal((await child('CL1', { nhsNumber: NHS })).statusCode, 201)
  t.equal((await child('CL2')).statusCode, 201)
  const res = await post('pathway-plans', {
    records: [
      { recordId: 'P1', childId: 'CL1', planDate: '2024-01-15', reviews: ['2024-07-01'] },
      { recordId: 'P2', childId: 'CL2', planDate: '2024-06-01' },
    ],
  })
  t.same(statuses(res), ['created', 'created'])
}

t.test('a review record: created, the same again unchanged, a new date updated, purged, deleted', async (t) => {
  await plans()
  const r1 = { recordId: 'R1', childId: 'CL1', planRecordId: 'P1', date: '2025-01-10' }
  t.same(statuses(await review(r1)), ['created'])
  t.same(statuses(await review(r1)), ['unchanged'])
  const first = await h.db.selectFrom('pathway_plan_reviews').select(['createdAt', 'updatedAt']).where('recordId', '=', 'R1').executeTakeFirstOrThrow()
  t.same(statuses(await review({ ...r1, date: '2025-01-20' })), ['updated'])
  const moved = await h.db.selectFrom('pathway_plan_reviews').select(['createdAt', 'updatedAt']).where('recordId', '=', 'R1').executeTakeFirstOrThrow()
  t.same(moved.createdAt, first.createdAt)
  t.ok(moved.updatedAt > first.updatedAt, 'updated_at moves on an update')
  // The child by NHS number, as every partner record may name it.
  t.same(statuses(await review({ recordId: 'R2', nhsNumber: NHS, planRecordId: 'P1', date: '2024-12-01' })), ['created'])
  t.same(await stored(), [
    ['P1', '2024-07-01', null],
    ['P1', '2024-12-01', 'R2'],
    ['P1', '2025-01-20', 'R1'],
  ])

  t.same(statuses(await review({ recordId: 'R2', purge: true })), ['deleted'])
  t.same(statuses(await review({ recordId: 'R2', purge: true })), ['unchanged'], 'a purge of what is not held')
  t.equal((await remove('R1')).statusCode, 204)
  const gone = expectProblem(t, await remove('R1'), 404)
  t.equal(gone.detail, 'No pathway plan review with this record id.')
  t.same(await stored(), [['P1', '2024-07-01', null]], "the plan's list stays")
})

t.test("refused: a plan not stored, another child's plan, a date before the plan, in the future or before birth", async (t) => {
  await plans()
  const cases: Array<[string, Record<string, unknown>, Array<[string, RegExp]>]> = [
    ['no such plan', { planRecordId: 'P9' }, [['/planRecordId', /^no pathway plan with this record id$/]]],
    ["another child's plan", { childId: 'CL2' }, [['/planRecordId', /^this plan belongs to another child$/]]],
    ['before the plan', { date: '2024-01-14' }, [['/date', /before the plan it reviews/]]],
    ['in the future', { date: '2999-01-01' }, [['/date', /in the future/]]],
    ['before birth', { date: '2005-12-31' }, [['/date', /date of birth/]]],
    [
      'a future date and no such plan: both said',
      { planRecordId: 'P9', date: '2999-01-01' },
      [
        ['/planRecordId', /no pathway plan/],
        ['/date', /in the future/],
      ],
    ],
    ['no such child', { childId: 'NOPE' }, [['/childId', /./]]],
    ['no date', { date: undefined }, [['/date', /required/]]],
    ['no plan named', { planRecordId: undefined }, [['/planRecordId', /required/]]],
  ]
  for (const [what, change, expected] of cases) {
    const problem = expectProblem(t, await review({ recordId: 'R1', childId: 'CL1', planRecordId: 'P1', date: '2025-01-10', ...change }), 422)
    const errors = problem.errors ?? []
    t.same(
      errors.map((e) => e.pointer),
      expected.map(([pointer]) => pointer),
      what,
    )
    t.ok(
      expected.every(([, message], i) => message.test(errors[i]?.message ?? '')),
      `${what}: ${JSON.stringify(errors)}`,
    )
  }
  // On the plan's own date: not before it.
  t.same(statuses(await review({ recordId: 'R1', childId: 'CL1', planRecordId: 'P1', date: '2024-01-15' })), ['created'])
  t.same(await stored(), [
    ['P1', '2024-01-15', 'R1'],
    ['P1', '2024-07-01', null],
  ])
})

t.test("a batch of several, each answered; the plan's list and the review records side by side; the per-child read", async (t) => {
  await plans()
  const batch = await review({
    records: [
      { recordId: 'R1', childId: 'CL1', planRecordId: 'P1', date: '2025-01-10' },
      { recordId: 'R2', childId: 'CL1', planRecordId: 'P1', date: '2024-07-01' },
      { recordId: 'R3', childId: 'CL2', planRecordId: 'P2', date: '2024-12-01' },
      { recordId: 'R4', childId: 'CL2', planRecordId: 'P1', date: '2024-12-01' },
      { recordId: 'R3', childId: 'CL2', planRecordId: 'P2', date: '2024-12-02' },
    ],
  })
  t.equal(batch.statusCode, 200)
  t.same(statuses(batch), ['created', 'created', 'rejected', 'rejected', 'rejected'])
  t.same(
    results(batch)
      .slice(2)
      .map((r) => r.errors?.map((e) => e.pointer)),
    [['/records/2/recordId'], ['/records/3/planRecordId'], ['/records/4/recordId']],
    'a record id sent twice, and the plan of another child',
  )
  t.match(batch.json().summary, { created: 2, rejected: 3 })

  // R2 is on the same day as a review of P1's list: two reviews, one of each.
  const detail = async () => (await get('/children/CL1/care-leaver?asAt=2025-03-31')).json()
  t.same((await detail()).pathwayPlans, [
    {
      recordId: 'P1',
      planDate: '2024-01-15',
      reviews: [
        { date: '2024-07-01', recordId: null },
        { date: '2024-07-01', recordId: 'R2' },
        { date: '2025-01-10', recordId: 'R1' },
      ],
    },
  ])
  t.same((await detail()).pathwayPlan, { status: 'in_date', lastReviewed: '2025-01-10', nextReviewDue: '2025-07-10' }, 'a review record counts')

  // Posting the plan replaces its list only: an empty list leaves the records.
  const plan = { recordId: 'P1', childId: 'CL1', planDate: '2024-01-15' }
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: [] })), ['updated'])
  t.same(await stored(), [
    ['P1', '2024-07-01', 'R2'],
    ['P1', '2025-01-10', 'R1'],
  ])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: ['2025-01-10', '2024-03-01'] })), ['updated'])
  t.same(statuses(await post('pathway-plans', { ...plan, reviews: ['2024-03-01', '2025-01-10'] })), ['unchanged'], 'the list compared without the records')
  t.same(await stored(), [
    ['P1', '2024-03-01', null],
    ['P1', '2024-07-01', 'R2'],
    ['P1', '2025-01-10', null],
    ['P1', '2025-01-10', 'R1'],
  ])
  t.same(statuses(await post('care-leavers', { childId: 'CL1', eligibility: 'relevant' })), ['created'])
  t.same(
    (await get('/care-leavers?asAt=2025-03-31'))
      .json()
      .items.map((i: { childId: string; pathwayPlan: { lastReviewed: string } }) => [i.childId, i.pathwayPlan.lastReviewed]),
    [['CL1', '2025-01-10']],
  )

  // Deleting a plan deletes all its reviews: its list and its records (P2's stay).
  t.same(statuses(await review({ recordId: 'R3', childId: 'CL2', planRecordId: 'P2', date: '2024-12-01' })), ['created'])
  t.equal((await h.call(leaving, { method: 'DELETE', url: '/v1/authorities/372/pathway-plans/P1' })).statusCode, 204)
  t.same(await stored(), [['P2', '2024-12-01', 'R3']])
  expectProblem(t, await remove('R1'), 404)
  const orphan = expectProblem(t, await review({ recordId: 'R1', childId: 'CL1', planRecordId: 'P1', date: '2025-01-10' }), 422)
  t.match(orphan.errors, [{ pointer: '/planRecordId', message: 'no pathway plan with this record id' }])
  // A plan posted again as a purge takes its records too.
  t.same(statuses(await post('pathway-plans', { recordId: 'P2', purge: true })), ['deleted'])
  t.same(await stored(), [])
})

t.test('the feed as a CSV file: a row per review with its id; the example file loads, and again unchanged', async (t) => {
  await plans()
  const csv = (body: string | Buffer) =>
    h.call(leaving, { method: 'POST', url: '/v1/authorities/372/pathway-plan-reviews', payload: body, headers: { 'content-type': 'text/csv' } })
  const file = ['recordId,childId,planRecordId,date', 'R1,CL1,P1,10/01/2025', 'R2,CL1,P1,2025-02-11', 'R3,CL2,P1,12/02/2025', 'R4,CL2,P2,31/02/2025', ''].join(
    '\r\n',
  )
  const res = await csv(file)
  t.equal(res.statusCode, 200, res.body)
  t.same(
    results(res).map((r) => [r.line, r.status, r.errors?.map((e) => e.pointer)]),
    [
      [2, 'created', undefined],
      [3, 'created', undefined],
      [4, 'rejected', ['/records/2/planRecordId']],
      [5, 'rejected', ['/records/3/date']],
    ],
  )
  t.same(await stored(), [
    ['P1', '2024-07-01', null],
    ['P1', '2025-01-10', 'R1'],
    ['P1', '2025-02-11', 'R2'],
  ])
  t.same(statuses(await csv(file)).slice(0, 2), ['unchanged', 'unchanged'])

  // docs/partner-files/pathway-plan-reviews.csv, against the plan of docs/partner-files/pathway-plans.csv.
  await child('C100302', { dateOfBirth: '2009-01-15' })
  t.equal((await episodes('C100302', [ep('2022-02-01', null)])).statusCode, 200)
  t.same(statuses(await post('pathway-plans', { recordId: 'PP-0002', childId: 'C100302', planDate: '2025-03-10' })), ['created'])
  const example = await readFile(new URL('../../../docs/partner-files/pathway-plan-reviews.csv', import.meta.url))
  const loaded = await csv(example)
  t.equal(loaded.statusCode, 200, loaded.body)
  t.same(
    results(loaded).map((r) => [r.line, r.status]),
    [
      [2, 'created'],
      [3, 'created'],
    ],
  )
  t.same(
    (await stored()).filter(([plan]) => plan === 'PP-0002'),
    [
      ['PP-0002', '2025-09-08', 'PPR-0001'],
      ['PP-0002', '2026-03-02', 'PPR-0002'],
    ],
  )
  t.same(statuses(await csv(example)), ['unchanged', 'unchanged'])
})

t.test('the scope is leaving-care:write, as for pathway plans; every write is audited', async (t) => {
  await plans()
  const body = { recordId: 'R1', childId: 'CL1', planRecordId: 'P1', date: '2025-01-10' }
  for (const scopes of [['records:write'], ['health:write'], ['records:read', 'child:read']] as const) {
    const other = await h.key([...scopes], ['372'])
    expectProblem(t, await review(body, other), 403)
    t.equal((await h.call(other, { method: 'DELETE', url: '/v1/authorities/372/pathway-plan-reviews/R1' })).statusCode, 403, scopes.join(' '))
  }
  const elsewhere = await h.key(['leaving-care:write'], ['831'])
  expectProblem(t, await review(body, elsewhere), 403)
  t.same(await stored(), [['P1', '2024-07-01', null]], 'nothing stored')

  t.equal((await review(body, leaving)).statusCode, 200)
  t.equal((await remove('R1')).statusCode, 204)
  await h.app.flushAudit()
  const events = await h.db
    .selectFrom('audit_events')
    .select(['action', 'resource', 'resourceId', 'status'])
    .where('resource', 'like', '/v1/authorities/:la/pathway-plan-reviews%')
    .where('status', '<', 300)
    .orderBy('id')
    .execute()
  t.match(events, [
    { resource: '/v1/authorities/:la/pathway-plan-reviews', status: 200 },
    { action: 'delete', resource: '/v1/authorities/:la/pathway-plan-reviews/:recordId', resourceId: 'R1', status: 204 },
  ])
  t.equal(events.length, 2)
})

t.test('the KPI counts a review record like a review of the list (hand-computed at 31 March 2025)', async (t) => {
  // Three care leavers aged 19 on D, each left care on their 18th birthday after four years in care.
  for (const id of ['K1', 'K2', 'K3']) {
    t.equal((await child(id)).statusCode, 201)
    t.equal((await episodes(id, [ep('2020-01-06', '2024-01-10', { reasonEnded: 'E8' })])).statusCode, 200)
  }
  const res = await post('pathway-plans', {
    records: [
      { recordId: 'PK1', childId: 'K1', planDate: '2024-01-15', reviews: ['2024-07-01'] },
      { recordId: 'PK2', childId: 'K2', planDate: '2024-01-15', reviews: ['2024-07-01'] },
      { recordId: 'PK3', childId: 'K3', planDate: '2024-02-01' },
    ],
  })
  t.same(statuses(res), ['created', 'created', 'created'])
  const kpi = async () => {
    const r = await get('/kpis/care-leavers-pathway-plan-current?asAt=2025-03-31')
    t.equal(r.statusCode, 200, r.body)
    const { value, numerator, denominator } = r.json<{ value: number; numerator: number; denominator: number }>()
    return { value, numerator, denominator }
  }
  // In date at D: a plan or review after 30 September 2024 (D less 6 months) and on or before D.
  t.same(await kpi(), { value: 0, numerator: 0, denominator: 3 }, 'the lists are a review of 1 July 2024 at the latest')
  t.same(
    statuses(
      await review({
        records: [
          { recordId: 'RK1', childId: 'K1', planRecordId: 'PK1', date: '2025-01-10' }, // in the six months: K1 counts
          { recordId: 'RK3', childId: 'K3', planRecordId: 'PK3', date: '2024-09-30' }, // exactly six months before D: not
        ],
      }),
    ),
    ['created', 'created'],
  )
  t.same(await kpi(), { value: 33.3, numerator: 1, denominator: 3 })
  t.same(statuses(await review({ recordId: 'RK2', childId: 'K2', planRecordId: 'PK2', date: '2025-03-31' })), ['created'])
  t.same(await kpi(), { value: 66.7, numerator: 2, denominator: 3 }, 'a review on D counts')
  t.same(statuses(await review({ recordId: 'RK3', childId: 'K3', planRecordId: 'PK3', date: '2025-04-01' })), ['updated'])
  t.same(await kpi(), { value: 66.7, numerator: 2, denominator: 3 }, 'a review after D does not')
  t.equal((await remove('RK1')).statusCode, 204)
  t.same(await kpi(), { value: 33.3, numerator: 1, denominator: 3 }, 'a review deleted no longer counts')
})

t.test("an import's undo puts a plan's list back exactly and never touches a review record", async (t) => {
  const importer = await h.key(['records:write'], ['372'])
  const leaver = (id: string) => snapshotChild(id, [snapshotEpisode('2020-01-06', { endDate: '2024-01-10', reasonEnded: 'E8' })], { dateOfBirth: '2006-01-10' })
  const snapshot = (planA: Record<string, unknown> | null) => ({
    children: [leaver('L1'), leaver('L2')],
    pathwayPlans: [
      { recordId: 'PA', childId: 'L1', planDate: '2024-01-15', reviews: ['2024-07-01'], ...planA },
      { recordId: 'PB', childId: 'L2', planDate: '2024-02-01' },
    ].filter((p) => planA !== null || p.recordId !== 'PA'),
  })
  const run = async (body: unknown) => {
    const res = await h.call(importer, { method: 'POST', url: '/v1/authorities/372/imports?allowShrink=true', payload: body as object })
    t.equal(res.statusCode, 201, res.body.slice(0, 300))
    return res.json<{ id: string; counts: Record<string, unknown> }>()
  }
  const revert = (id: string) => h.call(importer, { method: 'POST', url: `/v1/authorities/372/imports/${id}/revert` })
  const reviews = async () => (await fingerprint(h.db, ['pathway_plan_reviews'])).pathway_plan_reviews
  /** The review records, every column and the transaction that last wrote each: what must stay untouched. */
  const records = async () =>
    (
      await sql<{
        row: string
      }>`select r::text || ' ' || r.xmin::text as row from pathway_plan_reviews r where record_id is not null order by record_id`.execute(h.db)
    ).rows.map((r) => r.row)

  await run(snapshot({}))
  // R1 falls on the day of a review of PA's list.
  const posted = await review({
    records: [
      { recordId: 'R1', childId: 'L1', planRecordId: 'PA', date: '2024-07-01' },
      { recordId: 'R2', childId: 'L1', planRecordId: 'PA', date: '2025-01-10' },
      { recordId: 'R3', childId: 'L2', planRecordId: 'PB', date: '2024-08-01' },
    ],
  })
  t.same(statuses(posted), ['created', 'created', 'created'])
  const before = await reviews()
  const untouched = await records()

  // The list replaced by a run, then the run undone.
  const replaced = await run(snapshot({ reviews: ['2024-12-01'] }))
  t.match(replaced.counts, { pathwayPlans: { updated: 1 } })
  t.same(await stored(), [
    ['PA', '2024-07-01', 'R1'],
    ['PA', '2024-12-01', null],
    ['PA', '2025-01-10', 'R2'],
    ['PB', '2024-08-01', 'R3'],
  ])
  t.same(await records(), untouched, 'the run left the records alone')
  const undone = await revert(replaced.id)
  t.equal(undone.statusCode, 201, undone.body.slice(0, 300))
  t.equal(await reviews(), before, 'every review as before the run, timestamps included')
  t.same(await records(), untouched, 'the revert left the records alone')

  // A run that deletes a plan takes its records with it; its undo puts them back as they were.
  const dropped = await run(snapshot(null))
  t.same(await stored(), [['PB', '2024-08-01', 'R3']])
  t.equal((await revert(dropped.id)).statusCode, 201)
  t.equal(await reviews(), before, 'the plan, its list and its records back')

  // A record posted again after a run deleted it: reverting the run would overwrite it, so it is refused.
  const again = await run(snapshot(null))
  t.same(statuses(await review({ recordId: 'R1', childId: 'L2', planRecordId: 'PB', date: '2024-09-01' })), ['created'])
  const refused = expectProblem(t, await revert(again.id), 409)
  t.match(refused, { conflicts: [{ table: 'pathway_plan_reviews', key: { reviewKey: 'r:R1' }, why: 'recreated' }] })
  t.same(await stored(), [
    ['PB', '2024-08-01', 'R3'],
    ['PB', '2024-09-01', 'R1'],
  ])
})

t.test('what runs before migration 0015 kept of the reviews is rekeyed, and still reverts', async (t) => {
  const importer = await h.key(['records:write'], ['372'])
  const body = (reviews: string[]) => ({
    children: [snapshotChild('L1', [snapshotEpisode('2020-01-06', { endDate: '2024-01-10', reasonEnded: 'E8' })], { dateOfBirth: '2006-01-10' })],
    pathwayPlans: [{ recordId: 'PA', childId: 'L1', planDate: '2024-01-15', reviews }],
  })
  const run = async (reviews: string[]) => {
    const res = await h.call(importer, { method: 'POST', url: '/v1/authorities/372/imports', payload: body(reviews) })
    t.equal(res.statusCode, 201, res.body.slice(0, 300))
    return res.json<{ id: string }>().id
  }
  await run(['2024-07-01', '2024-10-01'])
  t.same(statuses(await review({ recordId: 'R1', childId: 'L1', planRecordId: 'PA', date: '2024-07-01' })), ['created'])
  const id = await run(['2024-10-01', '2024-12-01'])
  // As such a run noted them: the old key (la, plan_record_id, review_date), old rows without the new columns.
  await sql`delete from import_undo where run_id = ${id} and table_name = 'pathway_plan_reviews'`.execute(h.db)
  await sql`
    insert into import_undo (run_id, table_name, op, rows) values
      (${id}, 'pathway_plan_reviews', 'd', ${JSON.stringify([{ la: '372', plan_record_id: 'PA', review_date: '2024-07-01' }])}::jsonb),
      (${id}, 'pathway_plan_reviews', 'i', ${JSON.stringify({ la: ['372'], plan_record_id: ['PA'], review_date: ['2024-12-01'] })}::jsonb)`.execute(h.db)
  // The migrator hands migrations an untyped Kysely.
  await keyOldUndo(h.db as unknown as Kysely<unknown>)
  const rekeyed = await h.db
    .selectFrom('import_undo')
    .select(['op', 'rows'])
    .where('runId', '=', id)
    .where('tableName', '=', 'pathway_plan_reviews')
    .orderBy('seq')
    .execute()
  // (Read through the CamelCasePlugin, which renames the keys inside the JSON too.)
  t.match(rekeyed, [
    { op: 'd', rows: [{ la: '372', planRecordId: 'PA', reviewDate: '2024-07-01', recordId: null, reviewKey: 'p:PA:20240701', createdAt: String }] },
    { op: 'i', rows: { la: ['372'], reviewKey: ['p:PA:20241201'] } },
  ])
  await keyOldUndo(h.db as unknown as Kysely<unknown>)
  t.same(
    await h.db
      .selectFrom('import_undo')
      .select(['op', 'rows'])
      .where('runId', '=', id)
      .where('tableName', '=', 'pathway_plan_reviews')
      .orderBy('seq')
      .execute(),
    rekeyed,
    'rows in the new form are left alone',
  )
  t.equal((await h.call(importer, { method: 'POST', url: `/v1/authorities/372/imports/${id}/revert` })).statusCode, 201)
  t.same(await stored(), [
    ['PA', '2024-07-01', null],
    ['PA', '2024-07-01', 'R1'],
    ['PA', '2024-10-01', null],
  ])
})
