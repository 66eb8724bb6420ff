/**
 * Maps what the board writes in its "RAG Status" column to a canonical status, keeping the wording.
 *
 * The 2025 plan writes statuses ("Complete", "In progress", "Awaiting start", "Delayed",
 * "Complete but ongoing monitoring required", "Complete. (Review where further issues are raised).").
 * Older plans write colours, read by the board's 2016 BRAG key:
 *   Blue = the task has been completed              -> complete
 *   Green = the task is on target                   -> in_progress
 *   Amber = off target with remedial action         -> delayed
 *   Red = yet to be planned/started/progressed      -> not_started
 *   Grey = obsolete due to changes in process       -> obsolete
 *
 * Matching ignores case, spacing, underscores and hyphens between words. A known status may be
 * followed by a qualifier after a separator ("Complete – it has become BAU ..."): the status is read
 * from the start and the rest kept as the qualifier. A complete status whose qualifier speaks of
 * monitoring is complete_monitoring. Two statuses in a row ("Amber - Red") are ambiguous and, like
 * wording we do not know, give no status and a finding.
 */
import type { ActionStatus, TableFinding, RagColour } from './types.ts'

export interface StatusReading {
  /** The cell as written (trimmed). */
  wording: string
  status: ActionStatus | null
  /** What follows the status words, e.g. "(Review where further issues are raised)." */
  qualifier: string | null
  /** The colour, when the wording is a colour (older plans). */
  colour: RagColour | null
  /** Set when no status could be read; row and ref are for the caller to fill in. */
  finding: TableFinding | null
}

const words: ReadonlyArray<readonly [string, ActionStatus, RagColour | null]> = [
  ['complete', 'complete', null],
  ['completed', 'complete', null],
  ['done', 'complete', null],
  ['achieved', 'complete', null],
  ['complete monitoring', 'complete_monitoring', null],
  ['in progress', 'in_progress', null],
  ['inprogress', 'in_progress', null],
  ['ongoing', 'in_progress', null],
  ['on going', 'in_progress', null],
  ['on track', 'in_progress', null],
  ['on target', 'in_progress', null],
  ['started', 'in_progress', null],
  ['underway', 'in_progress', null],
  ['under way', 'in_progress', null],
  ['delayed', 'delayed', null],
  ['off track', 'delayed', null],
  ['off target', 'delayed', null],
  ['behind schedule', 'delayed', null],
  ['overdue', 'delayed', null],
  ['not started', 'not_started', null],
  ['not yet started', 'not_started', null],
  ['yet to start', 'not_started', null],
  ['awaiting start', 'awaiting_start', null],
  ['awaiting', 'awaiting_start', null],
  ['pending', 'awaiting_start', null],
  ['pending start', 'awaiting_start', null],
  ['obsolete', 'obsolete', null],
  ['withdrawn', 'obsolete', null],
  ['superseded', 'obsolete', null],
  ['no longer required', 'obsolete', null],
  ['cancelled', 'obsolete', null],
  ['canceled', 'obsolete', null],
  ['blue', 'complete', 'blue'],
  ['green', 'in_progress', 'green'],
  ['amber', 'delayed', 'amber'],
  ['red', 'not_started', 'red'],
  ['grey', 'obsolete', 'grey'],
  ['gray', 'obsolete', 'grey'],
]

// Longest first, so "complete monitoring" is tried before "complete" and "pending start" before "pending".
const matchers = [...words]
  .sort((a, b) => b[0].length - a[0].length)
  .map(([phrase, status, colour]) => ({
    // Words may be separated by spaces, underscores or hyphens; the phrase must end at a non-letter.
    pattern: new RegExp(`^${phrase.split(' ').join('[\\s_-]+')}(?![\\p{L}\\p{N}/])`, 'iu'),
    status,
    colour,
  }))

function matchStart(text: string): { status: ActionStatus; colour: RagColour | null; rest: string } | null {
  for (const m of matchers) {
    const hit = m.pattern.exec(text)
    if (hit !== null) return { status: m.status, colour: m.colour, rest: text.slice(hit[0].length) }
  }
  return null
}

const LEADING_SEPARATORS = /^[\s.,:;–—-]+/

export function readStatus(wording: string): StatusReading {
  const text = wording.trim()
  const fail = (code: 'unknown_status' | 'ambiguous_status' | 'missing_status', message: string): StatusReading => ({
    wording: text,
    status: null,
    qualifier: null,
    colour: null,
    finding: {
      severity: 'warning',
      code,
      message,
      row: null,
      ref: null,
      field: 'RAG Status',
      value: text,
    },
  })
  if (text === '') return fail('missing_status', 'no status written')

  const hit = matchStart(text)
  if (hit === null) return fail('unknown_status', `status wording not recognised: ${JSON.stringify(text)}`)
  const qualifier = hit.rest.replace(LEADING_SEPARATORS, '').trim()
  if (qualifier === '') return { wording: text, status: hit.status, qualifier: null, colour: hit.colour, finding: null }

  const second = matchStart(qualifier)
  if (second !== null && second.status !== hit.status) {
    return fail('ambiguous_status', `status wording names two statuses: ${JSON.stringify(text)}`)
  }
  const status = hit.status === 'complete' && /\bmonitor/i.test(qualifier) ? 'complete_monitoring' : hit.status
  return { wording: text, status, qualifier, colour: hit.colour, finding: null }
}

/** The wording stored with a status sent without any. */
export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  not_started: 'Not started',
  awaiting_start: 'Awaiting start',
  in_progress: 'In progress',
  delayed: 'Delayed',
  complete: 'Complete',
  complete_monitoring: 'Complete but ongoing monitoring required',
  obsolete: 'Obsolete',
}
