/**
 * Turns what a caller sends for an action into the stored columns, with the same readings the import
 * uses: a status from its wording, lead officers from the cell, a due date from the By When wording.
 * A value that cannot be read is refused with a 422 naming the field.
 */
import { parseByWhen, type ByWhenKind } from '../../domain/action-plan/due-date.ts'
import type { DatePrecision } from '../../domain/action-plan/date-phrases.ts'
import { splitLeadOfficers } from '../../domain/action-plan/lead-officers.ts'
import { readStatus, STATUS_LABELS } from '../../domain/action-plan/status.ts'
import type { ActionStatus, RagColour } from '../../domain/action-plan/types.ts'
import { unprocessable } from '../../http/problem.ts'

export interface StatusFields {
  status: ActionStatus
  statusWording: string
  statusQualifier: string | null
  writtenRag: RagColour | null
}

/**
 * The status from what was sent: the canonical status wins; wording alone is read like an imported
 * cell and must name a status. Neither: not started.
 */
export function statusFields(status: ActionStatus | undefined, wording: string | undefined): StatusFields {
  if (wording === undefined) {
    const s = status ?? 'not_started'
    return { status: s, statusWording: STATUS_LABELS[s], statusQualifier: null, writtenRag: null }
  }
  const reading = readStatus(wording)
  if (status !== undefined) {
    if (reading.status !== null && reading.status !== status) {
      throw unprocessable('The status and its wording disagree.', [
        { in: 'body', pointer: '/statusWording', message: `reads as ${reading.status}, not ${status}` },
      ])
    }
    return { status, statusWording: reading.wording, statusQualifier: reading.qualifier, writtenRag: reading.colour }
  }
  if (reading.status === null) {
    throw unprocessable('The status wording names no status we know.', [
      { in: 'body', pointer: '/statusWording', message: `${reading.finding?.message ?? 'not a status'}; send status as well` },
    ])
  }
  return { status: reading.status, statusWording: reading.wording, statusQualifier: reading.qualifier, writtenRag: reading.colour }
}

/** Lead officers from a list, from the cell as written, or both. */
export function leadFields(list: string[] | undefined, wording: string | undefined): { leadOfficers: string[]; leadOfficerWording: string } {
  const leadOfficers = list?.map((p) => p.trim()) ?? splitLeadOfficers(wording ?? '')
  return { leadOfficers, leadOfficerWording: wording?.trim() ?? leadOfficers.join(' / ') }
}

export interface DueFields {
  byWhen: string
  dueDate: string | null
  dueDateKind: ByWhenKind
  dueDatePrecision: DatePrecision | null
  commenceBy: string | null
}

/**
 * The due date from the By When wording and/or a date. A date sent wins over the wording; wording
 * sent alone must give a date, or say there is none by design ("Ongoing"), unless `allowUnread`.
 */
export function dueFields(byWhen: string | undefined, dueDate: string | null | undefined, allowUnread: boolean): DueFields {
  const wording = (byWhen ?? (typeof dueDate === 'string' ? dueDate : '')).trim()
  const read = parseByWhen(wording)
  const commenceBy = read.phrases.find((p) => p.role === 'commence')?.to ?? null
  if (dueDate === undefined) {
    if (read.kind === 'unparsed' && !allowUnread) {
      throw unprocessable('No due date could be read from the By When wording.', [
        { in: 'body', pointer: '/byWhen', message: `no date read from ${JSON.stringify(wording)}; send dueDate as well (null for none)` },
      ])
    }
    return { byWhen: wording, dueDate: read.dueDate, dueDateKind: read.kind, dueDatePrecision: read.precision, commenceBy }
  }
  if (dueDate === null) {
    if (read.kind === 'date') {
      throw unprocessable('dueDate is null but the By When wording gives a date.', [
        { in: 'body', pointer: '/dueDate', message: `is null, but ${JSON.stringify(wording)} is due ${read.dueDate}` },
      ])
    }
    return { byWhen: wording, dueDate: null, dueDateKind: read.kind, dueDatePrecision: null, commenceBy }
  }
  const precision = read.dueDate === dueDate ? read.precision : 'day'
  return { byWhen: wording, dueDate, dueDateKind: 'date', dueDatePrecision: precision, commenceBy }
}
