/** The SQL of every KPI, keyed by the catalogue's ids (a test checks both lists match). */
import { advocacyQueries } from './advocacy.ts'
import { camhsQueries } from './camhs.ts'
import { careLeaverQueries } from './care-leavers.ts'
import { educationQueries } from './education.ts'
import type { KpiQuery } from './fragments.ts'
import { flowQueries } from './flows.ts'
import { healthQueries } from './health.ts'
import { inCareQueries } from './in-care.ts'
import { missingQueries } from './missing.ts'
import { sdqQueries } from './sdq.ts'

export const KPI_QUERIES: Readonly<Record<string, KpiQuery>> = {
  ...inCareQueries,
  ...flowQueries,
  ...healthQueries,
  ...sdqQueries,
  ...careLeaverQueries,
  ...educationQueries,
  ...camhsQueries,
  ...advocacyQueries,
  ...missingQueries,
}

export type { KpiFamily, KpiQuery } from './fragments.ts'
export { evaluateFamily, evaluateKpi, familyStatement, kpiCohortRows } from './evaluate.ts'
export type { CohortRow, KpiEvaluation, KpiItem } from './evaluate.ts'
export { refreshKpiStatistics } from './statistics.ts'
