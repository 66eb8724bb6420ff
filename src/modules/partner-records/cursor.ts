import { isIsoDate } from '../../domain/dates/calendar.ts'
import { badRequest } from '../../http/problem.ts'
import { RECORD_ID_PATTERN } from './schemas.ts'

/**
 * The cursor of a list of partner records ordered by a date and the record id (SDQ high scores, the
 * CAMHS waiting list): the last row's date and record id, opaque to the caller (base64url).
 */
export const encodeDateRecordCursor = (date: string, recordId: string) => Buffer.from(JSON.stringify([date, recordId])).toString('base64url')

const RECORD_ID = new RegExp(RECORD_ID_PATTERN)
const isRecordId = (v: unknown): v is string => typeof v === 'string' && v.length <= 100 && RECORD_ID.test(v)

/** Opaque to the caller, but it comes back from them: what it holds is checked like any input (a 400 when not one). */
export function decodeDateRecordCursor(cursor: string): { date: string; recordId: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2 && isIsoDate(v[0]) && isRecordId(v[1])) return { date: v[0], recordId: v[1] }
  } catch {
    // falls through to the 400
  }
  throw badRequest('The cursor is not one this service gave.', [{ in: 'querystring', pointer: '/cursor', message: 'is not a cursor from a previous page' }])
}
