import t from 'tap'
import { sql } from 'kysely'
import { bumpDataVersion } from '../../../src/db/data-version.ts'
import { kpiById, KPI_DEFINITIONS } from '../../../src/domain/kpis/index.ts'
import { kpiService } from '../../../src/modules/kpis/service.ts'
import { eventually, expectProblem } from '../../helper.ts'
import { ep, kpiTestApp } from './fixtures.ts'

/** The KPI endpoints as a client sees them: catalogue, errors, suppression, cache, CSV, series, drill-down, scorecard, benchmarks. */
const h = await kpiTestApp(t)
const get = (key: string, url: string) => h.call(key, { method: 'GET', url })

t.test('the catalogue is open to kpi:read, child:read and records:read', async (t) => {
  for (const scope of ['kpi:read', 'child:read', 'records:read'] as const) {
    const res = await get(await h.key([scope]), '/v1/kpis')
    t.equal(res.statusCode, 200, scope)
    const items = res.json().items as Array<{ id: string; rule: string; unit: string; higherIsBetter: boolean | null; version: number }>
    t.equal(items.length, KPI_DEFINITIONS.length)
    t.match(
      items.find((i) => i.id === 'short-term-stability'),
      { unit: 'percent', higherIsBetter: false, version: 1, rule: /5a short-term stability/ },
    )
  }
})

t.test('requests the service refuses', async (t) => {
  const la = await h.la('840')
  expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/no-such-kpi`), 404)
  expectProblem(t, await get(h.reader, '/v1/authorities/999/kpis/children-in-care'), 404)
  const badSplit = expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care-rate?breakdown=sex`), 400)
  t.equal(badSplit.errors?.[0]?.pointer, '/breakdown')
  const atDate = expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care?from=2024-01-01&to=2024-02-01`), 400)
  t.equal(atDate.errors?.[0]?.pointer, '/from')
  expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care?asAt=2025-03-31&year=2025`), 400)
  const old = expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care?asAt=1990-03-31`), 400)
  t.equal(old.errors?.[0]?.pointer, '/asAt')
  expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care?asAt=2025-02-30`), 400)
  expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care/series?from=2025-01-01&to=2024-01-01`), 400)
  expectProblem(t, await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care/series?from=2000-01-01&to=2035-01-01`), 400)
  expectProblem(t, await get(h.reader, `/v1/authorities/${la}/scorecard?year=2035&asAt=2025-01-01`), 400)
  // The drill-down is child-level: kpi:read alone does not open it.
  expectProblem(t, await get(await h.key(['kpi:read']), `/v1/authorities/${la}/kpis/children-in-care/children`), 403)
})

t.test('a breakdown never gives a withheld count back as the total minus the other groups', async (t) => {
  const la = await h.la('849')
  for (const id of ['A', 'B', 'C', 'D', 'E']) await h.child(la, id, '2012-01-01', [ep('2024-01-01', null)])
  for (const id of ['F', 'G']) await h.child(la, id, '2012-01-01', [ep('2024-01-01', null, { placementProvider: 'PR4', placementType: 'U6' })])
  const careful = await h.key(['kpi:read'], ['*'], { suppressSmallNumbers: true })
  const res = await h.kpi(la, 'children-in-care', 'asAt=2025-03-31&breakdown=provider', careful)
  t.match(res, { value: 7, numerator: 7, suppressed: true })
  // 2 in PR4 is withheld; 7 - 5 would give it back, so the 5 in PR1 is withheld too.
  t.same(
    res.breakdown?.rows.map((r) => [r.group, r.value, r.numerator, r.share, r.suppressed]),
    [
      ['PR1', null, null, null, true],
      ['PR4', null, null, null, true],
    ],
  )
  const open = await h.kpi(la, 'children-in-care', 'asAt=2025-03-31&breakdown=provider')
  t.same(
    open.breakdown?.rows.map((r) => [r.group, r.numerator]),
    [
      ['PR1', 5],
      ['PR4', 2],
    ],
    'a client allowed small numbers sees them all',
  )
})

t.test('small-number suppression for clients that must not see counts of 1-4', async (t) => {
  const la = await h.la('842')
  await h.child(la, 'A', '2012-01-01', [ep('2024-01-01', null)])
  await h.child(la, 'B', '2012-01-01', [ep('2024-01-01', null)])
  await h.child(la, 'C', '2012-01-01', [ep('2024-01-01', null, { placementProvider: 'PR4', placementType: 'U6' })])
  const careful = await h.key(['kpi:read'], ['*'], { suppressSmallNumbers: true })
  t.match(await h.kpi(la, 'children-in-care', 'asAt=2025-03-31'), { value: 3, suppressed: false })
  const hidden = await h.kpi(la, 'children-in-care', 'asAt=2025-03-31&breakdown=provider', careful)
  t.match(hidden, { value: null, numerator: null, cohortSize: null, suppressed: true })
  t.same(
    hidden.breakdown?.rows.map((r) => [r.group, r.value, r.share, r.suppressed]),
    [
      ['PR1', null, null, true],
      ['PR4', null, null, true],
    ],
  )
  t.match(await h.kpi(la, 'in-house-share', 'asAt=2025-03-31', careful), { value: null, numerator: null, denominator: null, suppressed: true })
  // Zero is shown.
  t.match(await h.kpi(la, 'uasc-in-care', 'asAt=2025-03-31', careful), { value: 0, numerator: 0, cohortSize: null, suppressed: true })
  const csv = await get(careful, `/v1/authorities/${la}/kpis/children-in-care?asAt=2025-03-31&format=csv`)
  t.match(csv.body, /^kpi,.*\r\nchildren-in-care,Children in care,count,2025-03-31,,,total,total,Total,,,,,true,/)
})

t.test('the cache: a repeat read is served from memory, and any write is seen at once', async (t) => {
  const la = await h.la('844')
  await h.child(la, 'A', '2012-01-01', [ep('2024-01-01', null)])
  const first = await h.kpi(la, 'children-in-care', 'asAt=2025-03-31')
  t.equal(first.value, 1)
  // A row slipped in behind the service's back (no data version bump) is not seen: the answer is cached.
  await sql`update episodes set start_date = '2025-06-01' where la = ${la} and child_id = 'A'`.execute(h.db)
  t.equal((await h.kpi(la, 'children-in-care', 'asAt=2025-03-31')).value, 1, 'cached')
  await sql`update episodes set start_date = '2024-01-01' where la = ${la} and child_id = 'A'`.execute(h.db)
  // A write through the API bumps the version: the next read counts again.
  await h.child(la, 'B', '2012-01-01', [ep('2024-02-01', null)])
  const after = await h.kpi(la, 'children-in-care', 'asAt=2025-03-31')
  t.equal(after.value, 2)
  t.ok(after.dataVersion > first.dataVersion)
  // So does a partner write (here straight to the table, with the bump the partner endpoints make).
  await h.insert('health_checks', [{ la, record_id: 'X1', child_id: 'A', kind: 'dental_check', date: '2025-01-01', outcome: 'completed' }])
  t.equal((await h.kpi(la, 'dental-checks', 'asAt=2025-03-31')).numerator, 1)
  await sql`delete from health_checks where la = ${la}`.execute(h.db)
  await bumpDataVersion(h.db, la)
  t.equal((await h.kpi(la, 'dental-checks', 'asAt=2025-03-31')).numerator, 0)
})

t.test('the cache never keeps figures under a version older than the data they were read from', async (t) => {
  const la = await h.la('845')
  await h.child(la, 'A', '2012-01-01', [ep('2024-01-01', null)])
  const svc = kpiService(h.db)
  const def = kpiById('children-in-care')!
  const point = { asAt: '2025-03-31', from: null }
  const before = await svc.authority(la)
  // A write lands between reading the version and running the KPI.
  await h.child(la, 'B', '2012-01-01', [ep('2024-02-01', null)])
  const evaluation = await svc.evaluate(la, before, def, [point], null)
  t.equal(evaluation.points[0]?.total.numerator, 2, 'the figures are the new data')
  t.ok(BigInt(evaluation.dataVersion) > BigInt(before.dataVersion), 'and say so')
  // Stored under the version they belong to, so a reader holding the old version misses (and recounts).
  const now = await svc.authority(la)
  t.equal(now.dataVersion, evaluation.dataVersion)
  t.equal(svc.cacheSize(), 1)
  await sql`delete from episodes where la = ${la} and child_id = 'B'`.execute(h.db)
  t.equal((await svc.evaluate(la, now, def, [point], null)).points[0]?.total.numerator, 2, 'a hit under the current version')
  t.equal((await svc.evaluate(la, before, def, [point], null)).points[0]?.total.numerator, 1, 'a miss under the old one')
})

t.test('series: one point per period end; period KPIs count each period', async (t) => {
  const la = await h.la('843')
  await h.child(la, 'A', '2012-01-01', [ep('2024-01-15', null)])
  await h.child(la, 'B', '2012-01-01', [ep('2024-02-10', null)])
  await h.child(la, 'C', '2012-01-01', [ep('2024-02-20', '2024-03-10', { reasonEnded: 'E4A' })])
  await h.child(la, 'D', '2012-01-01', [ep('2024-04-05', null)])
  const res = await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care/series?from=2024-01-01&to=2024-04-30`)
  t.equal(res.statusCode, 200)
  t.same(
    res.json().items.map((i: { period: { asAt: string }; value: number }) => [i.period.asAt, i.value]),
    [
      ['2024-01-31', 1],
      ['2024-02-29', 3],
      ['2024-03-31', 2],
      ['2024-04-30', 3],
    ],
  )
  const admissions = (await get(h.reader, `/v1/authorities/${la}/kpis/admissions/series?from=2024-01-01&to=2024-04-30`)).json()
  t.same(
    admissions.items.map((i: { period: { from: string }; value: number }) => [i.period.from, i.value]),
    [
      ['2024-01-01', 1],
      ['2024-02-01', 2],
      ['2024-03-01', 0],
      ['2024-04-01', 1],
    ],
  )
  const quarters = (await get(h.reader, `/v1/authorities/${la}/kpis/admissions/series?from=2024-01-01&to=2024-06-30&interval=quarter`)).json()
  t.same(
    quarters.items.map((i: { value: number }) => i.value),
    [3, 1],
  )
  const long = (await get(h.reader, `/v1/authorities/${la}/kpis/short-term-stability/series?from=2015-04-01&to=2025-03-31`)).json()
  t.equal(long.items.length, 120)
  const csv = await get(h.reader, `/v1/authorities/${la}/kpis/children-in-care/series?from=2024-01-01&to=2024-02-29&format=csv`)
  t.match(csv.headers['content-type'], /^text\/csv/)
  t.equal(
    csv.body,
    'kpi,title,unit,as_at,from,to,value,numerator,denominator,cohort_size,suppressed\r\n' +
      'children-in-care,Children in care,count,2024-01-31,,,1,1,,1,false\r\n' +
      'children-in-care,Children in care,count,2024-02-29,,,3,3,,3,false\r\n',
  )
})

t.test('drill-down: the children, whether each counts, audited', async (t) => {
  const la = await h.la('846')
  await h.child(la, 'A', '2012-01-01', [ep('2024-01-01', null, { placementLa: la })])
  await h.child(la, 'B', '2012-01-01', [ep('2024-01-01', null, { placementLa: '999' })])
  await h.child(la, 'C', '2012-01-01', [ep('2024-01-01', null)])
  const res = await get(h.reader, `/v1/authorities/${la}/kpis/placed-inside-authority/children?asAt=2025-03-31`)
  t.equal(res.statusCode, 200)
  t.same(
    res
      .json()
      .items.map((i: { childId: string; inDenominator: boolean; counted: boolean; note: string | null }) => [i.childId, i.inDenominator, i.counted, i.note]),
    [
      ['A', true, true, null],
      ['B', true, false, null],
      ['C', false, false, 'unknown'],
    ],
  )
  // A read's audit event joins the next batch, just after the answer.
  const audit = await eventually(async () => {
    const rows = await h.db.selectFrom('audit_events').selectAll().where('la', '=', la).where('action', '=', 'read').execute()
    return rows.length ? rows : null
  })
  t.match(audit, [{ resource: '/v1/authorities/:la/kpis/:kpiId/children', resourceId: 'placed-inside-authority', status: 200 }])
  const csv = await get(h.reader, `/v1/authorities/${la}/kpis/placed-inside-authority/children?asAt=2025-03-31&format=csv`)
  const row = csv.body.split('\r\n')[1] ?? ''
  t.match(row, /^placed-inside-authority,2025-03-31,A,2025-03-31,true,true,,,C2,U4,PR1,,"\{/)
  t.match(row, /""episodeStart"":""2024-01-01""/)
})

t.test('benchmarks: admins keep them, KPIs and the scorecard show them as comparators', async (t) => {
  const la = await h.la('841')
  const admin = await h.key(['admin'])
  const put = (items: unknown[]) => h.call(admin, { method: 'PUT', url: `/v1/authorities/${la}/benchmarks`, payload: { items } })
  const res = await put([
    { kpiId: 'in-house-share', kind: 'national', periodEnd: '2024-03-31', value: 40, source: 'DfE 2024' },
    { kpiId: 'in-house-share', kind: 'national', periodEnd: '2025-03-31', value: 45, source: 'DfE 2025' },
    { kpiId: 'in-house-share', kind: 'local_target', periodEnd: '2024-09-30', value: 60 },
    { kpiId: 'in-house-share', kind: 'region', periodEnd: '2025-06-30', value: 50 },
  ])
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.json().items.length, 4)
  const unknown = expectProblem(t, await put([{ kpiId: 'nope', kind: 'national', periodEnd: '2025-03-31', value: 1 }]), 422)
  t.equal(unknown.errors?.[0]?.pointer, '/items/0/kpiId')
  expectProblem(t, await h.call(await h.key(['kpi:read']), { method: 'PUT', url: `/v1/authorities/${la}/benchmarks`, payload: { items: [] } }), 403)
  const listed = await get(h.reader, `/v1/authorities/${la}/benchmarks?kpiId=in-house-share&kind=national`)
  t.same(
    listed.json().items.map((b: { periodEnd: string; value: number }) => [b.periodEnd, b.value]),
    [
      ['2024-03-31', 40],
      ['2025-03-31', 45],
    ],
  )

  // K1 and K2 in care a year before D (in-house 1 of 2, none over 20 miles); K3 joins (2 of 3; 1 of 3 far away).
  await h.child(la, 'K1', '2012-01-01', [ep('2023-01-01', null, { placementDistance: 5 })])
  await h.child(la, 'K2', '2012-01-01', [ep('2023-06-01', null, { placementType: 'U6', placementProvider: 'PR4', placementDistance: 10 })])
  await h.child(la, 'K3', '2012-01-01', [ep('2024-06-01', null, { placementDistance: 30 })])

  // The latest of each kind dated in the 12 months to D: the 2025 national figure and the local target.
  const share = await h.kpi(la, 'in-house-share', 'asAt=2025-03-31')
  t.match(share, { value: 66.7 })
  t.same(share.comparators, [
    { kind: 'national', value: 45, periodEnd: '2025-03-31', source: 'DfE 2025' },
    { kind: 'local_target', value: 60, periodEnd: '2024-09-30', source: null },
  ])
  t.same(
    (await get(h.reader, `/v1/authorities/${la}/kpis/in-house-share/series?from=2024-01-01&to=2024-12-31&interval=quarter`))
      .json()
      .benchmarks.map((b: { kind: string }) => b.kind),
    ['national', 'local_target'],
  )

  const card = await get(h.reader, `/v1/authorities/${la}/scorecard?asAt=2025-03-31`)
  t.equal(card.statusCode, 200)
  const body = card.json()
  t.match(body, { asAt: '2025-03-31', yearEarlier: '2024-03-31' })
  const item = (id: string) => body.items.find((i: { id: string }) => i.id === id)
  t.equal(body.items.length, KPI_DEFINITIONS.filter((d) => d.headline).length)
  t.match(item('children-in-care'), { value: 3, previous: { value: 2, period: { asAt: '2024-03-31' } }, change: 'up', direction: null })
  t.match(item('in-house-share'), {
    value: 66.7,
    previous: { value: 50 },
    change: 'up',
    direction: 'improving',
    comparators: [{ kind: 'national', value: 45 }, { kind: 'local_target' }],
  })
  t.match(item('placed-over-20-miles'), { value: 33.3, previous: { value: 0 }, change: 'up', direction: 'worsening' })
  t.match(item('admissions'), {
    value: 1,
    period: { from: '2024-04-01', to: '2025-03-31' },
    previous: { value: 1, period: { from: '2023-04-01', to: '2024-03-31' } },
    direction: 'same',
  })
  t.match(item('dental-checks'), { value: 0, previous: { value: 0 }, change: 'same', direction: 'same' })
  t.match(item('care-leavers-17-18-in-touch'), { value: null, change: null, direction: null })

  const csv = await get(h.reader, `/v1/authorities/${la}/scorecard?asAt=2025-03-31&format=csv`)
  t.match(csv.headers['content-type'], /^text\/csv/)
  const lines = csv.body.trim().split('\r\n')
  t.equal(
    lines[0],
    'kpi,title,unit,as_at,value,numerator,denominator,suppressed,previous_as_at,previous_value,change,direction,national,statistical_neighbours,region,local_target',
  )
  t.ok(lines.includes("in-house-share,Children placed in the council's own provision,percent,2025-03-31,66.7,2,3,false,2024-03-31,50,up,improving,45,,,60"))

  // A benchmark written is seen at once (writes bump the data version); a deleted one is gone.
  const del = await h.call(admin, { method: 'DELETE', url: `/v1/authorities/${la}/benchmarks?kpiId=in-house-share&kind=national&periodEnd=2025-03-31` })
  t.equal(del.statusCode, 204)
  t.same(
    (await h.kpi(la, 'in-house-share', 'asAt=2025-03-31')).comparators.map((c) => c.kind),
    ['local_target'],
  )
  // The scorecard (kept whole in the cache) is recomputed too.
  const again = (await get(h.reader, `/v1/authorities/${la}/scorecard?asAt=2025-03-31`)).json()
  t.same(
    again.items.find((i: { id: string }) => i.id === 'in-house-share').comparators.map((c: { kind: string }) => c.kind),
    ['local_target'],
  )
  t.ok(again.dataVersion > body.dataVersion)
  expectProblem(
    t,
    await h.call(admin, { method: 'DELETE', url: `/v1/authorities/${la}/benchmarks?kpiId=in-house-share&kind=national&periodEnd=2025-03-31` }),
    404,
  )
  expectProblem(
    t,
    await h.call(admin, {
      method: 'PUT',
      url: '/v1/authorities/998/benchmarks',
      payload: { items: [{ kpiId: 'admissions', kind: 'national', periodEnd: '2025-03-31', value: 1 }] },
    }),
    404,
  )
  expectProblem(t, await get(admin, '/v1/authorities/998/benchmarks'), 404)

  const kpiCsv = await get(h.reader, `/v1/authorities/${la}/kpis/placement-type-mix?asAt=2025-03-31&format=csv`)
  t.equal(
    kpiCsv.body,
    'kpi,title,unit,as_at,from,to,dimension,group,label,value,numerator,denominator,cohort_size,suppressed,share\r\n' +
      'placement-type-mix,Children in care by placement type,count,2025-03-31,,,total,total,Total,3,3,,3,false,\r\n' +
      'placement-type-mix,Children in care by placement type,count,2025-03-31,,,placementType,U4,Foster placement with other foster carer(s) - long term fostering,2,2,,2,false,66.7\r\n' +
      'placement-type-mix,Children in care by placement type,count,2025-03-31,,,placementType,U6,Foster placement with other foster carer(s) - not long term or fostering for adoption/concurrent planning,1,1,,1,false,33.3\r\n',
  )
})
