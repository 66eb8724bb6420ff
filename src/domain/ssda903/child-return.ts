/**
 * A child's 903 return beyond the header and episodes: MOTHER and MC_DOB, reviews, missing episodes,
 * OC2, AD1, placed for adoption, previous permanence and social worker episodes, as any import source
 * carries them; the rows the service stores for them; and the checks on what no row can hold. Pure:
 * the data layer (db/return-store.ts) only reads and writes the rows.
 *
 * A table left undefined was not sent: what is stored for it stays. Sent (an empty list or null
 * included), it is the whole truth for the child and replaces what is stored; OC3 is the truth for its
 * collection year only (a return speaks for one year: the child's other years stay).
 */
import type { Finding } from '../findings.ts'
import type { Ad1Record, MissingRecord, Oc2Record, Oc3Facts, PlacedAdoptionRecord, PrevPermRecord, ReviewRecord, SocialWorkerEpisodeRecord } from './types.ts'

/** Header MOTHER and MC_DOB. */
export interface MotherFacts {
  mother: boolean | null
  motherChildDateOfBirth: string | null
}

export interface ChildReturn {
  mother?: MotherFacts
  reviews?: ReviewRecord[]
  missingEpisodes?: MissingRecord[]
  oc2?: Oc2Record | null
  /** The return's OC3 row for its collection year (named by the 31 March it ends on); facts null: no row. */
  oc3?: { year: number; facts: Oc3Facts | null }
  adoption?: Ad1Record | null
  placedForAdoption?: PlacedAdoptionRecord[]
  previousPermanence?: PrevPermRecord | null
  socialWorkerEpisodes?: SocialWorkerEpisodeRecord[]
}

/** The tables of rows: each is a kind the import counts and its shrink guard watches. */
export const RETURN_KINDS = ['reviews', 'missingEpisodes', 'oc2', 'oc3', 'adoption', 'placedForAdoption', 'previousPermanence', 'socialWorkerEpisodes'] as const
export type ReturnKind = (typeof RETURN_KINDS)[number]

/** A row to store, keyed by column name (without la and child_id, which the writer adds). */
export type ReturnRow = Record<string, string | number | boolean | null>

/** The columns of each kind's rows, in a fixed order: what is compared, written and read back. */
export const RETURN_COLUMNS: Readonly<Record<ReturnKind, readonly string[]>> = {
  reviews: ['seq', 'review_date', 'review_code'],
  missingEpisodes: ['seq', 'missing_type', 'start_date', 'end_date'],
  oc2: [
    'source',
    'sdq_score',
    'sdq_reason',
    'convicted',
    'health_check',
    'immunisations',
    'teeth_check',
    'health_assessment',
    'substance_misuse',
    'intervention_received',
    'intervention_offered',
  ],
  oc3: ['year', 'in_touch', 'activity', 'accommodation'],
  adoption: ['date_should_be_placed', 'date_matched', 'foster_care', 'number_of_adopters', 'adopter_sex', 'adopter_legal_status'],
  placedForAdoption: ['seq', 'date_placed', 'date_placed_ceased', 'reason_placed_ceased'],
  previousPermanence: ['previous_permanence', 'permanence_la', 'permanence_date', 'permanence_date_as_sent'],
  socialWorkerEpisodes: ['seq', 'social_worker_id', 'start_date', 'end_date', 'reason'],
}

/** Who gave an OC2 row: the integration (903 return or JSON snapshot) is the one source so far. */
export const OC2_SOURCE = 'integration'

/** Rows in a stable order (by their values), numbered from 1: the same rows sent in another order store the same. */
function numbered(rows: ReturnRow[]): ReturnRow[] {
  const keyed = rows.map((r) => ({ r, k: JSON.stringify(Object.values(r)) }))
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
  return keyed.map(({ r }, i) => ({ seq: i + 1, ...r }))
}

/** The rows each sent kind stores for the child (a kind not sent is absent). */
export function returnRows(ret: ChildReturn): Partial<Record<ReturnKind, ReturnRow[]>> {
  const out: Partial<Record<ReturnKind, ReturnRow[]>> = {}
  if (ret.reviews) out.reviews = numbered(ret.reviews.map((r) => ({ review_date: r.reviewDate, review_code: r.reviewCode })))
  if (ret.missingEpisodes) {
    out.missingEpisodes = numbered(ret.missingEpisodes.map((m) => ({ start_date: m.startDate, end_date: m.endDate, missing_type: m.missingType })))
  }
  if (ret.oc2 !== undefined) {
    const o = ret.oc2
    out.oc2 =
      o === null
        ? []
        : [
            {
              source: OC2_SOURCE,
              sdq_score: o.sdqScore,
              sdq_reason: o.sdqReason,
              convicted: o.convicted,
              health_check: o.healthCheck,
              immunisations: o.immunisations,
              teeth_check: o.teethCheck,
              health_assessment: o.healthAssessment,
              substance_misuse: o.substanceMisuse,
              intervention_received: o.interventionReceived,
              intervention_offered: o.interventionOffered,
            },
          ]
  }
  if (ret.oc3 !== undefined) {
    const { year, facts } = ret.oc3
    out.oc3 = facts === null ? [] : [{ year, in_touch: facts.inTouch, activity: facts.activity, accommodation: facts.accommodation }]
  }
  if (ret.adoption !== undefined) {
    const a = ret.adoption
    out.adoption =
      a === null
        ? []
        : [
            {
              date_should_be_placed: a.dateShouldBePlaced,
              date_matched: a.dateMatched,
              foster_care: a.fosterCare,
              number_of_adopters: a.numberOfAdopters,
              adopter_sex: a.adopterSex,
              adopter_legal_status: a.adopterLegalStatus,
            },
          ]
  }
  if (ret.placedForAdoption) {
    out.placedForAdoption = numbered(
      ret.placedForAdoption.map((p) => ({ date_placed: p.datePlaced, date_placed_ceased: p.datePlacedCeased, reason_placed_ceased: p.reasonPlacedCeased })),
    )
  }
  if (ret.previousPermanence !== undefined) {
    const p = ret.previousPermanence
    out.previousPermanence =
      p === null
        ? []
        : [
            {
              previous_permanence: p.previousPermanence,
              permanence_la: p.permanenceLa,
              permanence_date: p.permanenceDate,
              permanence_date_as_sent: p.permanenceDateApproximate ? p.permanenceDateAsSent : null,
            },
          ]
  }
  if (ret.socialWorkerEpisodes) {
    out.socialWorkerEpisodes = numbered(
      ret.socialWorkerEpisodes.map((w) => ({ start_date: w.startDate, end_date: w.endDate, social_worker_id: w.socialWorkerId, reason: w.reason })),
    )
  }
  return out
}

/** One row as a comparable value: its columns' values in the kind's order. */
export function rowFingerprint(kind: ReturnKind, row: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(RETURN_COLUMNS[kind].map((c) => row[c] ?? null))
}

/**
 * The stored rows a sent table does not speak for, which stay beside its rows: OC3's other years (a
 * return is one year's). Every other table is the child's whole truth.
 */
export function rowsKept(kind: ReturnKind, ret: ChildReturn, stored: readonly ReturnRow[]): ReturnRow[] {
  if (kind !== 'oc3' || ret.oc3 === undefined) return []
  const year = ret.oc3.year
  return stored.filter((r) => r.year !== year)
}

/** The key of a row within its child: seq, or the source for OC2, the year for OC3, or nothing (one row a child). */
export function rowKey(kind: ReturnKind, row: Readonly<Record<string, unknown>>): string {
  if (kind === 'oc2') return String(row.source)
  if (kind === 'oc3') return String(row.year)
  return 'seq' in row ? String(row.seq) : ''
}

/**
 * What no row can hold, as findings that reject the child: an end before its start (the rows are
 * stored with those dates, and the database refuses them). Rows are the records' own (file rows, or
 * list positions from 1).
 */
export function checkChildReturn(childId: string, ret: ChildReturn): Finding[] {
  const out: Finding[] = []
  const order = (table: string, row: number, start: [string, string, string | null], end: [string, string, string | null]) => {
    if (start[2] === null || end[2] === null || end[2] >= start[2]) return
    out.push({
      table,
      rowNumber: row,
      childId,
      rule: 'END-BEFORE-START',
      severity: 'error',
      fields: [end[0], end[1], start[0], start[1]],
      message: `${end[0]} is before ${start[0]}: a row cannot end before it starts.`,
    })
  }
  for (const m of ret.missingEpisodes ?? []) order('Missing', m.rowNumber, ['MIS_START', 'startDate', m.startDate], ['MIS_END', 'endDate', m.endDate])
  for (const w of ret.socialWorkerEpisodes ?? []) order('SWEpisodes', w.rowNumber, ['SW_DECOM', 'startDate', w.startDate], ['SW_DEC', 'endDate', w.endDate])
  for (const p of ret.placedForAdoption ?? []) {
    order('PlacedAdoption', p.rowNumber, ['DATE_PLACED', 'datePlaced', p.datePlaced], ['DATE_PLACED_CEASED', 'datePlacedCeased', p.datePlacedCeased])
  }
  return out
}
