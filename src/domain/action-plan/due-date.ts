/**
 * Reads the "By When" cell of the board's table into a due date, keeping the wording.
 *
 * A month is due on its last day: "Nov 2026" is met by anything done in November, so it is not late
 * until 1 December. The same holds for seasons and terms (see date-phrases.ts for every reading rule):
 *   "End of June 2026" -> 2026-06-30     "Nov 2026" -> 2026-11-30      "31/03/2026" -> 2026-03-31
 *   "End of spring term 2026" -> 2026-04-02 (the Thursday before Good Friday)
 *   "Summer 2026" -> 2026-08-31          "Ongoing Monitoring Required" -> no date, kind 'ongoing'
 *
 * The board re-sets dates in the same cell: "Oct/Nov 2025 Spring 2026" (the progress update says the
 * date moved to spring 2026 from November 2025). The last date written is the due date and the earlier
 * ones are kept as superseded. A date introduced by "commence"/"start"/"begin" ("Commence by 30th June
 * 2025 Dec 2025 complete") is a start milestone, not the due date.
 */
import { findDatePhrases } from './date-phrases.ts'
import type { DatePhrase, DatePrecision } from './date-phrases.ts'

/**
 * 'date': a due date was read. 'ongoing': no end date by design ("Ongoing Monitoring Required").
 * 'none': the cell is blank. 'unparsed': there is wording but no due date could be read from it.
 */
export type ByWhenKind = 'date' | 'ongoing' | 'none' | 'unparsed'

/** 'due': the due date; 'superseded': an earlier due date written before it; 'commence': a start milestone. */
export type DatePhraseRole = 'due' | 'superseded' | 'commence'

export interface ByWhenPhrase extends DatePhrase {
  role: DatePhraseRole
}

export interface ByWhen {
  /** The cell as written (trimmed). */
  wording: string
  kind: ByWhenKind
  dueDate: string | null
  precision: DatePrecision | null
  /** Every date phrase in the wording, in order, with the part it plays. */
  phrases: ByWhenPhrase[]
}

const ONGOING = /\b(?:on-?going|continuous|continual|bau|business as usual|as required|rolling)\b/i
const COMMENCE = /\b(?:commenc\w*|start\w*|begin\w*|began)\b/i

export function parseByWhen(wording: string): ByWhen {
  const text = wording.trim()
  if (text === '') return { wording: text, kind: 'none', dueDate: null, precision: null, phrases: [] }

  const found = findDatePhrases(text)
  let previousEnd = 0
  const phrases: ByWhenPhrase[] = found.map((p) => {
    const before = text.slice(previousEnd, p.index)
    previousEnd = p.index + p.text.length
    return { ...p, role: COMMENCE.test(before) ? 'commence' : 'due' }
  })
  const dues = phrases.filter((p) => p.role === 'due')
  const due = dues[dues.length - 1]
  for (const p of dues) if (p !== due) p.role = 'superseded'

  if (due !== undefined) return { wording: text, kind: 'date', dueDate: due.to, precision: due.precision, phrases }
  const kind = phrases.length === 0 && ONGOING.test(text) ? 'ongoing' : 'unparsed'
  return { wording: text, kind, dueDate: null, precision: null, phrases }
}
