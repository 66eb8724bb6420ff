import { sql, type Kysely } from 'kysely'
import type { ChildHeader } from '../domain/care-history/index.ts'
import { rowsAsSet } from './bulk.ts'
import type { ChildStateRow } from '../domain/care-history/stored.ts'
import { STATE_COLUMNS } from './care-history-store.ts'
import type { CopyIn } from './copy.ts'
import type { Database } from './database.ts'

const { child_id: _match, ...STATE } = STATE_COLUMNS

const CHILD_COLUMNS = {
  child_id: 'text',
  sex: 'text',
  date_of_birth: 'date',
  ethnicity: 'text',
  upn: 'text',
  nhs_number: 'text',
  uasc: 'boolean',
  uasc_ceased_on: 'date',
  ...STATE,
}

export interface UpsertCounts {
  inserted: number
  updated: number
  unchanged: number
  /** Child ids inserted or changed. */
  changed: string[]
  /** Child ids inserted. */
  insertedIds: Set<string>
}

/** A child's row: the header, and the state on the latest episode when it is known. */
function childRow(h: ChildHeader, state: ChildStateRow | undefined) {
  return {
    child_id: h.childId,
    sex: h.sex,
    date_of_birth: h.dateOfBirth,
    ethnicity: h.ethnicity,
    upn: h.upn,
    nhs_number: h.nhsNumber,
    uasc: h.uasc,
    uasc_ceased_on: h.uascCeasedOn,
    episodes_hash: state?.episodes_hash ?? null,
    in_care: state?.in_care ?? false,
    current_legal_status: state?.current_legal_status ?? null,
    current_placement_type: state?.current_placement_type ?? null,
    current_placement_provider: state?.current_placement_provider ?? null,
    care_period_start: state?.care_period_start ?? null,
    placement_spell_start: state?.placement_spell_start ?? null,
  }
}

/**
 * The nightly import's write of headers. With COPY (PostgreSQL), children not stored yet go in by
 * COPY with their state, and only stored ones through the upsert (a child stored meanwhile fails the
 * COPY with a unique violation); without, all through the upsert. Returns the ids inserted.
 */
export async function writeChildren(
  db: Kysely<Database>,
  la: string,
  headers: readonly ChildHeader[],
  options: { copy: CopyIn | null; isStored: (childId: string) => boolean; initialState: ReadonlyMap<string, ChildStateRow> },
): Promise<ReadonlySet<string>> {
  const { copy, isStored, initialState } = options
  if (!copy) return (await upsertChildren(db, la, headers, initialState)).insertedIds
  const fresh = headers.filter((h) => !isStored(h.childId))
  if (fresh.length)
    await copy(
      'children',
      { la: 'text', ...CHILD_COLUMNS },
      fresh.map((h) => ({ la, ...childRow(h, initialState.get(h.childId)) })),
    )
  await upsertChildren(
    db,
    la,
    headers.filter((h) => isStored(h.childId)),
    initialState,
  )
  return new Set(fresh.map((h) => h.childId))
}

/**
 * Creates or updates children's headers in one statement; a header identical to the stored one is
 * left alone (so a repeated nightly snapshot writes nothing). A child inserted takes its state from
 * `initialState` when given there (saving the import a second write of every new child); a child
 * that was stored keeps its state, whatever the map says.
 */
export async function upsertChildren(
  db: Kysely<Database>,
  la: string,
  headers: readonly ChildHeader[],
  initialState: ReadonlyMap<string, ChildStateRow> = new Map(),
): Promise<UpsertCounts> {
  if (headers.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changed: [], insertedIds: new Set() }
  const rows = headers.map((h) => childRow(h, initialState.get(h.childId)))
  const { rows: written } = await sql<{ childId: string; inserted: boolean }>`
    insert into children as c (la, child_id, sex, date_of_birth, ethnicity, upn, nhs_number, uasc, uasc_ceased_on,
      episodes_hash, in_care, current_legal_status, current_placement_type, current_placement_provider, care_period_start, placement_spell_start)
    select ${la}, x.child_id, x.sex, x.date_of_birth, x.ethnicity, x.upn, x.nhs_number, x.uasc, x.uasc_ceased_on,
      x.episodes_hash, x.in_care, x.current_legal_status, x.current_placement_type, x.current_placement_provider, x.care_period_start, x.placement_spell_start
    from ${rowsAsSet(CHILD_COLUMNS, rows)}
    on conflict (la, child_id) do update set
      sex = excluded.sex, date_of_birth = excluded.date_of_birth, ethnicity = excluded.ethnicity,
      upn = excluded.upn, nhs_number = excluded.nhs_number, uasc = excluded.uasc,
      uasc_ceased_on = excluded.uasc_ceased_on, updated_at = now()
    where (c.sex, c.date_of_birth, c.ethnicity, c.upn, c.nhs_number, c.uasc, c.uasc_ceased_on)
      is distinct from
      (excluded.sex, excluded.date_of_birth, excluded.ethnicity, excluded.upn, excluded.nhs_number, excluded.uasc, excluded.uasc_ceased_on)
    returning c.child_id, (xmax = 0) as inserted`.execute(db)
  const insertedIds = new Set(written.filter((r) => r.inserted).map((r) => r.childId))
  return {
    inserted: insertedIds.size,
    updated: written.length - insertedIds.size,
    unchanged: headers.length - written.length,
    changed: written.map((r) => r.childId),
    insertedIds,
  }
}
