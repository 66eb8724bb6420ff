import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database } from './database.ts'

/**
 * The kinds of data that carry a version of their own (migration 0010): a KPI depends on the kinds it
 * reads (the catalogue's `sources`), the comparators on the benchmarks. Action plans have no kind:
 * nothing is cached against them.
 */
export type DataKind = 'care-history' | 'health' | 'sdq' | 'care-leavers' | 'benchmarks' | 'education' | 'mental-health' | 'advocacy' | 'missing'

export const DATA_KINDS: readonly DataKind[] = [
  'care-history',
  'health',
  'sdq',
  'care-leavers',
  'benchmarks',
  'education',
  'mental-health',
  'advocacy',
  'missing',
]

/** The column of authorities holding each kind's version. */
export const KIND_COLUMN = {
  'care-history': 'care_history_version',
  health: 'health_version',
  sdq: 'sdq_version',
  'care-leavers': 'care_leavers_version',
  benchmarks: 'benchmarks_version',
  education: 'education_version',
  'mental-health': 'mental_health_version',
  advocacy: 'advocacy_version',
  // Return home interviews (migration 0022); the missing episodes themselves come with the import.
  missing: 'missing_version',
} as const satisfies Record<DataKind, string>

/** The kinds a partner table's rows belong to (a table not listed here counts as every kind). */
const TABLE_KINDS: Readonly<Record<string, readonly DataKind[]>> = {
  health_checks: ['health'],
  sdq_returns: ['sdq'],
  care_leavers: ['care-leavers'],
  personal_advisers: ['care-leavers'],
  pathway_plans: ['care-leavers'],
  pathway_plan_reviews: ['care-leavers'],
  care_leaver_contacts: ['care-leavers'],
  // The virtual school's returns (migration 0016).
  education_peps: ['education'],
  education_attendance: ['education'],
  education_exclusions: ['education'],
  education_attainment: ['education'],
  // CAMHS, advocacy and return home interviews (migration 0022).
  camhs_referrals: ['mental-health'],
  advocacy_referrals: ['advocacy'],
  advocacy_issues: ['advocacy'],
  return_home_interviews: ['missing'],
  // Convictions and substance misuse (migration 0025): the 903 export reads them, no KPI does.
  youth_justice_convictions: [],
  substance_misuse: [],
}

export function kindsOfTable(table: string): readonly DataKind[] {
  return TABLE_KINDS[table] ?? DATA_KINDS
}

/**
 * Marks the authority's data as changed. Every write calls it inside its transaction, so anything
 * cached against the old version (KPI results) can never be served after the write commits. The
 * authority's data version goes up by one and each kind written takes that new value as its own
 * version, so the greatest version over any set of kinds goes up whenever one of them changes. A
 * caller that does not say which kinds it wrote changes them all; `[]` is a write no KPI reads.
 */
export async function bumpDataVersion(db: Kysely<Database>, la: string, kinds: readonly DataKind[] = DATA_KINDS): Promise<void> {
  // In an UPDATE every right-hand side reads the row as it was: data_version + 1 is the new version.
  // The row's trigger (migration 0015) tells every listening service once the transaction commits.
  const kindColumns = [...new Set(kinds)].map((k) => sql`${sql.raw(KIND_COLUMN[k])} = data_version + 1`)
  await sql`
    update authorities set data_version = data_version + 1, updated_at = now()${kindColumns.length ? sql`, ${sql.join(kindColumns)}` : sql``}
    where la = ${la}`.execute(db)
  // Outside a transaction it has committed already: this process forgets the old versions now,
  // without waiting for the notification (a script or test reading through an app at once).
  if (!db.isTransaction) announceDataChange(la)
}

/** A change to every authority (a table emptied, a connection to the notifications lost). */
export const ALL_AUTHORITIES = '*'

const localListeners = new Set<(la: string) => void>()

/**
 * Tells everything in this process that keeps data versions in memory that an authority's data
 * changed and has committed (ALL_AUTHORITIES: every authority). A write answered by this process
 * calls it before its answer leaves, so the client's next read sees the write even when the
 * database's notification of it arrives a moment later.
 */
export function announceDataChange(la: string): void {
  for (const listener of localListeners) listener(la)
}

/** Hears announceDataChange; returns the unsubscribe. */
export function onLocalDataChange(listener: (la: string) => void): () => void {
  localListeners.add(listener)
  return () => localListeners.delete(listener)
}

/** The version of each kind of data at one moment. */
export type KindVersions = Readonly<Record<DataKind, string>>

/**
 * SQL reading an authority's kind versions as one text value (for parseKindVersions): a scalar
 * subquery, so a statement can read them in the same snapshot as the figures it computes.
 */
export function kindVersionsSql(la: string) {
  return sql<string | null>`(select concat_ws(',', ${sql.join(DATA_KINDS.map((k) => sql.raw(KIND_COLUMN[k])))}) from authorities where la = ${la})`
}

export function parseKindVersions(text: string | null): KindVersions {
  const parts = (text ?? '').split(',')
  return Object.fromEntries(DATA_KINDS.map((k, i) => [k, parts[i] || '0'])) as Record<DataKind, string>
}

/** An authority's kind versions now ('0' each when it does not exist). */
export async function readKindVersions(db: Kysely<Database>, la: string): Promise<KindVersions> {
  const { rows } = await sql<{ v: string | null }>`select ${kindVersionsSql(la)} as v`.execute(db)
  return parseKindVersions(rows[0]?.v ?? null)
}

/**
 * The version of data of these kinds: the greatest of their versions. It goes up whenever one of them
 * changes (each change sets its kind to the authority's new, greatest, data version) and never
 * otherwise, so a value computed from these kinds is valid exactly as long as it stays the same.
 */
export function versionOf(versions: KindVersions, kinds: readonly DataKind[]): string {
  let most = 0n
  for (const k of kinds) {
    const v = BigInt(versions[k])
    if (v > most) most = v
  }
  return String(most)
}
