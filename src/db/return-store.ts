import { sql, type Kysely } from 'kysely'
import type { MotherFacts, ReturnKind, ReturnRow } from '../domain/ssda903/child-return.ts'
import { insertRows, rowsAsSet, type ColumnTypes } from './bulk.ts'
import type { CopyIn } from './copy.ts'
import type { Database } from './database.ts'

/**
 * The 903 return's child-level tables beyond episodes (migration 0011): reading what a child has,
 * replacing children's rows with a fixed number of set-based statements, and the header's MOTHER and
 * MC_DOB. The rows are built in domain/ssda903/child-return.ts.
 */

/** Each kind's table and the Postgres type of each column (beside la and child_id). */
export const RETURN_TABLES: Readonly<Record<ReturnKind, { table: keyof Database; types: ColumnTypes }>> = {
  reviews: { table: 'looked_after_reviews', types: { seq: 'int', review_date: 'date', review_code: 'text' } },
  missingEpisodes: { table: 'missing_episodes', types: { seq: 'int', missing_type: 'text', start_date: 'date', end_date: 'date' } },
  oc2: {
    table: 'oc2_facts',
    types: {
      source: 'text',
      sdq_score: 'int',
      sdq_reason: 'text',
      convicted: 'boolean',
      health_check: 'boolean',
      immunisations: 'boolean',
      teeth_check: 'boolean',
      health_assessment: 'boolean',
      substance_misuse: 'boolean',
      intervention_received: 'boolean',
      intervention_offered: 'boolean',
    },
  },
  oc3: { table: 'oc3_facts', types: { year: 'int', in_touch: 'text', activity: 'text', accommodation: 'text' } },
  adoption: {
    table: 'adoptions',
    types: {
      date_should_be_placed: 'date',
      date_matched: 'date',
      foster_care: 'boolean',
      number_of_adopters: 'text',
      adopter_sex: 'text',
      adopter_legal_status: 'text',
    },
  },
  placedForAdoption: { table: 'placed_for_adoption', types: { seq: 'int', date_placed: 'date', date_placed_ceased: 'date', reason_placed_ceased: 'text' } },
  previousPermanence: {
    table: 'previous_permanence',
    types: { previous_permanence: 'text', permanence_la: 'text', permanence_date: 'date', permanence_date_as_sent: 'text' },
  },
  socialWorkerEpisodes: {
    table: 'social_worker_episodes',
    types: { seq: 'int', social_worker_id: 'text', start_date: 'date', end_date: 'date', reason: 'text' },
  },
}

/** The kinds and their tables, as the import's shrink guard and counts name them. (The domain's RETURN_COLUMNS lists the same columns: a test holds them together.) */
export const RETURN_KIND_TABLES = (Object.keys(RETURN_TABLES) as ReturnKind[]).map((kind) => [kind, RETURN_TABLES[kind].table] as const)

/**
 * The authority's stored rows of these kinds, by child (snake_case keys, as the domain builds them):
 * one statement per kind. Each row travels as a JSON array in column order (the CamelCasePlugin would
 * rename an object's keys) and dates come as 'YYYY-MM-DD'.
 */
export async function storedReturnRows(db: Kysely<Database>, la: string, kinds: readonly ReturnKind[]): Promise<Map<ReturnKind, Map<string, ReturnRow[]>>> {
  const out = new Map<ReturnKind, Map<string, ReturnRow[]>>()
  for (const kind of kinds) {
    const { table, types } = RETURN_TABLES[kind]
    const columns = Object.keys(types)
    const { rows } = await sql<{ childId: string; rows: Array<Array<string | number | boolean | null>> }>`
      select child_id, jsonb_agg(jsonb_build_array(${sql.join(columns.map((c) => sql.ref(c)))})) as rows
      from ${sql.table(table)} where la = ${la} group by child_id`.execute(db)
    out.set(kind, new Map(rows.map((r) => [r.childId, r.rows.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])))])))
  }
  return out
}

/**
 * Replaces the rows of one kind for these children: their stored rows go and `rows` (each with its
 * child_id) go in, by COPY when there is one. Run it inside a transaction: the children must exist.
 */
export async function replaceReturnRows(
  db: Kysely<Database>,
  la: string,
  kind: ReturnKind,
  childIds: readonly string[],
  rows: ReadonlyArray<ReturnRow & { child_id: string }>,
  copy: CopyIn | null,
): Promise<void> {
  if (childIds.length === 0) return
  const { table, types } = RETURN_TABLES[kind]
  await sql`delete from ${sql.table(table)} where la = ${la} and child_id = any(${[...childIds]}::text[])`.execute(db)
  if (rows.length === 0) return
  const columns = { la: 'text', child_id: 'text', ...types }
  const withLa = rows.map((r) => ({ la, ...r }))
  if (copy) await copy(table, columns, withLa)
  else await insertRows(db, table, columns, withLa)
}

/** The stored MOTHER and MC_DOB of the authority's children. */
export async function storedMothers(db: Kysely<Database>, la: string): Promise<Map<string, MotherFacts>> {
  const rows = await db.selectFrom('children').select(['childId', 'mother', 'motherChildDob']).where('la', '=', la).execute()
  return new Map(rows.map((r) => [r.childId, { mother: r.mother, motherChildDateOfBirth: r.motherChildDob }]))
}

/** Writes children's MOTHER and MC_DOB in one statement. */
export async function writeMothers(db: Kysely<Database>, la: string, rows: ReadonlyArray<MotherFacts & { childId: string }>): Promise<void> {
  if (rows.length === 0) return
  const set = rows.map((r) => ({ child_id: r.childId, mother: r.mother, mother_child_dob: r.motherChildDateOfBirth }))
  await sql`
    update children c set mother = x.mother, mother_child_dob = x.mother_child_dob, updated_at = now()
    from ${rowsAsSet({ child_id: 'text', mother: 'boolean', mother_child_dob: 'date' }, set)}
    where c.la = ${la} and c.child_id = x.child_id`.execute(db)
}

/** Rows of each kind these children have (the children a snapshot deletes take them): one statement. */
export async function countReturnRowsOf(db: Kysely<Database>, la: string, childIds: readonly string[]): Promise<Map<ReturnKind, number>> {
  const out = new Map<ReturnKind, number>()
  if (childIds.length === 0) return out
  const ids = [...childIds]
  const { rows } = await sql<{ kind: ReturnKind; n: number }>`
    ${sql.join(
      RETURN_KIND_TABLES.map(
        ([kind, table]) => sql`select ${kind}::text as kind, count(*)::int as n from ${sql.table(table)} where la = ${la} and child_id = any(${ids}::text[])`,
      ),
      sql` union all `,
    )}`.execute(db)
  for (const r of rows) if (r.n > 0) out.set(r.kind, r.n)
  return out
}
