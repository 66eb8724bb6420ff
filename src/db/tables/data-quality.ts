import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, Json, Timestamp } from '../types.ts'

/** One DfE rule's finding on a row of an authority-year's return (migrations/0020_data_quality.ts). */
export interface DataQualityFindingsTable {
  la: string
  year: number
  rule: string
  tableName: string
  childId: string
  /** The row's identity within its child and table (src/domain/dfe-rules/stored.ts rowKeys). */
  rowKey: string
  ruleSeq: number
  rowIndex: number
  fields: string[]
  values: Json<Record<string, string | null>>
  valuesHash: string
  foundAt: CreatedAt
}

/** What an authority-year's stored findings were computed from. */
export interface DataQualityStateTable {
  la: string
  year: number
  dataVersion: ColumnType<string, string | number, string | number>
  ruleset: string
  computedAt: Timestamp
  durationMs: number
}

export interface DataQualityAcknowledgementsTable {
  id: Generated<string>
  la: string
  year: number
  rule: string
  tableName: string
  childId: string
  rowKey: string
  valuesHash: string
  reason: string
  clientId: string | null
  /** When it was made (or last made again). */
  createdAt: ColumnType<Date, Date | string | undefined, Date | string>
}
