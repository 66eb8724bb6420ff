/**
 * An action's due date may be re-set; every change is kept with its reason and the day it was made,
 * so the board can see how far a deadline has moved.
 */
import { isIsoDate } from '../dates/calendar.ts'
import { parseByWhen } from './due-date.ts'
import type { ByWhen } from './due-date.ts'

export interface DueDateChange {
  from: string | null
  /** The By When wording before the change. */
  fromWording: string
  to: string | null
  toWording: string
  /** Why it moved. Null only for changes read from an imported cell, which does not say. */
  reason: string | null
  /** The day the change was made. Null only for changes read from an imported cell. */
  changedOn: string | null
}

export interface DueDateState {
  byWhen: string
  dueDate: string | null
  history: readonly DueDateChange[]
}

/**
 * The re-sets written into one By When cell ("Oct/Nov 2025 Spring 2026"), oldest first. The cell does
 * not say why or when, so reason and changedOn are null.
 */
export function dueDateChangesInWording(byWhen: ByWhen): DueDateChange[] {
  const chain = byWhen.phrases.filter((p) => p.role === 'superseded' || p.role === 'due')
  const changes: DueDateChange[] = []
  for (let i = 1; i < chain.length; i++) {
    const before = chain[i - 1]
    const after = chain[i]
    if (before === undefined || after === undefined) continue
    changes.push({
      from: before.to,
      fromWording: before.text,
      to: after.to,
      toWording: after.text,
      reason: null,
      changedOn: null,
    })
  }
  return changes
}

export interface DueDateReset {
  /** The new By When wording, e.g. "End of summer term 2026". */
  byWhen: string
  /** The new due date; when left out it is read from the wording. */
  dueDate?: string | null
  reason: string
  changedOn: string
}

/**
 * Re-sets the due date and appends the change to the history. Throws RangeError when the reason is
 * blank or a date is not 'YYYY-MM-DD': a re-set without a reason is exactly what the history is for
 * catching.
 */
export function resetDueDate(current: DueDateState, reset: DueDateReset): DueDateState {
  const reason = reset.reason.trim()
  if (reason === '') throw new RangeError('a due date re-set needs a reason')
  if (!isIsoDate(reset.changedOn)) throw new RangeError(`changedOn is not a date: ${JSON.stringify(reset.changedOn)}`)
  const to = reset.dueDate === undefined ? parseByWhen(reset.byWhen).dueDate : reset.dueDate
  if (to !== null && !isIsoDate(to)) throw new RangeError(`dueDate is not a date: ${JSON.stringify(to)}`)
  const change: DueDateChange = {
    from: current.dueDate,
    fromWording: current.byWhen,
    to,
    toWording: reset.byWhen.trim(),
    reason,
    changedOn: reset.changedOn,
  }
  return { byWhen: reset.byWhen.trim(), dueDate: to, history: [...current.history, change] }
}
