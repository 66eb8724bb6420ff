import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { careEvents, currentState, deriveCareHistory, type Episode, type ChildFinding } from '../domain/care-history/index.ts'
import { TEMPORARY_PLACEMENTS } from '../domain/code-lists/index.ts'
import { insertRows, insertRowsJoined, rowsAsSet } from './bulk.ts'
import type { CopyIn } from './copy.ts'
import type { Database } from './database.ts'

/** One child's episodes to store, already checked (no error findings), with the warnings found. */
export interface ChildCareHistory {
  childId: string
  episodes: readonly Episode[]
  warnings: readonly ChildFinding[]
  /** episodesHash(episodes), when the caller has it already. */
  episodesHash?: string
}

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

type Row = Record<string, unknown>

const EPISODE_FIELDS = [
  'startDate', 'reasonNewEpisode', 'legalStatus', 'categoryOfNeed', 'placementType', 'placementProvider', 'endDate',
  'reasonEnded', 'reasonPlaceChange', 'homePostcode', 'placementPostcode', 'urn', 'placementLa', 'placementDistance',
] as const

/** A fingerprint of an episode list, independent of the order it was sent in. */
export function episodesHash(episodes: readonly Episode[]): string {
  const rows = episodes.map((e) => EPISODE_FIELDS.map((f) => e[f] ?? null)).sort((a, b) => String(a[0]).localeCompare(String(b[0])))
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url')
}

/** The rows to store for one child: its episodes with what is derived from them. Pure. */
export function careHistoryRows(la: string, child: ChildCareHistory, today: string) {
  const { episodes, childId } = child
  const derived = deriveCareHistory(episodes)
  const admissions = new Set<number>()
  const cessations = new Set<number>()
  for (const e of careEvents(episodes)) (e.kind === 'admission' ? admissions : cessations).add(e.episodeIndex)

  const episodeRows: Row[] = episodes.map((e, i) => ({
    la,
    child_id: childId,
    start_date: e.startDate,
    reason_new_episode: e.reasonNewEpisode,
    legal_status: e.legalStatus,
    category_of_need: e.categoryOfNeed,
    placement_type: e.placementType,
    placement_provider: e.placementProvider,
    end_date: e.endDate,
    reason_ended: e.reasonEnded,
    reason_place_change: e.reasonPlaceChange,
    home_postcode: e.homePostcode,
    placement_postcode: e.placementPostcode,
    urn: e.urn,
    placement_la: e.placementLa ?? null,
    placement_distance: e.placementDistance ?? null,
    care_period_seq: derived.carePeriodOf[i],
    placement_spell_seq: derived.placementSpellOf[i] ?? null,
    is_move: derived.moves[i] ?? false,
    is_temporary: TEMPORARY_PLACEMENTS.includes(e.placementType),
    short_break: e.legalStatus === 'V3' || e.legalStatus === 'V4',
    is_admission: admissions.has(i),
    is_cessation: cessations.has(i),
  }))
  const periodRows: Row[] = derived.carePeriods.map((p) => ({
    la,
    child_id: childId,
    period_seq: p.index,
    start_date: p.startDate,
    end_date: p.endDate,
    reason_ended: p.reasonEnded,
    category_of_need: p.categoryOfNeed,
    legal_status_at_entry: p.legalStatusAtEntry,
    placement_type_at_entry: p.placementTypeAtEntry,
    short_break_only: p.shortBreakOnly,
    has_short_break: p.hasShortBreak,
  }))
  const spellRows: Row[] = derived.placementSpells.map((s) => ({
    la,
    child_id: childId,
    spell_seq: s.index,
    period_seq: s.carePeriodIndex,
    start_date: s.startDate,
    end_date: s.endDate,
    placement_type: s.placementType,
    placement_provider: s.placementProvider,
    urn: s.urn,
    placement_postcode: s.placementPostcode,
    started_by_move: s.startedByMove,
    temporary_episodes: s.temporaryEpisodeIndexes.length,
  }))
  const findingRows: Row[] = child.warnings.map((f) => ({
    la,
    child_id: childId,
    rule: f.rule,
    severity: f.severity,
    episode_index: f.episodeIndex,
    fields: f.fields,
    message: f.message,
  }))
  return { episodeRows, periodRows, spellRows, findingRows, stateRow: childStateRow(child, today) }
}

/** What the children table keeps of a child's episodes: the state on the latest, and their fingerprint. Pure. */
export function childStateRow(child: ChildCareHistory, today: string): ChildStateRow {
  const state = child.episodes.length ? currentState(child.episodes, today) : null
  return {
    child_id: child.childId,
    episodes_hash: child.episodesHash ?? episodesHash(child.episodes),
    in_care: state?.inCare ?? false,
    current_legal_status: state?.legalStatus ?? null,
    current_placement_type: state?.placementType ?? null,
    current_placement_provider: state?.placementProvider ?? null,
    care_period_start: state?.carePeriodStart ?? null,
    placement_spell_start: state?.placementSpellStart ?? null,
  }
}

export interface ChildStateRow {
  child_id: string
  episodes_hash: string
  in_care: boolean
  current_legal_status: string | null
  current_placement_type: string | null
  current_placement_provider: string | null
  care_period_start: string | null
  placement_spell_start: string | null
}

/** The rows careHistoryRows builds for one child. */
export type CareHistoryRows = ReturnType<typeof careHistoryRows>

export interface ReplaceOptions {
  /** COPY on this transaction's connection (the nightly import on PostgreSQL). */
  copy?: CopyIn | null
  /** careHistoryRows of the same children, in the same order, when the caller built them already. */
  prepared?: readonly CareHistoryRows[]
  /** Children whose state the caller wrote already (inserted with it): not updated again. */
  stateWritten?: ReadonlySet<string>
}

/**
 * Replaces the care histories of these children (their episodes, periods of care, placement spells,
 * warnings and current state) with a fixed number of set-based statements, whatever the number of
 * children. Run it inside a transaction: the children must exist.
 */
export async function replaceCareHistories(
  db: Kysely<Database>,
  la: string,
  children: readonly ChildCareHistory[],
  today: string,
  options: ReplaceOptions = {},
): Promise<{ episodes: number }> {
  if (children.length === 0) return { episodes: 0 }
  const { copy = null, stateWritten } = options
  const ids = children.map((c) => c.childId)
  const all = options.prepared ?? children.map((c) => careHistoryRows(la, c, today))
  const flat = <K extends keyof (typeof all)[number]>(k: K) => all.flatMap((r) => r[k] as Row[])

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
    await copy('episodes', { ...EPISODE_COLUMNS, child_key: 'bigint' }, episodeRows.map((r) => ({ ...r, child_key: keyOf.get(String(r.child_id)) })))
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
  if (states.length === 0) return { episodes }
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
  return { episodes }
}
