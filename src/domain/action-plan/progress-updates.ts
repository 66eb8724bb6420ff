/**
 * Splits a Progress Update cell into dated entries, keeping each entry's text verbatim.
 *
 * The board prefixes each update with the date it was given: "3/7/25 There will be ...",
 * "15/7/25 - Meeting ...", "Feb-26: The SDQ process ...", "01.10.25 Training delivered ...".
 * A date starts a new entry when it opens the cell, a line or a sentence AND text follows it; a date
 * inside a sentence ("meeting arranged for 30/7/25") or closing the cell ("... produced. Sept 2025")
 * belongs to the entry it sits in. Text before the first dated entry is an undated entry.
 *
 * An entry dated by a month ("Feb-26") has `date` = the 1st and `dateTo` = the last day of the month:
 * the update was given some time in that month, and the pair says so without inventing a day. Sort by
 * `date`; `precision` says how much of it to show. Date readings are those of date-phrases.ts (day
 * first, "7/25" = July 2025, two-digit years are 20YY).
 */
import { findDatePhrases } from './date-phrases.ts'
import type { DatePrecision } from './date-phrases.ts'

export interface ProgressEntry {
  /** The date label as written ("3/7/25", "Feb-26"); null for the undated entry. */
  dateWording: string | null
  /** First day the label can mean. */
  date: string | null
  /** Last day the label can mean (the same as `date` for a day). */
  dateTo: string | null
  precision: DatePrecision | null
  /** The entry exactly as written, label included, without surrounding whitespace. */
  text: string
  /** The text after the label and its separator (":", "-", "."). */
  body: string
}

const OPENS_LINE = /(?:^|\n)[ \t]*(?:[-•*][ \t]+)?$/
const BULLET = /(?:^|\n)([ \t]*[-•*][ \t]+)$/
const ENDS_SENTENCE = /[.!?]["')\]]?[ \t]+$/
const HAS_TEXT = /[\p{L}\p{N}]/u
const LABEL_SEPARATOR = /^\s*[:\-–—.,]?\s*/

export function splitProgressUpdates(cell: string): ProgressEntry[] {
  const starts = findDatePhrases(cell).flatMap((p) => {
    const before = cell.slice(0, p.index)
    const after = cell.slice(p.index + p.text.length)
    if (!(OPENS_LINE.test(before) || ENDS_SENTENCE.test(before)) || !HAS_TEXT.test(after)) return []
    // A bulleted entry ("- 12.03.25 ...") starts at its bullet.
    const bullet = BULLET.exec(before)?.[1] ?? ''
    return [{ phrase: p, start: p.index - bullet.length }]
  })

  const entries: ProgressEntry[] = []
  const preface = cell.slice(0, starts[0]?.start ?? cell.length).trim()
  if (preface !== '') {
    entries.push({ dateWording: null, date: null, dateTo: null, precision: null, text: preface, body: preface })
  }
  starts.forEach(({ phrase: p, start }, i) => {
    const text = cell.slice(start, starts[i + 1]?.start ?? cell.length).trim()
    const body = cell
      .slice(p.index + p.text.length, starts[i + 1]?.start ?? cell.length)
      .replace(LABEL_SEPARATOR, '')
      .trim()
    entries.push({ dateWording: p.text, date: p.from, dateTo: p.to, precision: p.precision, text, body })
  })
  return entries
}

/** Dated updates in date order, undated text (written before the first dated entry) first; then as written. */
export function compareUpdates(a: { date: string | null; seq: number }, b: { date: string | null; seq: number }): number {
  if (a.date !== b.date) {
    if (a.date === null) return -1
    if (b.date === null) return 1
    return a.date < b.date ? -1 : 1
  }
  return a.seq - b.seq
}
