import type { Finding } from '../../domain/findings.ts'
import type { Snapshot } from '../../domain/imports/types.ts'
import { episodeFromBody, headerFromBody } from '../../domain/care-history/normalise.ts'
import type { FieldError } from '../../http/problem.ts'
import { PARTNER_SECTIONS, type PartnerSection, type PartnerSnapshot, type SentRecord } from '../partner-records/snapshot.ts'
import type { JsonManifest, JsonSnapshot } from './schemas.ts'
import type { ChildReturn } from '../../domain/ssda903/child-return.ts'
import { parsePermanenceDate } from '../../domain/ssda903/dates.ts'
import { sentOc3Facts } from '../../domain/imports/return-facts.ts'
import { collectionYearOf } from '../../domain/dates/calendar.ts'
import { todayInEngland } from '../../domain/dates/today.ts'

const IN_RECORD = new RegExp(`^/(${PARTNER_SECTIONS.join('|')})/(\\d+)(/|$)`)

/** Field errors kept per record: one record cannot fill the run's findings with its array's items. */
const MAX_ERRORS_PER_RECORD = 20

/** Schema errors inside partner records: list -> record index -> the fields wrong. */
export type RecordSchemaErrors = Map<PartnerSection, Map<number, FieldError[]>>

/**
 * The body's schema errors split in two: those inside a partner record are findings that skip that
 * record (as a bad row is), every other one (the children, the lists themselves) makes the body a
 * 400. Linear in the errors, whatever their number.
 */
export function splitSchemaErrors(errors: readonly FieldError[]): { records: RecordSchemaErrors; body: FieldError[] } {
  const records: RecordSchemaErrors = new Map()
  const body: FieldError[] = []
  for (const e of errors) {
    const m = IN_RECORD.exec(e.pointer)
    if (!m) {
      body.push(e)
      continue
    }
    const section = m[1] as PartnerSection
    const index = Number(m[2])
    const bySection = records.get(section) ?? new Map<number, FieldError[]>()
    records.set(section, bySection)
    const list = bySection.get(index) ?? []
    bySection.set(index, list)
    if (list.length < MAX_ERRORS_PER_RECORD) list.push({ ...e, pointer: e.pointer.slice(m[0].length - (m[3] ? 1 : 0)) })
  }
  return { records, body }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)

/** Items of a child's list, over every child. */
const acrossChildren = (body: JsonSnapshot, list: 'reviews' | 'missingEpisodes' | 'placedForAdoption' | 'socialWorkerEpisodes') =>
  body.children.reduce((n, c) => n + (c[list]?.length ?? 0), 0)

/** What the manifest says against what came: a finding per disagreement (the run is then refused). */
function manifestFindings(manifest: JsonManifest | undefined, body: JsonSnapshot): Finding[] {
  if (!manifest) return []
  const received: Record<keyof JsonManifest['counts'], number> = {
    children: body.children.length,
    episodes: body.children.reduce((n, c) => n + c.episodes.length, 0),
    healthChecks: body.healthChecks?.length ?? 0,
    sdqReturns: body.sdqReturns?.length ?? 0,
    careLeavers: body.careLeavers?.length ?? 0,
    personalAdvisers: body.personalAdvisers?.length ?? 0,
    pathwayPlans: body.pathwayPlans?.length ?? 0,
    careLeaverContacts: body.careLeaverContacts?.length ?? 0,
    returnHomeInterviews: body.returnHomeInterviews?.length ?? 0,
    reviews: acrossChildren(body, 'reviews'),
    missingEpisodes: acrossChildren(body, 'missingEpisodes'),
    placedForAdoption: acrossChildren(body, 'placedForAdoption'),
    socialWorkerEpisodes: acrossChildren(body, 'socialWorkerEpisodes'),
  }
  const out: Finding[] = []
  for (const [list, stated] of Object.entries(manifest.counts) as Array<[keyof typeof received, number | undefined]>) {
    if (stated === undefined || stated === received[list]) continue
    out.push({
      table: 'manifest',
      rowNumber: null,
      childId: null,
      rule: 'MANIFEST',
      severity: 'error',
      fields: [list],
      message: `The snapshot holds ${received[list]} ${list}; its manifest says ${stated}. Nothing was imported.`,
    })
  }
  return out
}

/**
 * A JSON snapshot as the domain sees it: codes and identifiers normalised; rows are list positions.
 * Its partner lists go beside it (they are checked against the children inside the import's
 * transaction); a record that failed its schema comes with its findings and is skipped. A manifest
 * that disagrees with what came makes the snapshot unreadable (fatal).
 */
export function snapshotFromJson(
  body: JsonSnapshot,
  schemaErrors: RecordSchemaErrors = new Map(),
  year: number = collectionYearOf(todayInEngland()),
): { snapshot: Snapshot; partner: PartnerSnapshot } {
  const findings: Finding[] = manifestFindings(body.manifest, body)
  const partner: PartnerSnapshot = {}
  const list = <T>(section: PartnerSection, records: readonly T[] | undefined, keyField: 'recordId' | 'childId'): Array<SentRecord<T>> | undefined => {
    if (records === undefined) return undefined
    const errors = schemaErrors.get(section)
    return records.map((value, i) => {
      const raw = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>
      const childId = str(raw.childId)
      const wrong = errors?.get(i)
      for (const e of wrong ?? []) {
        const field = e.pointer.replace(/^\//, '')
        findings.push({
          table: section,
          rowNumber: i + 1,
          childId,
          rule: 'SCHEMA',
          severity: 'error',
          fields: field ? [field] : [],
          message: `${field || 'The record'} ${e.message}`,
        })
      }
      return { row: i + 1, key: str(raw[keyField]), childId, value: wrong ? null : value }
    })
  }
  const set = <K extends PartnerSection>(section: K, sent: PartnerSnapshot[K] | undefined) => {
    if (sent) partner[section] = sent
  }
  set('healthChecks', list('healthChecks', body.healthChecks, 'recordId'))
  set('sdqReturns', list('sdqReturns', body.sdqReturns, 'recordId'))
  set('careLeavers', list('careLeavers', body.careLeavers, 'childId'))
  set('personalAdvisers', list('personalAdvisers', body.personalAdvisers, 'recordId'))
  set('pathwayPlans', list('pathwayPlans', body.pathwayPlans, 'recordId'))
  set('careLeaverContacts', list('careLeaverContacts', body.careLeaverContacts, 'recordId'))
  set('returnHomeInterviews', list('returnHomeInterviews', body.returnHomeInterviews, 'recordId'))

  // A DATE_PERM of the right form that is no date (31/02/2020) rejects its child, as a bad 903 row does.
  const rejectedChildIds = new Set<string>()
  body.children.forEach((c, i) => {
    const sent = c.previousPermanence?.permanenceDate
    if (!sent || parsePermanenceDate(sent) !== null) return
    rejectedChildIds.add(c.childId.trim())
    findings.push({
      table: 'PrevPerm',
      rowNumber: i + 1,
      childId: c.childId.trim(),
      rule: '632',
      severity: 'error',
      fields: ['DATE_PERM', 'permanenceDate'],
      message: 'previousPermanence.permanenceDate is not a date (ZZ for an unknown day or month, ZZZZ for an unknown year).',
    })
  })
  const snapshot: Snapshot = {
    children: body.children.map((c, i) => ({
      header: headerFromBody(c.childId.trim(), c),
      episodes: c.episodes.map(episodeFromBody),
      row: i + 1,
      episodeRows: c.episodes.map((_e, j) => j + 1),
      returnTables: childReturnFromJson(c, year),
    })),
    rejectedChildIds,
    findings,
    fatal: findings.some((f) => f.rule === 'MANIFEST'),
  }
  return { snapshot, partner }
}

type JsonChild = JsonSnapshot['children'][number]

/**
 * A child's other 903 tables as sent: each key left out is not sent (what is stored stays). The schema
 * has checked codes and dates; rows are list positions from 1. OC3 is the child's row for `year` (the
 * import's collection year), as the 903 import stores its OC3 file: null removes that year's row only.
 */
export function childReturnFromJson(c: JsonChild, year: number): ChildReturn {
  const out: ChildReturn = {}
  if (c.mother !== undefined || c.motherChildDateOfBirth !== undefined) {
    out.mother = { mother: c.mother ?? null, motherChildDateOfBirth: c.motherChildDateOfBirth ?? null }
  }
  if (c.reviews) out.reviews = c.reviews.map((r, i) => ({ rowNumber: i + 1, ...r }))
  if (c.missingEpisodes) out.missingEpisodes = c.missingEpisodes.map((m, i) => ({ rowNumber: i + 1, ...m, endDate: m.endDate ?? null }))
  if (c.oc2 !== undefined) {
    const o = c.oc2
    out.oc2 =
      o === null
        ? null
        : {
            rowNumber: 1,
            sdqScore: o.sdqScore ?? null,
            sdqReason: o.sdqReason ?? null,
            convicted: o.convicted ?? null,
            healthCheck: o.healthCheck ?? null,
            immunisations: o.immunisations ?? null,
            teethCheck: o.teethCheck ?? null,
            healthAssessment: o.healthAssessment ?? null,
            substanceMisuse: o.substanceMisuse ?? null,
            interventionReceived: o.interventionReceived ?? null,
            interventionOffered: o.interventionOffered ?? null,
          }
  }
  if (c.oc3 !== undefined) {
    const o = c.oc3
    out.oc3 = {
      year,
      facts: o === null ? null : sentOc3Facts({ inTouch: o.inTouch ?? null, activity: o.activity ?? null, accommodation: o.accommodation ?? null }),
    }
  }
  if (c.adoption !== undefined) {
    const a = c.adoption
    out.adoption =
      a === null
        ? null
        : {
            rowNumber: 1,
            dateShouldBePlaced: a.dateShouldBePlaced ?? null,
            dateMatched: a.dateMatched ?? null,
            fosterCare: a.fosterCare ?? null,
            numberOfAdopters: a.numberOfAdopters ?? null,
            adopterSex: a.adopterSex ?? null,
            adopterLegalStatus: a.adopterLegalStatus ?? null,
          }
  }
  if (c.placedForAdoption) {
    out.placedForAdoption = c.placedForAdoption.map((p, i) => ({
      rowNumber: i + 1,
      datePlaced: p.datePlaced ?? null,
      datePlacedCeased: p.datePlacedCeased ?? null,
      reasonPlacedCeased: p.reasonPlacedCeased ?? null,
    }))
  }
  if (c.previousPermanence !== undefined) {
    const p = c.previousPermanence
    // An impossible date (31/02/2020) has rejected the child (snapshotFromJson).
    const when = p?.permanenceDate ? parsePermanenceDate(p.permanenceDate) : null
    out.previousPermanence =
      p === null
        ? null
        : {
            rowNumber: 1,
            previousPermanence: p.previousPermanence ?? null,
            permanenceLa: str(p.permanenceLa),
            permanenceDate: when?.date ?? null,
            permanenceDateApproximate: when?.approximate ?? false,
            permanenceDateAsSent: when?.asSent ?? null,
          }
  }
  if (c.socialWorkerEpisodes) {
    out.socialWorkerEpisodes = c.socialWorkerEpisodes.map((w, i) => ({
      rowNumber: i + 1,
      socialWorkerId: str(w.socialWorkerId),
      startDate: w.startDate ?? null,
      endDate: w.endDate ?? null,
      reason: w.reason ?? null,
    }))
  }
  return out
}
