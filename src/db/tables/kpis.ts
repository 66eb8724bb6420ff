import type { DateString, Timestamp } from '../types.ts'

/** A comparator for a KPI at a period end: national, statistical neighbours, region or the council's own target. */
export interface BenchmarksTable {
  la: string
  kpiId: string
  periodEnd: DateString
  kind: 'national' | 'statistical_neighbours' | 'region' | 'local_target'
  /** numeric: read as a string by pg. */
  value: string | number
  source: string | null
  updatedAt: Timestamp
}
