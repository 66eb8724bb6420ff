import { sql, type Kysely } from 'kysely'
import type { ChildHeader } from '../domain/care-history/index.ts'
import { rowsAsSet } from './bulk.ts'
import type { Database } from './database.ts'

const HEADER_COLUMNS = {
  child_id: 'text',
  sex: 'text',
  date_of_birth: 'date',
  ethnicity: 'text',
  upn: 'text',
  nhs_number: 'text',
  uasc: 'boolean',
  uasc_ceased_on: 'date',
}

export interface UpsertCounts {
  inserted: number
  updated: number
  unchanged: number
  /** Child ids inserted or changed. */
  changed: string[]
}

/**
 * Creates or updates children's headers in one statement; a header identical to the stored one is
 * left alone (so a repeated nightly snapshot writes nothing).
 */
export async function upsertChildren(db: Kysely<Database>, la: string, headers: readonly ChildHeader[]): Promise<UpsertCounts> {
  if (headers.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changed: [] }
  const rows = headers.map((h) => ({
    child_id: h.childId,
    sex: h.sex,
    date_of_birth: h.dateOfBirth,
    ethnicity: h.ethnicity,
    upn: h.upn,
    nhs_number: h.nhsNumber,
    uasc: h.uasc,
    uasc_ceased_on: h.uascCeasedOn,
  }))
  const { rows: written } = await sql<{ childId: string; inserted: boolean }>`
    insert into children as c (la, child_id, sex, date_of_birth, ethnicity, upn, nhs_number, uasc, uasc_ceased_on)
    select ${la}, x.child_id, x.sex, x.date_of_birth, x.ethnicity, x.upn, x.nhs_number, x.uasc, x.uasc_ceased_on
    from ${rowsAsSet(HEADER_COLUMNS, rows)}
    on conflict (la, child_id) do update set
      sex = excluded.sex, date_of_birth = excluded.date_of_birth, ethnicity = excluded.ethnicity,
      upn = excluded.upn, nhs_number = excluded.nhs_number, uasc = excluded.uasc,
      uasc_ceased_on = excluded.uasc_ceased_on, updated_at = now()
    where (c.sex, c.date_of_birth, c.ethnicity, c.upn, c.nhs_number, c.uasc, c.uasc_ceased_on)
      is distinct from
      (excluded.sex, excluded.date_of_birth, excluded.ethnicity, excluded.upn, excluded.nhs_number, excluded.uasc, excluded.uasc_ceased_on)
    returning c.child_id, (xmax = 0) as inserted`.execute(db)
  const inserted = written.filter((r) => r.inserted).length
  return {
    inserted,
    updated: written.length - inserted,
    unchanged: headers.length - written.length,
    changed: written.map((r) => r.childId),
  }
}
