import { CompiledQuery } from 'kysely'
import t from 'tap'
import { bumpDataVersion, kindsOfTable, type DataKind } from '../../../src/db/data-version.ts'
import { kpiById, KPI_DEFINITIONS, resolvePoint } from '../../../src/domain/kpis/index.ts'
import { familyStatement, KPI_QUERIES } from '../../../src/modules/kpis/queries/index.ts'
import { kpiService } from '../../../src/modules/kpis/service.ts'
import { ep, kpiTestApp } from './fixtures.ts'

// A KPI's cached figures are dropped only when a kind of data it lists in `sources` changes (issue #14),
// so each KPI's statement must read no table outside those kinds. PostgreSQL's plan says which tables a
// statement really reads: joins no KPI of the statement uses are removed from it.
const TABLE_KIND: Readonly<Record<string, DataKind | null>> = {
  authorities: null, // the versions themselves
  children: 'care-history',
  episodes: 'care-history',
  care_periods: 'care-history',
  placement_spells: 'care-history',
  episode_findings: 'care-history',
  health_checks: 'health',
  sdq_returns: 'sdq',
  care_leavers: 'care-leavers',
  personal_advisers: 'care-leavers',
  pathway_plans: 'care-leavers',
  pathway_plan_reviews: 'care-leavers',
  care_leaver_contacts: 'care-leavers',
  education_peps: 'education',
  education_attendance: 'education',
  education_exclusions: 'education',
  education_attainment: 'education',
  // Missing episodes come only with the import, which changes every kind.
  missing_episodes: 'care-history',
  return_home_interviews: 'missing',
  camhs_referrals: 'mental-health',
  advocacy_referrals: 'advocacy',
  advocacy_issues: 'advocacy',
}

function relations(plan: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(plan)) for (const p of plan) relations(p, into)
  else if (plan && typeof plan === 'object') {
    for (const [k, v] of Object.entries(plan)) {
      if (k === 'Relation Name' && typeof v === 'string') into.add(v)
      else relations(v, into)
    }
  }
  return into
}

const h = await kpiTestApp(t)
const db = h.db

t.test("each KPI's statement reads only the kinds of data it lists", async (t) => {
  const seen = new Set<string>()
  for (const def of KPI_DEFINITIONS) {
    const query = KPI_QUERIES[def.id]
    if (!query) throw new Error(`no SQL for ${def.id}`)
    const now = resolvePoint(def, { asAt: '2025-03-31' }, '2025-06-01')
    const before = resolvePoint(def, { asAt: '2024-03-31' }, '2025-06-01')
    for (const breakdown of [null, ...def.breakdowns]) {
      const compiled = familyStatement('372', [{ def, query }], [before, now], breakdown).compile(db)
      const { rows } = await db.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]))
      const read = [...relations(rows[0]?.['QUERY PLAN'])]
      for (const r of read) seen.add(r)
      const unknown = read.filter((r) => !(r in TABLE_KIND))
      t.same(unknown, [], `${def.id}: every table it reads has a kind`)
      const outside = read.filter((r) => {
        const kind = TABLE_KIND[r]
        return kind !== null && kind !== undefined && !(def.sources as readonly string[]).includes(kind)
      })
      t.same(outside, [], `${def.id}${breakdown ? ` by ${breakdown}` : ''} reads only ${def.sources.join(', ')}`)
    }
  }
  // The plans were read: between them the KPIs read every kind.
  for (const table of ['episodes', 'health_checks', 'sdq_returns', 'care_leaver_contacts']) t.ok(seen.has(table), `some KPI reads ${table}`)
})

t.test('a write of one kind leaves the KPIs that do not read it cached', async (t) => {
  const la = await h.la('846')
  await h.child(la, 'A', '2012-01-01', [ep('2024-01-01', null)])
  const svc = kpiService(db)
  const point = [{ asAt: '2025-03-31', from: null }]
  const inCare = kpiById('children-in-care')!
  const dental = kpiById('dental-checks')!
  const before = await svc.authority(la)
  const counted = await svc.evaluate(la, before, inCare, point, null)
  const checked = await svc.evaluate(la, before, dental, point, null)
  t.equal(checked.points[0]?.total.numerator, 0)

  // A health check, with the bump its partner endpoint makes.
  await h.insert('health_checks', [{ la, record_id: 'X1', child_id: 'A', kind: 'dental_check', date: '2025-01-01', outcome: 'completed' }])
  await bumpDataVersion(db, la, kindsOfTable('health_checks'))
  const after = await svc.authority(la)
  t.ok(BigInt(after.dataVersion) > BigInt(before.dataVersion), "the authority's version goes up")
  t.equal(after.versions['care-history'], before.versions['care-history'], 'care history did not change')
  t.equal(after.versions.health, after.dataVersion, 'health did')
  t.equal(await svc.evaluate(la, after, inCare, point, null), counted, 'children in care: the cached figures')
  const recounted = await svc.evaluate(la, after, dental, point, null)
  t.equal(recounted.points[0]?.total.numerator, 1, 'dental checks: counted again')
  t.equal(recounted.dataVersion, after.dataVersion)

  // The scorecard is whole under every kind's version: a health check makes it stale too.
  const card = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/scorecard?asAt=2025-03-31` })
  await h.insert('health_checks', [{ la, record_id: 'X2', child_id: 'A', kind: 'dental_check', date: '2025-02-01', outcome: 'completed' }])
  await bumpDataVersion(db, la, ['health'])
  const again = await h.call(h.reader, { method: 'GET', url: `/v1/authorities/${la}/scorecard?asAt=2025-03-31` })
  t.ok(again.json().dataVersion > card.json().dataVersion)
  t.equal(again.json().items.find((i: { id: string }) => i.id === 'children-in-care').value, 1)
})
