import type { Kysely } from 'kysely'
import type { ChildDirectory, KnownChild } from '../../db/child-lookup.ts'
import type { CopyIn } from '../../db/copy.ts'
import type { Database } from '../../db/database.ts'
import type { RecordIssue } from '../../domain/health/issues.ts'
import type { RecordIdentifiers } from './identifiers.ts'

/** camelCase to snake_case, as the CamelCasePlugin maps a Kysely field to its column. */
type Snake<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${Snake<Rest>}` : S

/**
 * A table's row as a partner record writes it: its Kysely table type (src/db/tables/partner-returns.ts)
 * less the authority and timestamps, keyed by column name, the way bulk writes and COPY take rows.
 */
export type StoredRow<Table> = { [K in keyof Table as K extends 'la' | 'createdAt' | 'updatedAt' ? never : Snake<K & string>]: Table[K] }

export type PartnerTableName =
  | 'health_checks'
  | 'sdq_returns'
  | 'care_leavers'
  | 'personal_advisers'
  | 'pathway_plans'
  | 'pathway_plan_reviews'
  | 'care_leaver_contacts'
  | 'education_peps'
  | 'education_attendance'
  | 'education_exclusions'
  | 'education_attainment'
  | 'camhs_referrals'
  | 'advocacy_referrals'
  | 'advocacy_issues'
  | 'return_home_interviews'
  | 'youth_justice_convictions'
  | 'substance_misuse'

/** Where a kind is stored: the table, its key (after la) and every column a record writes, with its Postgres type. */
export interface PartnerTable<Row> {
  table: PartnerTableName
  key: keyof Row & ('record_id' | 'child_id')
  /** Listed once: the type makes it every column of the row, and no other. */
  columns: { readonly [C in keyof Row]-?: string }
}

/** What every partner record may carry besides its own fields: its child, its id, and the purge flag. */
export interface PartnerInput extends RecordIdentifiers {
  recordId?: string
  purge?: boolean
}

/**
 * One kind of partner record: where it is stored, and how a record becomes a row. `C` is what the
 * kind reads beside its own rows to check a record (a review's plan).
 */
export interface RecordKind<T extends PartnerInput, Row, C = unknown> {
  table: PartnerTable<Row>
  /**
   * Stored facts the records to build depend on beyond their child (the plans that reviews name):
   * read once per batch, with one set-based statement, before any record is built, and kept from
   * changing until the transaction ends when `lock` (a partner's post). `directory` names the records'
   * children (looked up already), for a kind whose rule spans the records of one child.
   */
  context?: (db: Kysely<Database>, la: string, records: readonly T[], options: { lock: boolean; directory: ChildDirectory }) => Promise<C>
  /**
   * Checks the record against its child (and the context, when the kind reads one) and builds the row
   * to store (key and child_id included). Pure: no I/O.
   */
  build(r: T, child: KnownChild, today: string, context: C | undefined): { row: Row; issues: RecordIssue[] }
  /**
   * A message when this key may not write or purge this record (`sent`; null for a removal by key),
   * given what is stored: a 403.
   */
  forbid?: (sent: T | null, stored: Partial<Row> | undefined) => { field: string; message: string } | null
  /** State kept beside the row (pathway plan reviews): compared, and rewritten when it changed. */
  extra?: {
    /** The stored state by key (a key without any may be missing: it reads as ''). */
    load(db: Kysely<Database>, la: string, keys: readonly string[]): Promise<Map<string, string>>
    /** The record's state in the form load returns. */
    of(r: T): string
    /** Replaces the state of these records (with COPY when given: the nightly import on PostgreSQL). */
    write(db: Kysely<Database>, la: string, changed: ReadonlyArray<{ key: string; record: T }>, copy: CopyIn | null): Promise<void>
  }
}

/** The record's own key: its record id, or null when the kind is keyed by the child (care leavers). */
export const recordKeyOf = <Row>(table: PartnerTable<Row>, r: PartnerInput): string | null => (table.key === 'record_id' ? (r.recordId ?? null) : null)
