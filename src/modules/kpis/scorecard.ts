/**
 * The board's scorecard: every headline KPI at a date and a year earlier, with comparators, kept whole
 * in the cache under the data version its figures were read at. Shared by the route and the warmer.
 */
import { headlineKpis, kpiById, resolvePoint, yearEarlier, type KpiDefinition, type KpiPoint } from '../../domain/kpis/index.ts'
import { scorecardItem } from './results.ts'
import type { Scorecard } from './schemas.ts'
import type { KpiEvaluation } from './queries/index.ts'
import { comparatorKey, type AuthorityState, type KpiService } from './service.ts'

/** The scorecard's date from asAt or year (today by default); period KPIs take the 12 months to it. */
export function scorecardPoint(query: { asAt?: string | undefined; year?: number | undefined }, today: string): KpiPoint {
  // Any at-date KPI resolves the date the same way; admissions also gives the 12 months to it.
  return resolvePoint(kpiById('admissions') as KpiDefinition, { asAt: query.asAt, year: query.year }, today)
}

export async function scorecard(svc: KpiService, la: string, now: KpiPoint, suppress: boolean): Promise<Scorecard> {
  const key = JSON.stringify(['scorecard', now, suppress])
  const state = await svc.authority(la)
  const hit = svc.cached<Scorecard>(la, state.dataVersion, key)
  if (hit) return hit
  // Readers that miss together (just after a write) wait for one computation instead of each running it.
  return svc.once(la, state.dataVersion, key, () => compute(svc, la, state, now, suppress, key))
}

async function compute(svc: KpiService, la: string, first: AuthorityState, now: KpiPoint, suppress: boolean, key: string): Promise<Scorecard> {
  const defs = headlineKpis()
  // At-date KPIs are measured on D and a year earlier; period KPIs count the 12 months to each.
  const atDate = { now: { asAt: now.asAt, from: null }, before: yearEarlier({ asAt: now.asAt, from: null }) }
  const period = { now, before: yearEarlier(now) }
  const pointsOf = (def: KpiDefinition) => (def.periodKind === 'period' ? period : atDate)
  let state = first
  const comparing = svc.comparators(la, state, defs.map((d) => d.id), [now.asAt])
  let evaluations = await svc.evaluateMany(la, state, defs, (d) => [pointsOf(d).before, pointsOf(d).now])
  // A write between two of the statements would mix data versions on one scorecard: read it again.
  for (let attempt = 0; attempt < 3 && new Set(evaluations.map((e) => e.dataVersion)).size > 1; attempt++) {
    state = await svc.authority(la)
    evaluations = await svc.evaluateMany(la, state, defs, (d) => [pointsOf(d).before, pointsOf(d).now])
  }
  const comparators = await comparing
  const versions = new Set(evaluations.map((e) => e.dataVersion))
  const body: Scorecard = {
    asAt: now.asAt,
    yearEarlier: atDate.before.asAt,
    items: defs.map((d, i) =>
      scorecardItem(d, pointsOf(d).now, pointsOf(d).before, evaluations[i] as KpiEvaluation, state.populationUnder18, comparators.get(comparatorKey(d.id, now.asAt)) ?? [], suppress),
    ),
    dataVersion: Math.max(...evaluations.map((e) => Number(e.dataVersion))),
  }
  // The whole answer is kept too, under the one version all its figures were read at.
  if (versions.size === 1) svc.store(la, [...versions][0] as string, key, body)
  return body
}
