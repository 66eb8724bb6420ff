/**
 * Derives an action's RAG colour from its status and due date on a given day. Rules, first match wins:
 *
 * 1. An override with a non-blank reason wins (an override without a reason is not honoured).
 * 2. No status (wording we could not read): no colour.
 * 3. obsolete -> grey.
 * 4. complete -> blue (the board's BRAG key: "the task has been completed").
 *    complete_monitoring -> green: done, but still being watched, so it stays on the board as on target.
 * 5. Past due and not complete -> red. Due means "by the end of" the due date: an action due
 *    2026-03-31 is red from 2026-04-01.
 * 6. delayed -> amber ("off target with remedial action"); it turns red by rule 5 once past due.
 * 7. not_started / awaiting_start due within `dueSoonDays` (default 28) -> amber: the deadline is close
 *    and work has not begun.
 * 8. Otherwise (in progress on time; not started with a distant or no due date) -> green.
 */
import { daysBetween, isIsoDate } from '../dates/calendar.ts'
import type { ActionStatus, RagColour } from './types.ts'

export interface RagOverride {
  colour: RagColour
  reason: string
  setOn?: string | null
  setBy?: string | null
}

export interface RagInput {
  status: ActionStatus | null
  dueDate: string | null
  /** The day the colour is for. */
  asAt: string
  override?: RagOverride | null
  /** How close a deadline must be for an action not yet started to turn amber. Default 28. */
  dueSoonDays?: number
}

export type RagBasis =
  'override' | 'unknown_status' | 'obsolete' | 'complete' | 'complete_monitoring' | 'past_due' | 'delayed' | 'due_soon_not_started' | 'on_track'

export interface RagResult {
  /** The colour to show: the override's when honoured, else the derived one. */
  colour: RagColour | null
  /** The colour the rules give, whatever the override. */
  derived: RagColour | null
  /** Which rule gave `colour`. */
  basis: RagBasis
  overridden: boolean
  overrideReason: string | null
  /** True when an override was given without a reason and so ignored. */
  overrideIgnored: boolean
}

const DEFAULT_DUE_SOON_DAYS = 28

function derive(status: ActionStatus | null, dueDate: string | null, asAt: string, dueSoonDays: number) {
  const rule = (colour: RagColour | null, basis: RagBasis) => ({ colour, basis })
  if (status === null) return rule(null, 'unknown_status')
  if (status === 'obsolete') return rule('grey', 'obsolete')
  if (status === 'complete') return rule('blue', 'complete')
  if (status === 'complete_monitoring') return rule('green', 'complete_monitoring')
  const daysLeft = dueDate === null ? null : daysBetween(asAt, dueDate)
  if (daysLeft !== null && daysLeft < 0) return rule('red', 'past_due')
  if (status === 'delayed') return rule('amber', 'delayed')
  if ((status === 'not_started' || status === 'awaiting_start') && daysLeft !== null && daysLeft <= dueSoonDays) {
    return rule('amber', 'due_soon_not_started')
  }
  return rule('green', 'on_track')
}

export function deriveRag(input: RagInput): RagResult {
  if (!isIsoDate(input.asAt)) throw new RangeError(`asAt is not a date: ${JSON.stringify(input.asAt)}`)
  if (input.dueDate !== null && !isIsoDate(input.dueDate)) {
    throw new RangeError(`dueDate is not a date: ${JSON.stringify(input.dueDate)}`)
  }
  const dueSoonDays = input.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS
  const derived = derive(input.status, input.dueDate, input.asAt, dueSoonDays)
  const override = input.override ?? null
  const reason = override?.reason.trim() ?? ''
  if (override !== null && reason !== '') {
    return {
      colour: override.colour,
      derived: derived.colour,
      basis: 'override',
      overridden: true,
      overrideReason: reason,
      overrideIgnored: false,
    }
  }
  return {
    colour: derived.colour,
    derived: derived.colour,
    basis: derived.basis,
    overridden: false,
    overrideReason: null,
    overrideIgnored: override !== null,
  }
}

/** What an action's colour is derived from, as stored: status, due date and any override. */
export interface ActionRagFields {
  status: ActionStatus | null
  dueDate: string | null
  ragOverride: RagColour | null
  ragOverrideReason: string | null
}

/** Statuses that are finished: such an action is never overdue. */
const DONE: ReadonlySet<ActionStatus> = new Set(['complete', 'complete_monitoring', 'obsolete'])

/** Past its due date on `asAt` (due means "by the end of" that day) and not complete or obsolete. */
export function isOverdue(item: Pick<ActionRagFields, 'dueDate' | 'status'>, asAt: string): boolean {
  return item.dueDate !== null && item.dueDate < asAt && (item.status === null || !DONE.has(item.status))
}

/** A stored action's colour on `asAt`: its override counts only with a reason (rule 1). */
export function ragOf(item: ActionRagFields, asAt: string): RagResult {
  const override = item.ragOverride !== null && item.ragOverrideReason !== null ? { colour: item.ragOverride, reason: item.ragOverrideReason } : null
  return deriveRag({ status: item.status, dueDate: item.dueDate, asAt, override })
}
