import { createHash } from 'node:crypto'
import { TEMPORARY_PLACEMENTS } from '../code-lists/index.ts'
import { deriveCareHistory, type CareHistory } from './derive.ts'
import { careEvents } from './movements.ts'
import { currentState } from './state.ts'
import { EPISODE_FIELDS, type ChildFinding, type Episode } from './types.ts'

/**
 * What is stored of a child's care history: its episodes with what is derived from them (periods of
 * care, placement spells, moves, admissions and cessations), its warnings and its state today, as
 * rows keyed by column name. Pure: the data layer (db/care-history-store.ts) only writes them.
 */

/** One child's episodes to store, already checked (no error findings), with the warnings found. */
export interface ChildCareHistory {
  childId: string
  episodes: readonly Episode[]
  warnings: readonly ChildFinding[]
  /** episodesHash(episodes), when the caller has it already. */
  episodesHash?: string
}

/** A row to store, keyed by column name. */
export type Row = Record<string, unknown>

const HASHED_FIELDS = ['startDate', ...EPISODE_FIELDS] as const

/** A fingerprint of an episode list, independent of the order it was sent in. */
export function episodesHash(episodes: readonly Episode[]): string {
  const rows = episodes.map((e) => HASHED_FIELDS.map((f) => e[f] ?? null)).sort((a, b) => String(a[0]).localeCompare(String(b[0])))
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url')
}

/** The rows to store for one child: its episodes with what is derived from them. Pure. */
export function careHistoryRows(la: string, child: ChildCareHistory, today: string): CareHistoryRows {
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
    // The time in care the episode belongs to (5b), so KPIs never count short-break time as care.
    ...timeInCareColumns(derived, i),
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

function timeInCareColumns(derived: CareHistory, i: number): { care_start: string | null; care_end: string | null } {
  const k = derived.timeInCareOf[i]
  const time = k === null || k === undefined ? undefined : derived.timesInCare[k]
  return { care_start: time?.startDate ?? null, care_end: time?.endDate ?? null }
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
export interface CareHistoryRows {
  episodeRows: Row[]
  periodRows: Row[]
  spellRows: Row[]
  findingRows: Row[]
  stateRow: ChildStateRow
}
