import type { DateString, Generated, Timestamp } from '../types.ts'

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

/** The child population (0-17) of an authority by ONS mid-year estimate year (as at 30 June). */
export interface ChildPopulationsTable {
  la: string
  year: number
  population: number
  source: string | null
  updatedAt: Generated<Timestamp>
}
