/**
 * Which rows a collection year's 903 return holds, and how each is written for that year: one pure
 * rule per table, as the DfE's guidance says and its validator (csc-validator-be-903) checks it.
 * Year 2025 is 2024-25 (1 April 2024 to 31 March 2025). Dates are 'YYYY-MM-DD'.
 *
 * The return is the year as it stood on 31 March: a row that ends after 31 March is written as still
 * open (its end and the reason it ended blank), and a row that begins after it is not there.
 *
 * | table            | the year's rows                                                     | validator rules          |
 * |------------------|---------------------------------------------------------------------|--------------------------|
 * | Episodes         | open at some point in the year; DEC, REC, REASON_PLACE_CHANGE blank  | 385, 388 (case 3), 233   |
 * |                  | when the episode ends after 31 March                                 |                          |
 * | Reviews          | held in the year                                                     | (guidance; 1012)         |
 * | Missing          | open at some point in the year; MIS_END blank after 31 March         | 570, 571, 576            |
 * | SWEpisodes       | open at some point in the social worker reporting period (the year;  | SW06, SW07 (changed in   |
 * |                  | from 2024-25 also the year before); SW_DEC blank after 31 March      | 2024-25), SW12, SW17     |
 * | PlacedAdoption   | a decision standing at some point in the year; DATE_PLACED_CEASED    | 117, 118, 551, 553, 555  |
 * |                  | and REASON_PLACED_CEASED blank when reversed after 31 March          |                          |
 * | AD1              | children adopted in the year (an episode ending E11 or E12 in it)    | 601, 602                 |
 * | PrevPerm         | children who started to be looked after in the year (RNE S in it)    | 630, 634                 |
 *
 * Every child-level table is only for children with an episode in the year (rule 1012: an OC3-only
 * care leaver has no other rows).
 */
import type { Episode } from '../care-history/types.ts'
import { addYears, collectionYearBounds } from '../dates/calendar.ts'
import type { Export903Child, Export903Tables } from './export-csv.ts'

/** The first and last day of a collection year. Throws RangeError for a year that is not an integer. */
export const yearBounds = collectionYearBounds

/** Whether something from `start` (null: not known) to `end` (null: still open) is open at some point in [from, to]. */
function openIn(start: string | null, end: string | null, from: string, to: string): boolean {
  return (start === null || start <= to) && (end === null || end >= from)
}

const byStart = (a: Episode, b: Episode): number => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0)

/**
 * The year's episodes as the return writes them, by start date: those open at some point in the year
 * (DECOM <= 31 March and DEC blank or >= 1 April before), and one that ends after 31 March as still
 * open, with DEC, REC and REASON_PLACE_CHANGE blank (the DfE's rules 385 and 388: a DEC after the year,
 * or an X1 with no next episode in the file, is an error).
 */
export function episodesForYear(episodes: readonly Episode[], year: number): Episode[] {
  const { start, end } = yearBounds(year)
  return episodes
    .filter((e) => openIn(e.startDate, e.endDate, start, end))
    .map((e) => (e.endDate !== null && e.endDate > end ? { ...e, endDate: null, reasonEnded: null, reasonPlaceChange: null } : e))
    .sort(byStart)
}

/** Whether the child is in the year's return through its episodes: one open at some point in the year. */
export function lookedAfterInYear(episodes: readonly Episode[], year: number): boolean {
  const { start, end } = yearBounds(year)
  return episodes.some((e) => openIn(e.startDate, e.endDate, start, end))
}

/** AD1's cohort: adopted in the year, i.e. an episode ending E11 or E12 (adopted) between 1 April and 31 March (rules 601, 602). */
export function adoptedInYear(episodes: readonly Episode[], year: number): boolean {
  const { start, end } = yearBounds(year)
  return episodes.some((e) => e.endDate !== null && e.endDate >= start && e.endDate <= end && (e.reasonEnded === 'E11' || e.reasonEnded === 'E12'))
}

/**
 * PrevPerm's cohort: started to be looked after in the year, i.e. an episode with RNE S (a new period
 * of care) beginning between 1 April and 31 March. Rule 630 asks it of exactly these children; rule 634
 * refuses it for a child with no episode beginning in the year. A child whose period began in an
 * earlier year told the DfE then.
 */
export function startedCareInYear(episodes: readonly Episode[], year: number): boolean {
  const { start, end } = yearBounds(year)
  return episodes.some((e) => e.reasonNewEpisode === 'S' && e.startDate >= start && e.startDate <= end)
}

/** Reviews: those held in the year. */
export function reviewInYear(review: { reviewDate: string }, year: number): boolean {
  const { start, end } = yearBounds(year)
  return review.reviewDate >= start && review.reviewDate <= end
}

/**
 * A missing or away-from-placement episode as the year's return writes it, or null when it is not in
 * the year: open at some point in it (MIS_START <= 31 March, rule 570; MIS_END blank or in the year,
 * rule 571), still open when it ended after 31 March. One open at the end of last year comes again
 * at the start of this one (rule 576).
 */
export function missingForYear<M extends { startDate: string; endDate: string | null }>(m: M, year: number): M | null {
  const { start, end } = yearBounds(year)
  if (!openIn(m.startDate, m.endDate, start, end)) return null
  return m.endDate !== null && m.endDate > end ? { ...m, endDate: null } : m
}

/**
 * The first day of the social worker reporting period. The validator's SW07 for 2023-24 (the first
 * year of the table) takes SW_DEC from the year's start; from 2024-25 from 1 April of the year before
 * (its `collection_start - 1 year`; SW12 and SW15 changed with it), so a child's worker changes over
 * two years are reported.
 */
export function socialWorkerPeriodStart(year: number): string {
  const { start } = yearBounds(year)
  return year <= 2024 ? start : addYears(start, -1)
}

/**
 * A social worker episode as the year's return writes it, or null when it is not in the reporting
 * period: SW_DECOM <= 31 March (SW06) and SW_DEC blank or on or after the period's start (SW07); one
 * ending after 31 March is the worker open at 31 March (SW17), SW_DEC blank. SW_REASON is the reason
 * the episode began (SW03 asks it of every row), so it stays.
 */
export function socialWorkerEpisodeForYear<W extends { startDate: string | null; endDate: string | null }>(w: W, year: number): W | null {
  const { end } = yearBounds(year)
  if (!openIn(w.startDate, w.endDate, socialWorkerPeriodStart(year), end)) return null
  return w.endDate !== null && w.endDate > end ? { ...w, endDate: null } : w
}

/**
 * A decision that the child should be placed for adoption as the year's return writes it, or null:
 * one standing at some point in the year (DATE_PLACED <= 31 March, rule 117; reversed, if at all, on
 * or after 1 April, rule 118), so a child placed for adoption or under a placement order in the year
 * has its decision even when it was made in an earlier year (551, 553, 555). One reversed after 31
 * March still stood then: DATE_PLACED_CEASED and REASON_PLACED_CEASED blank.
 */
export function placedForAdoptionForYear<P extends { datePlaced: string | null; datePlacedCeased: string | null; reasonPlacedCeased: string | null }>(
  p: P,
  year: number,
): P | null {
  const { start, end } = yearBounds(year)
  if (!openIn(p.datePlaced, p.datePlacedCeased, start, end)) return null
  return p.datePlacedCeased !== null && p.datePlacedCeased > end ? { ...p, datePlacedCeased: null, reasonPlacedCeased: null } : p
}

/**
 * The year's return from each child's stored record: the children it lists (an episode in the year,
 * or an OC3 row) and each table cut to its cohort as above, in the order given. With
 * allHistory, every child with an episode, OC2 or OC3 and every row as stored: the full history, which
 * re-imports to the same data. Both writers (CSV and XML) write what this gives.
 */
export function returnForYear(children: Iterable<Export903Child>, year: number, options: { allHistory?: boolean } = {}): Export903Child[] {
  yearBounds(year) // checks the year
  const out: Export903Child[] = []
  for (const child of children) {
    if (options.allHistory === true) {
      const episodes = [...child.episodes].sort(byStart)
      if (episodes.length > 0 || (child.oc2 ?? null) !== null || (child.oc3 ?? null) !== null) out.push({ ...child, episodes })
      continue
    }
    const episodes = episodesForYear(child.episodes, year)
    // OC2 is for children in care at 31 March, so only an OC3 lists a child without an episode.
    if (episodes.length === 0 && (child.oc3 ?? null) === null) continue
    const t = child.tables ?? {}
    const cut = <T>(rows: ReadonlyArray<T> | undefined, keep: (r: T) => T | null): T[] =>
      (rows ?? []).flatMap((r) => {
        const kept = keep(r)
        return kept === null ? [] : [kept]
      })
    // Rule 1012: a child with no episode in the year (an OC3 care leaver) has no other rows.
    const inCare = episodes.length > 0
    const tables: Export903Tables = inCare
      ? {
          reviews: cut(t.reviews, (r) => (reviewInYear(r, year) ? r : null)),
          missingEpisodes: cut(t.missingEpisodes, (m) => missingForYear(m, year)),
          adoption: adoptedInYear(child.episodes, year) ? (t.adoption ?? null) : null,
          placedForAdoption: cut(t.placedForAdoption, (p) => placedForAdoptionForYear(p, year)),
          previousPermanence: startedCareInYear(child.episodes, year) ? (t.previousPermanence ?? null) : null,
          socialWorkerEpisodes: cut(t.socialWorkerEpisodes, (w) => socialWorkerEpisodeForYear(w, year)),
        }
      : {}
    out.push({ ...child, episodes, ...(inCare ? {} : { oc2: null }), tables })
  }
  return out
}
