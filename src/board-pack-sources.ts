/**
 * The board pack's pieces, each from the module that computes it (a module never reaches into another,
 * so the app hands them over): the KPI service's answers, with its cache, the movements table and the
 * action plan. Shared by the app and scripts/board-pack.ts.
 */
import type { Kysely } from 'kysely'
import type { Database } from './db/database.ts'
import type { KpiDefinition } from './domain/kpis/index.ts'
import { boardActionPlan } from './modules/action-plans/board-summary.ts'
import type { BoardPackSources } from './modules/board-pack/service.ts'
import type { KpiService } from './modules/kpis/service.ts'
import { shownFigures } from './modules/kpis/results.ts'
import { monthlyMovements } from './modules/movements/monthly.ts'

export function boardPackSources(db: Kysely<Database>, kpis: KpiService): BoardPackSources {
  return {
    scorecard: (la, now, suppress) => kpis.scorecard(la, now, suppress),
    kpi: (la, def, point, breakdown, suppress) => kpis.kpi(la, def, point, breakdown, suppress),
    async figures(la, defs, pointsOf, suppress) {
      const state = await kpis.authority(la)
      const evaluations = await kpis.evaluateMany(la, state, defs, pointsOf)
      return evaluations.map((e, i) =>
        e.points.map((p) => {
          const f = shownFigures(defs[i] as KpiDefinition, p.total, state.populationAt(p.asAt), suppress)
          return { value: f.value, numerator: f.numerator, denominator: f.denominator, suppressed: f.suppressed }
        }),
      )
    },
    movements: (la, from, to, suppress) => monthlyMovements(db, la, from, to, suppress),
    actionPlan: (la, asAt) => boardActionPlan(db, la, asAt),
  }
}
