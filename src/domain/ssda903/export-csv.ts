/**
 * A collection year's 903 CSV set from the service's records, for the export endpoint: header.csv,
 * episodes.csv, uasc.csv, oc2.csv, oc3.csv and the child-level tables the integration sends
 * (reviews.csv, missing.csv, ad1.csv, placed_for_adoption.csv, previous_permanence.csv,
 * sw_episodes.csv) with the DfE's columns, dates DD/MM/YYYY.
 *
 * - What the year holds is returnForYear's (cohorts.ts): each table's cohort as the DfE's guidance
 *   says, episodes and other rows ending after 31 March written as still open. With allHistory, every
 *   row as stored.
 * - header.csv lists each child of the year's return; uasc.csv those of them who are or were UASC.
 * - MOTHER and MC_DOB are as stored. DATE_PERM with ZZ parts goes out as it came. The 903 has no NHS
 *   number; the nhsNumber option adds an NHS_NUMBER column (the service's extension, which
 *   parse903Csv reads but the DfE's tools would not accept).
 * - Lines end CRLF, the last one too (RFC 4180, and what councils' Windows tools write); values are
 *   quoted only when they hold a comma, quote or line break.
 *
 * parse903Csv reads the set back to the same headers, episodes and tables.
 */
import type { ChildHeader, Episode } from '../care-history/types.ts'
import { joinAccommodation } from '../care-leavers/oc3.ts'
import { csvOfRows, type CsvCell } from '../csv.ts'
import { returnForYear } from './cohorts.ts'
import { format903Date } from './dates.ts'
import { TABLES } from './tables.ts'
import type { MotherFacts } from './child-return.ts'
import type { Ad1Record, MissingRecord, Oc2Facts, Oc3Facts, PlacedAdoptionRecord, PrevPermRecord, ReviewRecord, SocialWorkerEpisodeRecord } from './types.ts'

type Stored<T> = Omit<T, 'rowNumber'>

/** A child's stored child-level tables, as the export writes them. */
export interface Export903Tables {
  reviews?: ReadonlyArray<Stored<ReviewRecord>>
  missingEpisodes?: ReadonlyArray<Stored<MissingRecord>>
  adoption?: Stored<Ad1Record> | null
  placedForAdoption?: ReadonlyArray<Stored<PlacedAdoptionRecord>>
  previousPermanence?: Pick<PrevPermRecord, 'previousPermanence' | 'permanenceLa' | 'permanenceDate' | 'permanenceDateAsSent'> | null
  socialWorkerEpisodes?: ReadonlyArray<Stored<SocialWorkerEpisodeRecord>>
}

export interface Export903Child {
  header: ChildHeader
  episodes: readonly Episode[]
  oc2?: Oc2Facts | null
  /** ACCOM is `accommodation`, or built from the type and suitability when that is null. */
  oc3?: Oc3Facts | null
  mother?: MotherFacts | null
  tables?: Export903Tables
}

export interface Build903Options {
  /** Add NHS_NUMBER to header.csv (not a DfE column). Default false. */
  nhsNumber?: boolean
  /** Every episode, not only the year's: a full-history export that re-imports to the same data. */
  allHistory?: boolean
}

/** The files build903Csv writes, in this order. */
export const EXPORT_FILES = [
  'header.csv',
  'episodes.csv',
  'uasc.csv',
  'oc2.csv',
  'oc3.csv',
  'reviews.csv',
  'missing.csv',
  'ad1.csv',
  'placed_for_adoption.csv',
  'previous_permanence.csv',
  'sw_episodes.csv',
] as const
export type ExportFile = (typeof EXPORT_FILES)[number]

type Row = CsvCell[]

const date = (d: string | null): string => (d === null ? '' : format903Date(d))

// Values go out exactly as held (a child id may begin with '-'): no formula guard; flags as 1/0.
const csv = (columns: readonly string[], rows: readonly Row[]): string => csvOfRows(columns, rows, { guardFormulas: false, booleans: 'digits' })

/** One file of the set before it is written: its columns and rows of cells. */
export interface Export903Table {
  columns: readonly string[]
  rows: readonly Row[]
}

/** The year's CSV set: file name -> content. Throws RangeError for a year that is not an integer. */
export function build903Csv(children: Iterable<Export903Child>, year: number, options: Build903Options = {}): Record<ExportFile, string> {
  const tables = build903Tables(children, year, options)
  return Object.fromEntries(EXPORT_FILES.map((name) => [name, csv(tables[name].columns, tables[name].rows)])) as Record<ExportFile, string>
}

/** The rows build903Csv writes, by file, as cells (the DfE rules read them without the CSV text). */
export function build903Tables(children: Iterable<Export903Child>, year: number, options: Build903Options = {}): Record<ExportFile, Export903Table> {
  const header: Row[] = []
  const episodes: Row[] = []
  const uasc: Row[] = []
  const oc2: Row[] = []
  const oc3: Row[] = []
  const reviews: Row[] = []
  const missing: Row[] = []
  const ad1: Row[] = []
  const placed: Row[] = []
  const prevPerm: Row[] = []
  const sw: Row[] = []

  for (const child of returnForYear(children, year, options)) {
    const h = child.header
    const o2 = child.oc2 ?? null
    const o3 = child.oc3 ?? null
    const dob = date(h.dateOfBirth)
    const m = child.mother ?? null
    const row: Row = [h.childId, h.sex, dob, h.ethnicity, h.upn, m?.mother ?? null, date(m?.motherChildDateOfBirth ?? null)]
    if (options.nhsNumber === true) row.push(h.nhsNumber)
    header.push(row)
    for (const e of child.episodes) {
      episodes.push([
        h.childId,
        date(e.startDate),
        e.reasonNewEpisode,
        e.legalStatus,
        e.categoryOfNeed,
        e.placementType,
        e.placementProvider,
        date(e.endDate),
        e.reasonEnded,
        e.reasonPlaceChange,
        e.homePostcode,
        e.placementPostcode,
        e.urn,
      ])
    }
    // A date UASC status ceased says the child was UASC.
    if (h.uasc || h.uascCeasedOn !== null) uasc.push([h.childId, h.sex, dob, date(h.uascCeasedOn)])
    if (o2 !== null) {
      oc2.push([
        h.childId,
        dob,
        o2.sdqScore,
        o2.sdqReason,
        o2.convicted,
        o2.healthCheck,
        o2.immunisations,
        o2.teethCheck,
        o2.healthAssessment,
        o2.substanceMisuse,
        o2.interventionReceived,
        o2.interventionOffered,
      ])
    }
    if (o3 !== null) {
      oc3.push([
        h.childId,
        dob,
        o3.inTouch,
        o3.activity,
        o3.accommodation ?? joinAccommodation({ type: o3.accommodationType, suitable: o3.accommodationSuitable }),
      ])
    }
    const t = child.tables ?? {}
    for (const r of t.reviews ?? []) reviews.push([h.childId, dob, date(r.reviewDate), r.reviewCode])
    for (const r of t.missingEpisodes ?? []) missing.push([h.childId, dob, r.missingType, date(r.startDate), date(r.endDate)])
    const a = t.adoption ?? null
    if (a !== null) {
      ad1.push([h.childId, dob, date(a.dateShouldBePlaced), date(a.dateMatched), a.fosterCare, a.numberOfAdopters, a.adopterSex, a.adopterLegalStatus])
    }
    for (const r of t.placedForAdoption ?? []) placed.push([h.childId, dob, date(r.datePlaced), date(r.datePlacedCeased), r.reasonPlacedCeased])
    const p = t.previousPermanence ?? null
    if (p !== null) prevPerm.push([h.childId, dob, p.previousPermanence, p.permanenceLa, p.permanenceDateAsSent ?? date(p.permanenceDate)])
    for (const r of t.socialWorkerEpisodes ?? []) sw.push([h.childId, dob, r.socialWorkerId, date(r.startDate), date(r.endDate), r.reason])
  }

  const headerColumns = options.nhsNumber === true ? [...TABLES.Header.columns, 'NHS_NUMBER'] : TABLES.Header.columns
  return {
    'header.csv': { columns: headerColumns, rows: header },
    'episodes.csv': { columns: TABLES.Episodes.columns, rows: episodes },
    'uasc.csv': { columns: TABLES.UASC.columns, rows: uasc },
    'oc2.csv': { columns: TABLES.OC2.columns, rows: oc2 },
    'oc3.csv': { columns: TABLES.OC3.columns, rows: oc3 },
    'reviews.csv': { columns: TABLES.Reviews.columns, rows: reviews },
    'missing.csv': { columns: TABLES.Missing.columns, rows: missing },
    'ad1.csv': { columns: TABLES.AD1.columns, rows: ad1 },
    'placed_for_adoption.csv': { columns: TABLES.PlacedAdoption.columns, rows: placed },
    'previous_permanence.csv': { columns: TABLES.PrevPerm.columns, rows: prevPerm },
    'sw_episodes.csv': { columns: TABLES.SWEpisodes.columns, rows: sw },
  }
}
