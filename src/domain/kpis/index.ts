/** KPIs: the catalogue, the periods they are measured over, values, suppression, direction and CSV. */
export type { Dimension, KpiCounts, KpiDefinition, KpiDetail, KpiPeriodKind, KpiSource, KpiUnit } from './types.ts'
export { DIMENSIONS } from './types.ts'
export { headlineKpis, kpiById, KPI_DEFINITIONS } from './catalogue.ts'
export {
  KPI_EARLIEST_DATE,
  KPI_LATEST_DATE,
  KpiPeriodError,
  MAX_SERIES_POINTS,
  reportedPeriod,
  resolvePoint,
  seriesPoints,
  windowsOf,
  yearEarlier,
} from './period.ts'
export type { KpiPoint, KpiWindows, PeriodQuery } from './period.ts'
export { figuresFrom, round1, suppressFigures, suppressSecondary } from './figures.ts'
export type { KpiFigures, SuppressedGroup } from './figures.ts'
export { directionOfTravel } from './direction.ts'
export type { Change, Direction } from './direction.ts'
export { AGE_BANDS, ETHNICITY_GROUPS, groupLabel, NONE, SEX_GROUPS } from './dimensions.ts'
export { workingDayDeadlines } from './deadlines.ts'
export type { DeadlineTable } from './deadlines.ts'
