import { sql, type Kysely } from 'kysely'
import type { CareHistoryRows, Row } from '../domain/care-history/stored.ts'
import { insertRows, insertRowsJoined, rowsAsSet } from './bulk.ts'
import type { CopyIn } from './copy.ts'
import type { Database } from './database.ts'
import type { StoredCare } from '../domain/webhooks/events.ts'

const EPISODE_COLUMNS = {
  la: 'text',
  child_id: 'text',
  start_date: 'date',
  reason_new_episode: 'text',
  legal_status: 'text',
  category_of_need: 'text',
  placement_type: 'text',
  placement_provider: 'text',
  end_date: 'date',
  reason_ended: 'text',
  reason_place_change: 'text',
  home_postcode: 'text',
  placement_postcode: 'text',
  urn: 'text',
  placement_la: 'text',
  placement_distance: 'numeric',
  care_period_seq: 'int',
  placement_spell_seq: 'int',
  is_move: 'boolean',
  is_temporary: 'boolean',
  short_break: 'boolean',
  is_admission: 'boolean',
  is_cessation: 'boolean',
  care_start: 'date',
  care_end: 'date',
}

const PERIOD_COLUMNS = {
  la: 'text',
  child_id: 'text',
  period_seq: 'int',
  start_date: 'date',
  end_date: 'date',
  reason_ended: 'text',
  category_of_need: 'text',
  legal_status_at_entry: 'text',
  placement_type_at_entry: 'text',
  short_break_only: 'boolean',
  has_short_break: 'boolean',
}

const SPELL_COLUMNS = {
  la: 'text',
  child_id: 'text',
  spell_seq: 'int',
  period_seq: 'int',
  start_date: 'date',
  end_date: 'date',
  placement_type: 'text',
  placement_provider: 'text',
  urn: 'text',
  placement_postcode: 'text',
  started_by_move: 'boolean',
  temporary_episodes: 'int',
}

const FINDING_COLUMNS = {
  la: 'text',
  child_id: 'text',
  rule: 'text',
  severity: 'text',
  episode_index: 'int',
  fields: 'text[]',
  message: 'text',
}

/** The columns of children that hold the state derived from their episodes (child_id to match on). */
export const STATE_COLUMNS = {
  child_id: 'text',
  episodes_hash: 'text',
  in_care: 'boolean',
  current_legal_status: 'text',
  current_placement_type: 'text',
  current_placement_provider: 'text',
  care_period_start: 'date',
  placement_spell_start: 'date',
}

export interface ReplaceOptions {
  /** COPY on this transaction's connection (the nightly import on PostgreSQL). */
  copy?: CopyIn | null
  /** Children whose state the caller wrote already (inserted with it): not updated again. */
  stateWritten?: ReadonlySet<string>
}

/**
 * Replaces the care histories of these children (their episodes, periods of care, placement spells,
 * warnings and current state: careHistoryRows of each) with a fixed number of set-based statements,
 * whatever the number of children. Run it inside a transaction: the children must exist. Returns
 * what was stored of their placement spells and times in care before (two statements), so the
 * caller can tell the partners what changed (domain/webhooks/events.ts careEvents).
 */
export async function replaceCareHistories(
  db: Kysely<Database>,
  la: string,
  all: readonly CareHistoryRows[],
  options: ReplaceOptions = {},
): Promise<{ episodes: number; before: StoredCare }> {
  if (all.length === 0) return { episodes: 0, before: { spells: [], careStarts: [] } }
  const { copy = null, stateWritten } = options
  const ids = all.map((r) => r.stateRow.child_id)
  const flat = (k: Exclude<keyof CareHistoryRows, 'stateRow'>): Row[] => all.flatMap((r) => r[k])

  const { rows: spells } = await sql<{ childId: string; startDate: string }>`
    select child_id, start_date from placement_spells where la = ${la} and child_id = any(${ids}::text[])`.execute(db)
  const { rows: careStarts } = await sql<{ childId: string; careStart: string; ceased: boolean }>`
    select child_id, care_start, bool_or(is_cessation) as ceased from episodes
    where la = ${la} and child_id = any(${ids}::text[]) and care_start is not null group by child_id, care_start`.execute(db)
  const before: StoredCare = { spells, careStarts }

  for (const table of ['episodes', 'care_periods', 'placement_spells', 'episode_findings'] as const) {
    await sql`delete from ${sql.table(table)} where la = ${la} and child_id = any(${ids}::text[])`.execute(db)
  }
  const episodeRows = flat('episodeRows')
  let episodes = episodeRows.length
  if (copy) {
    // COPY cannot join: the children's keys are read first (one statement).
    const { rows: keys } = await sql<{ childId: string; key: string }>`
      select child_id, child_key::text as key from children where la = ${la} and child_id = any(${ids}::text[])`.execute(db)
    const keyOf = new Map(keys.map((k) => [k.childId, k.key]))
    await copy(
      'episodes',
      { ...EPISODE_COLUMNS, child_key: 'bigint' },
      episodeRows.map((r) => ({ ...r, child_key: keyOf.get(String(r.child_id)) })),
    )
    await copy('care_periods', PERIOD_COLUMNS, flat('periodRows'))
    await copy('placement_spells', SPELL_COLUMNS, flat('spellRows'))
  } else {
    episodes = await insertRowsJoined(db, 'episodes', EPISODE_COLUMNS, episodeRows, {
      columns: ['child_key'],
      values: sql`c.child_key`,
      join: sql`join children c on c.la = x.la and c.child_id = x.child_id`,
    })
    await insertRows(db, 'care_periods', PERIOD_COLUMNS, flat('periodRows'))
    await insertRows(db, 'placement_spells', SPELL_COLUMNS, flat('spellRows'))
  }
  await insertRows(db, 'episode_findings', FINDING_COLUMNS, flat('findingRows'))
  const states = all.map((r) => r.stateRow).filter((r) => !stateWritten?.has(r.child_id))
  if (states.length === 0) return { episodes, before }
  await sql`
    update children c set
      in_care = x.in_care,
      current_legal_status = x.current_legal_status,
      current_placement_type = x.current_placement_type,
      current_placement_provider = x.current_placement_provider,
      care_period_start = x.care_period_start,
      placement_spell_start = x.placement_spell_start,
      episodes_hash = x.episodes_hash,
      updated_at = now()
    from ${rowsAsSet(STATE_COLUMNS, states)}
    where c.la = ${la} and c.child_id = x.child_id`.execute(db)
  return { episodes, before }
}
