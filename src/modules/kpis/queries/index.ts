/** The SQL of every KPI, keyed by the catalogue's ids (a test checks both lists match). */
import { careLeaverQueries } from './care-leavers.ts'
import { careQueries } from './care.ts'
import type { KpiQuery } from './fragments.ts'
import { flowQueries } from './flows.ts'
import { healthQueries } from './health.ts'
import { sdqQueries } from './sdq.ts'
import { stabilityQueries } from './stability.ts'

export const KPI_QUERIES: Readonly<Record<string, KpiQuery>> = {
  ...careQueries,
  ...flowQueries,
  ...stabilityQueries,
  ...healthQueries,
  ...sdqQueries,
  ...careLeaverQueries,
}

export type { KpiQuery } from './fragments.ts'
export { evaluateKpi, kpiCohortRows } from './evaluate.ts'
export type { CohortRow, KpiEvaluation } from './evaluate.ts'
