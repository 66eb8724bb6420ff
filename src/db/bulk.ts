import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from './database.ts'

/** A column of a bulk write: its Postgres type, as jsonb_to_recordset needs it. */
export type ColumnTypes = Record<string, string>

const IDENT = /^[a-z_][a-z0-9_]*$/

function columnList(columns: ColumnTypes): { names: RawBuilder<unknown>; defs: RawBuilder<unknown> } {
  const names = Object.keys(columns)
  for (const n of names) if (!IDENT.test(n)) throw new Error(`bad column name ${n}`)
  return {
    // Quoted, so a column may be named like a keyword (start, end, date).
    names: sql.raw(names.map((n) => `"${n}"`).join(', ')),
    defs: sql.raw(names.map((n) => `"${n}" ${columns[n]}`).join(', ')),
  }
}

/** Rows per statement: big enough to keep round trips few, small enough to keep one parameter modest. */
const CHUNK = 20_000

/**
 * Inserts many rows with one statement per chunk: the rows travel as one JSON parameter and
 * jsonb_to_recordset turns them back into a set. Works on Postgres and PGlite alike (COPY does not run
 * on PGlite). Row keys are the snake_case column names.
 */
export async function insertRows(db: Kysely<Database>, table: string, columns: ColumnTypes, rows: ReadonlyArray<object>): Promise<number> {
  if (!IDENT.test(table)) throw new Error(`bad table name ${table}`)
  const { names, defs } = columnList(columns)
  let inserted = 0
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const result = await sql`
      insert into ${sql.table(table)} (${names})
      select ${names} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(${defs})`.execute(db)
    inserted += Number(result.numAffectedRows ?? 0)
  }
  return inserted
}

/**
 * Like insertRows, with extra columns looked up per row by a join written by the caller, e.g.
 * `join children c on c.la = x.la and c.child_id = x.child_id` to add `c.child_key`.
 */
export async function insertRowsJoined(
  db: Kysely<Database>,
  table: string,
  columns: ColumnTypes,
  rows: ReadonlyArray<object>,
  extra: { columns: string[]; values: RawBuilder<unknown>; join: RawBuilder<unknown> },
): Promise<number> {
  if (!IDENT.test(table) || !extra.columns.every((c) => IDENT.test(c))) throw new Error(`bad table or column name in ${table}`)
  const { names, defs } = columnList(columns)
  const xNames = sql.raw(
    Object.keys(columns)
      .map((n) => `x."${n}"`)
      .join(', '),
  )
  let inserted = 0
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const result = await sql`
      insert into ${sql.table(table)} (${names}, ${sql.raw(extra.columns.join(', '))})
      select ${xNames}, ${extra.values} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(${defs}) ${extra.join}`.execute(db)
    inserted += Number(result.numAffectedRows ?? 0)
  }
  return inserted
}

/** The rows as a set with typed columns, for use inside a bigger statement (updates, diffs). */
export function rowsAsSet(columns: ColumnTypes, rows: ReadonlyArray<object>): RawBuilder<unknown> {
  const { defs } = columnList(columns)
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${defs})`
}
